"""Reporter protection as a matrix (issue 16): every route, API operation and socket × every role.

The seeded world holds a named report (routed to a line office, picked, with a queue ticket, a
written reply and a warning slip), a named report about an official's conduct, an anonymous
report, a people's-mediation case and an ordinary petition of the same reporter (same phone).
Every read route the permission matrix knows (``tests/mediation/matrix.py``: pages, PDFs,
exports, the Wagtail admin's case lists, the API, the lobby's live screens) is called by every
person of the organisation, the accused and strangers included, and the first frame of every
websocket by every staff member. The reporter's name, phone, ID number (in full or masked) and
address reach only the staff who handle that report; nobody ever gets the anonymous report's
passphrase hash; and the petition of the same person never points at their report, by its
code or its request, except for those who may know who reported it.
"""

import json
import re
from types import SimpleNamespace

import pytest
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import Attachment, Case, CaseEvent, CaseKind, CaseLink, Petitioner, ReportCategory
from cases.rules import status as st
from cases.rules.privacy import mask_id_number
from departments.models import Unit
from intake.services import ticket_issue
from lobby import services as lobby_services
from mediation import services
from mediation.models import Reply
from tests.factories import UnitFactory, member
from tests.mediation import matrix
from tests.mediation.factories import ROLES, build_org, case_new, routed_case
from tests.mediation.test_permission_matrix import URLCONF, _covered_api_paths
from tests.pdftools import pdf_text

pytestmark = pytest.mark.django_db

REPORTER = ("赵铁柱", "13700001111", "330123199001015678", "桥头村七组九号")
CONDUCT_REPORTER = ("钱秘书", "13700002222", "330123198805054321", "镇东路十八号")
PASSPHRASE = "river-bank-2026"
MARKERS = {"report": "举报垃圾清运费矩阵R1", "conduct": "举报城建办矩阵R2", "anonymous": "匿名举报矩阵R3"}
# Cases whose printed papers are not rendered here (slow, and they hold no report): their pages are.
PRINTED_ELSEWHERE = {"mediation", "petition"}
# Who may know each reporter.
KNOWS = {
    "report": {"agri.handler", "agri.head", "director"},
    "conduct": {f"discipline.{role}" for role in ROLES} | {"director"},
}


@pytest.fixture(autouse=True)
def _urls(settings):
    settings.ROOT_URLCONF = URLCONF
    settings.RATE_LIMITS_ENABLED = False


def _named(case, person):
    name, phone, id_number, address = person
    Petitioner.objects.filter(case=case).update(name=name, phone=phone, id_number=id_number, address=address)


def _world():
    org = build_org()
    u = org.units
    u["committee"] = UnitFactory(code="mediation-committee", name="人民调解委员会", kind=Unit.Kind.MEDIATION_COMMITTEE)
    for role in ROLES:
        org.people["committee", role] = member(u["committee"], role, username=f"committee.{role}")
    handler = org.people["agri", "handler"]
    report = routed_case(
        lead=u["agri"],
        service="complaint",
        report_category=ReportCategory.VILLAGE_AFFAIRS,
        assisting=[u["east"]],
        owner=org.leaders["li"],
        status=st.IN_PROGRESS,
        picked_by=handler,
        village=org.village,
        request=MARKERS["report"],
    )
    _named(report, REPORTER)
    conduct = routed_case(
        lead=u["discipline"],
        service="complaint",
        kind=CaseKind.CONDUCT,
        is_conduct_complaint=True,
        accused_units=[u["urban"]],
        accused_persons=[org.people["agri", "clerk"]],
        owner=org.leaders["chen"],
        request=MARKERS["conduct"],
    )
    _named(conduct, CONDUCT_REPORTER)
    anonymous = routed_case(lead=u["agri"], service="complaint", request=MARKERS["anonymous"], village=org.village)
    Petitioner.objects.filter(case=anonymous).delete()
    Case.objects.filter(pk=anonymous.pk).update(is_anonymous=True, passphrase_hash=make_password(PASSPHRASE))
    anonymous.refresh_from_db()
    mediation = routed_case(
        lead=u["committee"], service="mediation", kind=CaseKind.MEDIATION, request="邻里宅基地纠纷矩阵M4"
    )
    # The reporter's own petition (same phone, another name on it): it must not lead to the report.
    petition = routed_case(lead=u["agri"], request="请求修复村口道路矩阵P5", phone=REPORTER[1], village=org.village)
    cases = {
        "report": report,
        "conduct": conduct,
        "anonymous": anonymous,
        "mediation": mediation,
        "petition": petition,
    }
    # The report is the reporter's third raising (two earlier petitions): a warning slip goes out.
    earlier = case_new(request="更早的事项", phone=REPORTER[1])
    CaseLink.objects.create(case=petition, earlier=report, similarity=0.6, matched_on="phone")
    Case.objects.filter(pk__in=[report.pk, conduct.pk]).update(repeat_count=3)
    services.warning_slips_sweep(today=timezone.localdate())
    Reply.objects.create(
        case=report,
        facts="查明矩阵",
        basis="依据",
        decision="决定",
        remedies="途径",
        drafted_by=handler,
        drafted_at=timezone.now(),
    )
    CaseEvent.objects.create(
        case=report, at=timezone.now(), actor=handler, kind="first_contact", data={"learned": "已电话联系"}
    )
    ticket_issue(service="complaint", case=report)
    _display, display_token = lobby_services.display_create(name="大厅电视")
    links, attachments = {}, {}
    for case in cases.values():
        links[case.pk] = CaseLink.objects.create(case=case, earlier=earlier, similarity=0.5, matched_on="phone").pk
        attachment = Attachment(case=case, original_name="a.pdf", content_type="application/pdf", size=8, sha256="0")
        attachment.file.save(f"{case.tracking_code}.pdf", ContentFile(b"%PDF-1.4"), save=True)
        attachments[case.pk] = attachment.pk
    roles = {"anonymous": None, "outsider": org.outsider, "director": org.director.user}
    roles |= {f"{key}.{role}": user for (key, role), user in org.people.items()}
    roles |= {f"leader.{name}": leader.user for name, leader in org.leaders.items()}
    return SimpleNamespace(
        org=org,
        cases=cases,
        roles=roles,
        links=links,
        attachments=attachments,
        display_token=display_token,
        tokens={name: services.api_token_issue(user=user)[1] for name, user in roles.items() if user is not None},
    )


def _ctx(world, role):
    user = world.roles[role]
    return SimpleNamespace(
        own_units=[] if user is None else list(user.memberships.values_list("unit__code", flat=True)),
        links=world.links,
        attachments=world.attachments,
        delegation=0,
        any_unit=world.org.units["legal"].pk,
        any_user=world.org.director.user.pk,
        accused=False,
    )


def _fills(call, ctx, case) -> list[dict]:
    try:
        return call.fills(ctx, case)
    except Petitioner.DoesNotExist:  # the anonymous report has nobody to search by
        return []


def _requests(world, role):
    """(case key, method, url, data, is_api) of every read the matrix knows, for each case."""
    ctx = _ctx(world, role)
    covered = _covered_api_paths()
    for route in matrix.routes(URLCONF):
        if matrix.classify(route, covered) != "call" or not matrix.CALLS[route.name].is_read:
            continue
        call = matrix.CALLS[route.name]
        for key, case in world.cases.items():
            if route.route.endswith(".pdf") and key in PRINTED_ELSEWHERE:
                continue
            for kwargs in _fills(call, ctx, case):
                url = reverse(route.name, kwargs=kwargs) if kwargs else reverse(route.name)
                try:
                    data = call.data(ctx, case) if call.data else None
                except Petitioner.DoesNotExist:
                    continue
                yield key, call.method, url, data, False
    for (api_route, method), call in matrix.API_CALLS.items():
        if not call.is_read:
            continue
        for key, case in world.cases.items():
            for kwargs in call.fills(ctx, case):
                query = kwargs.pop("?", "")
                url = api_route.format(**kwargs) + (f"?{query}" if query else "")
                yield key, method, url, (call.data(ctx, case) if call.data else None), True
    # Exports and searches of the all-cases list, the lobby's public screen.
    for suffix in ("?export=csv", "?export=xlsx", f"?q={REPORTER[1]}", f"?q={REPORTER[0]}"):
        yield None, "get", f"/admin/cases/{suffix}", None, False
    yield None, "get", reverse("lobby:display-snapshot", args=[world.display_token]), None, False
    yield None, "get", reverse("lobby:display", args=[world.display_token]), None, False


def _send(world, role, client, method, url, data, is_api):
    if is_api:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens[role]}"} if role in world.tokens else {}
        body = json.dumps(data) if data is not None else ""
        return client.generic(method.upper(), url, body, content_type="application/json", **headers)
    return client.post(url, data or {}) if method == "post" else client.get(url)


def _text(response, tmp_path) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content.startswith(b"%PDF-") and len(content) > 100:  # a printed paper (not an attachment's stand-in)
        return pdf_text(content, tmp_path)
    if content.startswith(b"PK"):  # a spreadsheet: its shared strings
        import io
        import zipfile

        with zipfile.ZipFile(io.BytesIO(content)) as book:
            return "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xml"))
    return content.decode(errors="replace")


def _identity(person) -> list[str]:
    name, phone, id_number, address = person
    return [name, phone, id_number, mask_id_number(id_number), address]


def _report_pointers(world, key) -> list[str]:
    case = world.cases[key]
    return [case.tracking_code, case.display_code, MARKERS[key]]


def test_no_route_tells_anyone_but_its_handlers_who_reported(tmp_path):
    world = _world()
    hash_ = world.cases["anonymous"].passphrase_hash
    seen: dict[str, set[str]] = {"report": set(), "conduct": set()}
    problems: list[str] = []
    sent = 0
    for role in world.roles:
        client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
        if world.roles[role] is not None:
            client.force_login(world.roles[role])
        done = set()
        for key, method, url, data, is_api in _requests(world, role):
            signature = (method, url, json.dumps(data, sort_keys=True, default=str))
            if signature in done:
                continue
            done.add(signature)
            response = _send(world, role, client, method, url, data, is_api)
            sent += 1
            where = f"{role} {method.upper()} {url}"
            if response.status_code >= 500:
                problems.append(f"{where}: {response.status_code}")
                continue
            text = _text(response, tmp_path) if response.status_code == 200 else response.content.decode()
            if hash_ in text or PASSPHRASE in text:
                problems.append(f"{where}: the anonymous report's passphrase (hash)")
            for which, person in (("report", REPORTER), ("conduct", CONDUCT_REPORTER)):
                # The reporter's own petition names them, rightly, to whoever sees it.
                own_petition = key == "petition" and which == "report"
                leaked = [v for v in _identity(person) if v in text]
                # A search echoes the words searched for: there, finding the report is the leak (below).
                if leaked and not own_petition and "q=" not in url:
                    seen[which].add(role)
                    if role not in KNOWS[which]:
                        problems.append(f"{where}: {leaked} of the {which} reporter")
            if key == "petition" or (key is None and "q=" in url):
                # The person's other cases, repeat links, searches by them: never their report.
                pointers = [p for p in _report_pointers(world, "report") if p in re.sub(r"q=[^&\"]*", "", text)]
                if pointers and role not in KNOWS["report"]:
                    problems.append(f"{where}: the petition points at the report {pointers}")
    assert problems == [], "\n".join(problems)
    assert sent > 1500  # the matrix really ran
    # The gate does not hide the reporter from the staff who handle the report.
    assert seen["report"] == KNOWS["report"]
    assert seen["conduct"] == KNOWS["conduct"]


@pytest.mark.django_db(transaction=True)
async def test_no_socket_tells_anyone_who_reported():
    from asgiref.sync import sync_to_async
    from channels.testing import WebsocketCommunicator

    from tests.center.test_websocket import ORIGIN, session_cookie_for
    from tests.mediation.test_permission_matrix import _asgi

    world = await sync_to_async(_world)()
    application = _asgi()
    checked = 0
    for role, user in world.roles.items():
        if user is None:
            continue
        cookie = await sync_to_async(session_cookie_for)(user)
        ctx = await sync_to_async(_ctx)(world, role)
        urls = {f"/ws/lobby/{world.display_token}/"}
        for pattern in matrix.websocket_patterns():
            call = matrix.WEBSOCKET_CALLS.get(pattern.name)
            if call is None:
                if "<" not in str(pattern.pattern):
                    urls.add("/" + str(pattern.pattern))
                continue
            for case in world.cases.values():
                for kwargs in await sync_to_async(call.fills)(ctx, case):
                    url = "/" + str(pattern.pattern)
                    for name, value in kwargs.items():
                        url = re.sub(rf"<(?:\w+:)?{name}>", value, url)
                    urls.add(url)
        for url in sorted(urls):
            ws = WebsocketCommunicator(application, url, headers=[ORIGIN, (b"cookie", cookie)])
            connected, _code = await ws.connect()
            checked += 1
            if not connected:
                continue
            output = await ws.receive_output(timeout=2)
            text = json.dumps(json.loads(output.get("text") or "{}"), ensure_ascii=False)
            for which, person in (("report", REPORTER), ("conduct", CONDUCT_REPORTER)):
                if role not in KNOWS[which]:
                    assert not [v for v in _identity(person) if v in text], (role, url, which)
            await ws.disconnect()
    assert checked > 100
