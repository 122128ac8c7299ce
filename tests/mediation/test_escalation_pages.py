"""The escalated-case section of the case page, its forms, and the printable warning slip."""

import pytest
from django.urls import reverse
from django.utils import translation

from mediation.models import CaseConference, OwnershipDuty, ReinvestigationReport, WarningSlip
from tests.mediation.factories import assert_chinese, routed_case

pytestmark = pytest.mark.django_db
FIX_FORM = "请更正表单："


def _says(message: str, msgid: str) -> bool:
    """A form error: the Chinese frame, naming what is missing (in Chinese once the catalog has it)."""
    with translation.override("zh-hans"):
        return message.startswith(FIX_FORM) and translation.gettext(msgid) in message


@pytest.fixture
def escalated(org):
    return routed_case(lead=org.units["agri"], assisting=[org.units["east"]], owner=org.leaders["li"], repeat_count=3)


def _url(name, case):
    return reverse(f"mediation:{name}", args=[case.tracking_code])


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def _issue(client, org, case):
    client.force_login(org.people["petition", "clerk"])
    return client.post(_url("warning-slip-issue", case), follow=True)


def test_clerk_issues_the_slip_from_the_case_page_and_prints_it(client, org, escalated):
    client.force_login(org.people["petition", "clerk"])
    page = client.get(_url("case", escalated)).content.decode()
    assert "重复访" in page
    assert _url("warning-slip-issue", escalated) in page
    response = _issue(client, org, escalated)
    slip = WarningSlip.objects.get(case=escalated)
    body = response.content.decode()
    assert slip.number in body
    assert _url("warning-slip-issue", escalated) not in body  # one open slip at a time
    printed = client.get(_url("warning-slip", escalated)).content.decode()
    assert "信访事项预警提醒单" in printed
    assert slip.number in printed
    assert org.people["agri", "head"].get_full_name() or "agri.head" in printed
    assert "@media print" in printed
    # Another unit, a wrong slip id and a case without a slip: the same 404 as a missing case.
    client.force_login(org.people["urban", "head"])
    assert client.get(_url("warning-slip", escalated)).status_code == 404
    client.force_login(org.people["agri", "head"])
    assert client.get(_url("warning-slip", escalated) + "?slip=999999").status_code == 404
    assert client.get(_url("warning-slip", routed_case(lead=org.units["agri"]))).status_code == 404
    client.logout()
    assert client.get(_url("warning-slip", escalated)).status_code == 302


def test_the_section_is_absent_for_a_plain_case(client, org):
    case = routed_case(lead=org.units["agri"])
    client.force_login(org.people["petition", "clerk"])
    page = client.get(_url("case", case)).content.decode()
    assert 'id="escalation"' not in page
    # Only the form to record what escalates it later (issue 17).
    assert 'id="escalation-record"' in page
    response = client.post(_url("warning-slip-issue", case), follow=True)
    assert not WarningSlip.objects.exists()
    [message] = _messages(response)
    assert_chinese(
        message,
        "This case is not escalated: it is not a repeat, skip-level, collective or extreme case.",
        "此信访事项不属于重复访、越级访、集体访或极端信访行为，无需预警。",
    )


def test_report_form_errors_are_chinese_and_store_nothing(client, org, escalated):
    _issue(client, org, escalated)
    client.force_login(org.people["agri", "handler"])
    page = client.get(_url("case", escalated)).content.decode()
    assert _url("reinvestigation-file", escalated) in page
    response = client.post(
        _url("reinvestigation-file", escalated), {"analysis": "原因", "resolution_plan": ""}, follow=True
    )
    [message] = _messages(response)
    assert _says(message, "Write the resolution plan.")
    assert _says(message, "Write the stabilisation plan.")
    assert not ReinvestigationReport.objects.exists()
    client.post(
        _url("reinvestigation-file", escalated),
        {"analysis": "原因分析", "resolution_plan": "化解方案", "stabilisation_plan": "稳控方案"},
    )
    assert ReinvestigationReport.objects.get().analysis == "原因分析"


def test_supervising_leader_returns_with_a_reason_then_signs(client, org, escalated):
    _issue(client, org, escalated)
    client.force_login(org.people["agri", "head"])
    texts = {"analysis": "原因分析", "resolution_plan": "化解方案", "stabilisation_plan": "稳控方案"}
    client.post(_url("reinvestigation-file", escalated), texts)
    client.force_login(org.leaders["li"].user)
    page = client.get(_url("case", escalated)).content.decode()
    assert _url("reinvestigation-sign", escalated) in page
    response = client.post(_url("reinvestigation-return", escalated), {"reason": ""}, follow=True)
    assert _says(_messages(response)[0], "Give a reason.")
    assert ReinvestigationReport.objects.get().pending
    client.post(_url("reinvestigation-return", escalated), {"reason": "方案不具体"})
    assert ReinvestigationReport.objects.get().return_reason == "方案不具体"
    client.force_login(org.people["agri", "head"])
    client.post(_url("reinvestigation-file", escalated), texts)
    client.force_login(org.leaders["li"].user)
    body = client.post(_url("reinvestigation-sign", escalated), follow=True).content.decode()
    assert "方案不具体" in body
    assert WarningSlip.objects.get().closed_at is not None
    # A member of the lead unit cannot sign: the button is not there, and a forged POST changes nothing.
    client.force_login(org.people["agri", "head"])
    assert _url("reinvestigation-sign", escalated) not in client.get(_url("case", escalated)).content.decode()


def test_owner_records_a_duty_and_bad_dates_are_refused_in_chinese(client, org, escalated):
    client.force_login(org.leaders["li"].user)
    page = client.get(_url("case", escalated)).content.decode()
    assert _url("ownership-duty", escalated) in page
    assert "包掌握情况" in page
    response = client.post(
        _url("ownership-duty", escalated), {"duty": "know", "done_on": "去年", "note": "走访"}, follow=True
    )
    assert "有效的日期" in _messages(response)[0]
    response = client.post(
        _url("ownership-duty", escalated), {"duty": "bribe", "done_on": "2026-01-05", "note": "走访"}, follow=True
    )
    assert "有效的选项" in _messages(response)[0] or "选择" in _messages(response)[0]
    assert not OwnershipDuty.objects.exists()
    response = client.post(
        _url("ownership-duty", escalated), {"duty": "know", "done_on": "2026-01-05", "note": "上门走访"}, follow=True
    )
    assert OwnershipDuty.objects.get().note == "上门走访"
    assert "上门走访" in response.content.decode()
    client.force_login(org.people["agri", "head"])
    assert _url("ownership-duty", escalated) not in client.get(_url("case", escalated)).content.decode()


def test_owner_records_the_case_conference(client, org, escalated):
    client.force_login(org.leaders["li"].user)
    data = {
        "held_on": "2026-01-05",
        "place": "",
        "attendees": [org.people["agri", "head"].pk],
        "other_attendees": "塘角村书记",
        "analysis": "症结在补偿款",
        "decisions": "两周内兑现",
        "follow_up_actions": "兑现补偿款\n\n回访信访人",
    }
    response = client.post(_url("case-conference", escalated), data, follow=True)
    assert _says(_messages(response)[0], "Give the place.")
    assert not CaseConference.objects.exists()
    data["place"] = "街道三楼会议室"
    body = client.post(_url("case-conference", escalated), data, follow=True).content.decode()
    conference = CaseConference.objects.get()
    assert conference.follow_up_actions == ["兑现补偿款", "回访信访人"]
    assert "街道三楼会议室" in body
    assert "回访信访人" in body
    assert "塘角村书记" in body


def test_a_hidden_case_answers_every_escalation_route_like_a_missing_one(client, org):
    """A conduct complaint about the agriculture office: its head gets 404s and changes nothing."""
    case = routed_case(
        lead=org.units["discipline"],
        is_conduct_complaint=True,
        accused_units=[org.units["agri"]],
        owner=org.leaders["chen"],
        repeat_count=3,
    )
    client.force_login(org.people["discipline", "clerk"])
    client.post(_url("warning-slip-issue", case))
    assert WarningSlip.objects.filter(case=case).count() == 1
    client.force_login(org.people["agri", "head"])
    missing = reverse("mediation:warning-slip", args=["LH-AAAAA-AAAAA"])
    assert client.get(missing).status_code == 404
    assert client.get(_url("warning-slip", case)).status_code == 404
    for name in (
        "warning-slip-issue",
        "reinvestigation-file",
        "reinvestigation-sign",
        "reinvestigation-return",
        "ownership-duty",
        "case-conference",
    ):
        url = _url(name, case)
        response = client.post(url, {"reason": "x", "analysis": "x", "note": "x"})
        assert response.status_code == 404, name
        # The page echoes the requested path (the language switch); nothing else names the case.
        assert case.tracking_code not in response.content.decode().replace(url, "")
    assert ReinvestigationReport.objects.count() == OwnershipDuty.objects.count() == 0
