"""The all-cases list in the Wagtail admin (issue 13): who sees what, search, filters, export.

The list, its count, its search results and its export hold exactly the cases THE visibility rule
(``cases.selectors``) gives the signed-in person; a conduct complaint never reaches the official
or the unit it is about, whatever they search for.
"""

import datetime
import json
import re
from io import BytesIO
from urllib.parse import quote, quote_plus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from openpyxl import load_workbook

from cases.models import Case, CaseKind, Petitioner
from cases.rules import status as st
from cases.selectors import NOTHING, case_list_for_user
from mediation.workbench.access import CaseWorkBackend, has_case_work
from mediation.workbench.filters import case_search
from tests.factories import UserFactory, VillageFactory
from tests.mediation.factories import routed_case

pytestmark = pytest.mark.django_db
LIST = "/admin/cases/"
CODE = re.compile(r"/staff/cases/(LH[0-9A-Z]{10})/")


@pytest.fixture
def world(org):
    u, leaders = org.units, org.leaders
    cases = {
        "normal": routed_case(
            lead=u["agri"], assisting=[u["east"]], owner=leaders["li"], request="村道破损甲7K", village=org.village
        ),
        "legal": routed_case(lead=u["legal"], request="法律援助申请乙3T", service="legal_aid", channel="phone"),
        "conduct_unit": routed_case(
            lead=u["discipline"],
            kind=CaseKind.CONDUCT,
            is_conduct_complaint=True,
            accused_units=[u["urban"]],
            assisting=[u["agri"]],
            owner=leaders["chen"],
            request="举报城建办丙8M",
            service="complaint",
        ),
        "conduct_person": routed_case(
            lead=u["discipline"],
            kind=CaseKind.CONDUCT,
            is_conduct_complaint=True,
            accused_persons=[org.people["agri", "handler"]],
            request="举报干部丁9P",
            service="complaint",
        ),
        "about_east": routed_case(
            lead=u["agri"], assisting=[u["east"]], accused_units=[u["east"]], request="反映联村组戊4Q"
        ),
    }
    return org, cases


def _codes(response) -> set[str]:
    assert response.status_code == 200
    return set(CODE.findall(response.content.decode()))


def _export(client, query: str = "", fmt: str = "xlsx"):
    response = client.get(f"{LIST}?{query}&export={fmt}")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    if fmt == "csv":
        return content.decode()
    sheet = load_workbook(BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _without_echo(body: str, query: str) -> str:
    """The page shows the query back (search box, export links): that is not what the server knows."""
    for echo in (query, escape(query), quote_plus(query), quote(query)):
        body = body.replace(echo, "")
    return body


def _login(client, user):
    client.force_login(user)
    return client


# --- who sees what ------------------------------------------------------------------------------

ROLES = [
    ("agri", "handler"),  # accused in conduct_person; assists conduct_unit (conduct: not for it)
    ("agri", "head"),
    ("urban", "handler"),  # its unit is accused in conduct_unit
    ("urban", "head"),
    ("east", "clerk"),  # its unit is complained about in about_east
    ("petition", "clerk"),
    ("discipline", "handler"),
    ("legal", "handler"),
]
LEADERS = ["li", "zhang", "chen", "liu"]
# (role, case) pairs that must never meet, whatever the grants: the accused and their units.
NEVER = {
    ("agri.handler", "conduct_person"),
    ("urban.handler", "conduct_unit"),
    ("urban.head", "conduct_unit"),
    ("leader.zhang", "conduct_unit"),  # supervises the accused unit
    ("east.clerk", "about_east"),
    ("leader.li", "about_east"),  # chief of the east area
}


def _people(org):
    people = {f"{unit}.{role}": org.people[unit, role] for unit, role in ROLES}
    people |= {f"leader.{name}": org.leaders[name].user for name in LEADERS}
    people["director"] = org.director.user
    return people


def test_list_count_search_and_export_hold_exactly_the_visible_cases(client, world):
    org, cases = world
    code_of = {key: case.tracking_code for key, case in cases.items()}
    for name, user in _people(org).items():
        _login(client, user)
        expected = set(case_list_for_user(user).values_list("tracking_code", flat=True))
        response = client.get(LIST)
        assert _codes(response) == expected, name
        assert response.context["paginator"].count == len(expected), name
        exported = {row[0].replace("-", "") for row in _export(client)[1:]}
        assert exported == expected, name
        csv = _export(client, fmt="csv")
        for key, code in code_of.items():
            if (name, key) in NEVER:
                assert code not in expected, (name, key)
                marker = cases[key].request
                # Searching by the code, the request text or the petitioner finds nothing ...
                for query in (code, cases[key].display_code, marker, "王大伯"):
                    found = client.get(LIST, {"q": query})
                    assert _codes(found) <= expected, (name, key, query)
                    body = _without_echo(found.content.decode(), query)
                    assert code not in body, (name, key, query)
                    assert marker not in body, (name, key, query)
                # ... and neither export nor count knows of it.
                assert code not in csv
                assert marker not in csv


def test_the_matrix_expectations_hold(world):
    """The rule itself, spelled out for the conduct complaints (not read back from the selector)."""
    org, cases = world
    people = _people(org)
    sees = lambda who, key: case_list_for_user(people[who]).filter(pk=cases[key].pk).exists()  # noqa: E731
    for who, key in NEVER:
        assert not sees(who, key), (who, key)
    assert sees("discipline.handler", "conduct_person")
    assert sees("director", "conduct_unit")
    assert sees("leader.chen", "conduct_unit")
    assert not sees("agri.head", "conduct_unit")  # assisting unit: not for a conduct complaint
    assert not sees("petition.clerk", "conduct_unit")
    assert sees("petition.clerk", "normal")
    assert sees("east.clerk", "normal")
    assert not sees("legal.handler", "normal")


def test_people_without_case_work_do_not_reach_the_list(client, world):
    org, cases = world
    _login(client, org.outsider)
    response = client.get(LIST)
    assert response.status_code in (302, 403)
    assert not CODE.findall(response.content.decode())
    assert not has_case_work(org.outsider)
    inactive = org.people["agri", "clerk"]
    inactive.is_active = False
    inactive.save()
    assert not CaseWorkBackend().has_perm(inactive, "wagtailadmin.access_admin")
    client.logout()
    assert client.get(LIST).status_code == 302


def test_case_staff_get_the_admin_for_case_work_only(client, world):
    org, _cases = world
    handler = org.people["agri", "handler"]
    assert handler.has_perm("wagtailadmin.access_admin")
    assert not CaseWorkBackend().has_perm(handler, "wagtailadmin.access_admin", obj=org.units["agri"])
    assert not CaseWorkBackend().has_perm(handler, "wagtailcore.add_page")
    assert not handler.has_perm("wagtailcore.add_page")
    assert org.leaders["liu"].user.has_perm("wagtailadmin.access_admin")  # a leader without a unit
    _login(client, handler)
    menu = _menu(client)
    assert "all-cases" in menu
    assert not menu & {"explorer", "images", "documents", "snippets", "reports", "help", "settings"}
    _login(client, UserFactory(username="site.admin", is_superuser=True, is_staff=True))
    assert {"all-cases", "help", "explorer"} <= _menu(client)


def _menu(client) -> set[str]:
    """The names of the admin's main menu items, as the sidebar receives them."""
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    props = json.loads(re.search(r'id="wagtail-sidebar-props"[^>]*>(.*?)</script>', body, re.S).group(1))
    (main,) = [m for m in props["modules"] if m["_type"] == "wagtail.sidebar.MainMenuModule"]
    names = [item["_args"][0]["name"] for item in main["_args"][0]]
    return {name["_val"] if isinstance(name, dict) else name for name in names}


def test_rows_link_to_the_staff_case_page_and_the_staff_pages_link_to_the_list(client, world):
    org, cases = world
    _login(client, org.people["agri", "head"])
    body = client.get(LIST).content.decode()
    assert f'href="/staff/cases/{cases["normal"].tracking_code}/"' in body
    assert "全部信访事项" in body
    assert f'href="{LIST}"' in client.get(reverse("staff:home")).content.decode()


def test_the_list_runs_under_the_content_security_policy_and_keeps_codes_on_one_line(client, world):
    """No inline script (the CSP would block it): native date inputs for the date ranges; the
    workbench stylesheet keeps a tracking code from wrapping on a phone."""
    org, cases = world
    _login(client, org.people["agri", "head"])
    body = client.get(LIST).content.decode()
    assert "initDateChooser" not in body
    for name in ("received_from", "received_to", "reply_due_from", "reply_due_to"):
        assert re.search(rf'<input type="date" name="{name}"', body), name
    assert "css/workbench.css" in body
    assert re.search(r'<td class="case-code title">', body)
    dated = client.get(LIST, {"received_from": "2000-01-01"}).content.decode()
    assert 'name="received_from" value="2000-01-01"' in dated


# --- search ----------------------------------------------------------------------------------------


def _found(client, query) -> set[str]:
    return _codes(client.get(LIST, {"q": query}))


def test_search_by_each_key(client, world):
    org, cases = world
    normal = cases["normal"]
    Petitioner.objects.filter(case=normal).update(name="赵铁柱", phone="13912345678", id_number="33068219800101123X")
    _login(client, org.director.user)
    code = normal.tracking_code
    assert _found(client, code) == {code}
    assert _found(client, normal.display_code) == {code}
    assert _found(client, normal.display_code.lower()) == {code}
    assert _found(client, f" {code[:2]}-{code[2:6]} ") >= {code}  # the start of a code
    assert _found(client, "赵铁柱") == {code}
    assert _found(client, "铁柱") == {code}  # part of a name
    assert _found(client, "13912345678") == {code}
    assert _found(client, "139-1234-5678") == {code}
    assert _found(client, "5678") == {code}
    assert _found(client, "33068219800101123x") == {code}
    assert _found(client, "塘角") == {code}  # the village
    assert _found(client, "破损") == {code}  # a word of the request (two characters)
    assert _found(client, "村道破损") == {code}
    assert _found(client, "村道 赵铁柱") == {code}  # every word must match
    assert _found(client, "村道 钱多多") == set()
    assert _found(client, "LH-22222-22222") - {code} == set()


def test_search_results_fragment_and_count_follow_the_rule(client, world):
    org, cases = world
    _login(client, org.people["urban", "head"])
    response = client.get(reverse("all_cases:index_results"), {"q": "举报"})
    assert response.status_code == 200
    assert response.context["paginator"].count == 0
    assert cases["conduct_unit"].tracking_code not in response.content.decode()
    _login(client, org.people["discipline", "head"])
    response = client.get(reverse("all_cases:index_results"), {"q": "举报"})
    assert response.context["paginator"].count == 2


def test_search_on_its_own_narrows_a_queryset(world):
    _org, cases = world
    everything = Case.objects.all()
    assert set(case_search(everything, "", hidden_people=NOTHING)) == set(everything)
    assert list(case_search(everything, "举报城建办", hidden_people=NOTHING)) == [cases["conduct_unit"]]
    assert list(case_search(everything.filter(pk=cases["normal"].pk), "举报", hidden_people=NOTHING)) == []


# --- filters ---------------------------------------------------------------------------------------


def test_filters(client, world):
    org, cases = world
    today = timezone.localdate()
    normal, legal = cases["normal"], cases["legal"]
    Case.objects.filter(pk=normal.pk).update(
        status=st.IN_PROGRESS,
        reply_due_on=today - datetime.timedelta(days=1),
        received_at=timezone.now() - datetime.timedelta(days=40),
        repeat_count=3,
    )
    Case.objects.filter(pk=legal.pk).update(status=st.REPLIED, reply_due_on=today - datetime.timedelta(days=1))
    normal.routing.leader_led = True
    normal.routing.save()
    _login(client, org.director.user)
    all_codes = {c.tracking_code for c in cases.values()}
    n, g = normal.tracking_code, legal.tracking_code
    conduct = {cases["conduct_unit"].tracking_code, cases["conduct_person"].tracking_code}
    old = (today - datetime.timedelta(days=45)).isoformat()
    checks = [
        ({"status": st.IN_PROGRESS}, {n}),
        ({"status": [st.IN_PROGRESS, st.REPLIED]}, {n, g}),
        ({"channel": "phone"}, {g}),
        ({"service": "complaint"}, conduct),
        ({"lead_unit": org.units["legal"].pk}, {g}),
        ({"owner": org.leaders["li"].pk}, {n}),
        ({"received_from": old, "received_to": (today - datetime.timedelta(days=30)).isoformat()}, {n}),
        ({"received_from": (today - datetime.timedelta(days=1)).isoformat()}, all_codes - {n}),
        ({"reply_due_to": (today - datetime.timedelta(days=1)).isoformat()}, {n, g}),
        ({"overdue": "true"}, {n}),  # the legal case was answered in time to stop the clock
        ({"overdue": "false"}, all_codes - {n}),
        ({"leader_led": "true"}, {n}),
        ({"repeat": "true"}, {n}),
        ({"repeat": "false"}, all_codes - {n}),
        ({"service": "complaint", "q": "城建办"}, {cases["conduct_unit"].tracking_code}),
    ]
    for params, expected in checks:
        assert _codes(client.get(LIST, params)) == expected, params


def test_filters_never_widen_the_rule(client, world):
    org, cases = world
    _login(client, org.people["urban", "head"])
    for params in ({"service": "complaint"}, {"lead_unit": org.units["discipline"].pk}, {"status": st.ASSIGNED}):
        assert cases["conduct_unit"].tracking_code not in _codes(client.get(LIST, params))


# --- export ----------------------------------------------------------------------------------------


def test_export_has_chinese_headers_and_real_dates(client, world):
    org, cases = world
    normal = cases["normal"]
    received = datetime.datetime(2026, 3, 2, 1, 30, tzinfo=datetime.UTC)  # 9:30 in Asia/Shanghai
    Case.objects.filter(pk=normal.pk).update(received_at=received, reply_due_on=datetime.date(2026, 3, 23))
    _login(client, org.people["agri", "head"])
    rows = _export(client, f"q={normal.tracking_code}")
    assert rows[0] == [
        "查询码",
        "受理时间",
        "渠道",
        "服务类型",
        "状态",
        "信访人",
        "村",
        "承办单位",
        "牵头领导",
        "领导领办",
        "答复期限",
        "反映次数",
        "诉求",
    ]
    assert len(rows) == 2
    row = rows[1]
    assert row[0] == normal.display_code
    assert row[1] == datetime.datetime(2026, 3, 2, 9, 30)  # noqa: DTZ001 -- a date-time cell, on the center's clock
    assert row[2:6] == ["来访", "信访", st.STATUS_LABELS[st.ASSIGNED], "王大伯"]
    assert row[6] == org.village.name
    assert row[7] == org.units["agri"].name
    assert row[8] == str(org.leaders["li"])
    assert row[9] == "否"
    assert row[10] == datetime.date(2026, 3, 23)  # a date cell
    assert row[11:] == [1, "村道破损甲7K"]


def test_export_of_a_case_without_routing_or_village(client, world):
    org, _cases = world
    bare = routed_case(lead=org.units["agri"], request="未分流的事项")
    bare.routing.delete()
    _login(client, org.director.user)
    rows = _export(client, "q=未分流")
    assert len(rows) == 2
    assert rows[1][6:9] == [None, None, None]


# --- cost ------------------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_count_does_not_grow_with_the_rows(client, world):
    org, _cases = world
    user = org.people["agri", "head"]
    _login(client, user)
    client.get(LIST)  # warm caches that are not per request
    few = (_queries(client, LIST), _queries(client, f"{LIST}?export=xlsx"), _queries(client, f"{LIST}?q=村道"))
    village = VillageFactory(code="xisha", name="西沙村", area=org.area)
    for i in range(12):
        routed_case(
            lead=org.units["agri"],
            owner=org.leaders["li"],
            village=village,
            request=f"村道第{i}段",
            phone=f"1390000{i:04d}",
        )
    many = (_queries(client, LIST), _queries(client, f"{LIST}?export=xlsx"), _queries(client, f"{LIST}?q=村道"))
    assert case_list_for_user(user).count() >= 14
    assert few == many
    assert many[0] <= 25


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram indexes exist on PostgreSQL only")
def test_postgresql_serves_words_from_trigram_indexes(world):
    """The indexes' expressions are the ones Django's ``icontains`` writes (else they serve nothing)."""
    _org, cases = world
    trigram = [
        (Case.objects.filter(request__icontains="城建办丙"), "case_request_trgm"),
        (Petitioner.objects.filter(name__icontains="王大伯"), "petitioner_name_trgm"),
        (Petitioner.objects.filter(phone__contains="0013800"), "petitioner_phone_trgm"),
        (Petitioner.objects.filter(id_number__icontains="330682"), "petitioner_id_number_trgm"),
    ]

    def plan(cursor, queryset) -> str:
        sql, params = queryset.values("pk").query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        return " ".join(row[0] for row in cursor.fetchall())

    with connection.cursor() as cursor:
        # On a table this small the planner may prefer any scan: leave it only a bitmap scan, which
        # needs an index whose expression is the lookup's (an ordering would let it walk another).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        for queryset, index in trigram:
            assert index in plan(cursor, queryset.order_by()), index
        cursor.execute("SET LOCAL enable_indexscan = on")
        assert "case_received_at" in plan(cursor, Case.objects.order_by("-received_at")[:50])
    assert list(case_search(Case.objects.all(), "举报城建办丙", hidden_people=NOTHING)) == [cases["conduct_unit"]]
