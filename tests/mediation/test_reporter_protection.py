"""Reporter protection (举报人保护, issue 16): who × surface.

A report's reporter (name, phone, ID number, address) is known only to the staff who handle it:
the director; for a report about an official's conduct, the discipline office; otherwise the head
of the lead unit and the handler who picked it. Every surface that shows or searches petitioners
is asked, for every person of the organisation: the case page's petitioner panel and the
"other cases" of the same person, the desk's case page, its search by phone, the all-cases
list, its search and its export, the assignment sheet, the acknowledgement, the reply letter,
the API and the live screens. The gate is one rule (``cases.permissions.reporter_identity_visible``,
and ``cases.selectors.reporter_hidden_q`` as a Q); both are checked to agree.
"""

import pytest
from django.contrib.auth.hashers import make_password
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.errors import NotAllowed
from cases.models import Case, CaseKind, Petitioner
from cases.permissions import reporter_identity_visible, viewer_for
from cases.rules import status as st
from cases.rules.privacy import mask_id_number
from cases.selectors import reporter_hidden_q
from mediation import services
from mediation.models import Reply
from tests.mediation.factories import routed_case
from tests.pdftools import pdf_text

pytestmark = pytest.mark.django_db

NAMED = ("赵铁柱", "13700001111", "330123199001015678", "桥头村七组九号")
CONDUCT = ("钱秘书", "13700002222", "", "")
LIST = "/admin/cases/"


@pytest.fixture(autouse=True)
def _no_limits(settings):
    settings.RATE_LIMITS_ENABLED = False


def _name_petitioner(case, name, phone, id_number, address):
    Petitioner.objects.filter(case=case).update(name=name, phone=phone, id_number=id_number, address=address)


@pytest.fixture
def world(org):
    u = org.units
    handler = org.people["agri", "handler"]
    report = routed_case(
        lead=u["agri"],
        service="complaint",
        assisting=[u["east"]],
        status=st.IN_PROGRESS,
        picked_by=handler,
        village=org.village,
        request="举报村里垃圾清运费被挪用",
    )
    _name_petitioner(report, *NAMED)
    conduct = routed_case(
        lead=u["discipline"],
        service="complaint",
        kind=CaseKind.CONDUCT,
        is_conduct_complaint=True,
        accused_units=[u["urban"]],
        request="举报城建办干部吃拿卡要",
    )
    _name_petitioner(conduct, *CONDUCT)
    # The same reporter's ordinary petition: its own petitioner is known to whoever sees it.
    petition = routed_case(lead=u["agri"], request="请求修复村口道路", phone=NAMED[1])
    anonymous = routed_case(lead=u["agri"], service="complaint", request="匿名举报账目不公开")
    Petitioner.objects.filter(case=anonymous).delete()
    Case.objects.filter(pk=anonymous.pk).update(is_anonymous=True, passphrase_hash=make_password("river-bank-2026"))
    cases = {"report": report, "conduct": conduct, "petition": petition, "anonymous": anonymous}
    return org, cases


def _people(org):
    users = {f"{unit}.{role}": user for (unit, role), user in org.people.items()}
    users["director"] = org.director.user
    users |= {f"leader.{key}": leader.user for key, leader in org.leaders.items()}
    users["outsider"] = org.outsider
    return users


# Who may know each reporter: nobody else, whatever else they see of the case.
KNOWS = {
    "report": {"agri.handler", "agri.head", "director"},
    "conduct": {"discipline.clerk", "discipline.handler", "discipline.head", "director"},
}


def _client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    return client


def _text(response, tmp_path) -> str:
    if response.status_code != 200:
        return ""
    if response.get("Content-Type", "").startswith("application/pdf"):
        return pdf_text(response.content, tmp_path)
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode()


def _surfaces(case, person):
    """(surface, method, url, data) for one case and one person (name, phone, id number, address)."""
    name, phone = person[0], person[1]
    code = case.tracking_code
    return [
        ("case page", "get", reverse("mediation:case", args=[code]), None),
        ("desk case page", "get", reverse("intake:desk-case", args=[code]), None),
        ("desk acknowledgement", "get", reverse("intake:desk-ack", args=[code]), None),
        ("assignment sheet", "get", reverse("mediation:assignment-sheet", args=[code]), None),
        ("all cases", "get", LIST, None),
        ("all cases search by name", "get", f"{LIST}?q={name}", None),
        ("all cases search by phone", "get", f"{LIST}?q={phone}", None),
        ("all cases export", "get", f"{LIST}?export=csv", None),
        ("API case", "get", f"/api/v1/cases/{code}", None),
        ("live center", "get", reverse("lobby:center-snapshot"), None),
        ("desk search by phone", "post", reverse("intake:desk-earlier"), {"phone": phone}),
    ]


def _leaks(text: str, person) -> list[str]:
    name, phone, id_number, address = person
    shown = (name, phone, id_number, mask_id_number(id_number), address)
    return [value for value in shown if value and value in text]


@pytest.mark.parametrize("which", ["report", "conduct"])
def test_only_the_handling_staff_ever_see_who_reported(world, which, tmp_path):
    org, cases = world
    case = cases[which]
    person = NAMED if which == "report" else CONDUCT
    seen_by: dict[str, set[str]] = {}
    for username, user in _people(org).items():
        client = _client(user)
        for surface, method, url, data in _surfaces(case, person):
            response = client.post(url, data) if method == "post" else client.get(url)
            assert response.status_code < 500, (username, surface)
            text = _text(response, tmp_path)
            # A search echoes what was typed: it leaks when it finds the report by its reporter.
            found = case.display_code in text if "search" in surface else _leaks(text, person)
            if found:
                seen_by.setdefault(surface, set()).add(username)
    for surface, users in seen_by.items():
        assert users <= KNOWS[which], f"{surface} names the reporter to {sorted(users - KNOWS[which])}"
    # ... and the gate does not simply hide them from everyone: the handling staff see them.
    for surface in ("case page", "assignment sheet", "all cases", "all cases export", "all cases search by phone"):
        assert seen_by.get(surface) == KNOWS[which], surface


def test_search_results_do_not_find_a_report_by_its_reporter(world):
    org, cases = world
    clerk = _client(org.people["petition", "clerk"])
    body = clerk.get(f"{LIST}?q={NAMED[1]}").content.decode()
    assert cases["petition"].display_code in body  # the reporter's own petition is found by phone
    assert cases["report"].display_code not in body
    head = _client(org.people["agri", "head"]).get(f"{LIST}?q={NAMED[1]}").content.decode()
    assert cases["report"].display_code in head


def test_other_cases_of_a_petitioner_leave_out_their_hidden_reports(world):
    org, cases = world
    url = reverse("mediation:case", args=[cases["petition"].tracking_code])
    assert cases["report"].display_code not in _client(org.people["agri", "clerk"]).get(url).content.decode()
    assert cases["report"].display_code in _client(org.people["agri", "head"]).get(url).content.decode()


def test_protected_panel_says_why(world):
    org, cases = world
    body = _client(org.people["petition", "clerk"]).get(reverse("mediation:case", args=[cases["report"].tracking_code]))
    assert 'data-testid="reporter-protected"' in body.content.decode()
    anonymous = _client(org.people["agri", "head"]).get(
        reverse("mediation:case", args=[cases["anonymous"].tracking_code])
    )
    assert 'data-testid="reporter-anonymous"' in anonymous.content.decode()


def test_id_number_of_a_reporter_cannot_be_revealed_by_others(world):
    org, cases = world
    report = cases["report"]
    petitioner = report.petitioners.get()
    with pytest.raises(NotAllowed):
        services.petitioner_id_reveal(case=report, actor=org.people["petition", "head"], petitioner_id=petitioner.pk)
    revealed = services.petitioner_id_reveal(case=report, actor=org.people["agri", "head"], petitioner_id=petitioner.pk)
    assert revealed.id_number == NAMED[2]


def test_reply_letter_names_the_reporter_only_for_the_handling_staff(world, tmp_path):
    org, cases = world
    report = cases["report"]
    Reply.objects.create(
        case=report,
        facts="查明",
        basis="依据",
        decision="决定",
        remedies="途径",
        drafted_by=org.people["agri", "handler"],
        drafted_at=timezone.now(),
    )
    url = reverse("mediation:reply-pdf", args=[report.tracking_code])
    head = _client(org.people["agri", "head"]).get(url)
    clerk = _client(org.people["petition", "clerk"]).get(url)
    assert NAMED[0] in pdf_text(head.content, tmp_path)
    assert clerk.status_code == 200
    assert NAMED[0] not in pdf_text(clerk.content, tmp_path)


def test_the_rule_and_its_q_agree(world):
    org, cases = world
    everything = list(Case.objects.select_related("routing"))
    for username, user in _people(org).items():
        viewer = viewer_for(user)
        hidden = set(Case.objects.filter(reporter_hidden_q(viewer)).values_list("pk", flat=True))
        for case in everything:
            assert reporter_identity_visible(viewer, case) == (case.pk not in hidden), (username, case.request)
    assert reporter_hidden_q(None) is not None
    assert set(Case.objects.filter(reporter_hidden_q(None))) == {cases["report"], cases["conduct"], cases["anonymous"]}
