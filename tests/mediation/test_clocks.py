"""Deadline clocks: computed on the official calendar, extended by the director, recomputed with a new year,
and swept set-based."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from cases.errors import ActionRefused, CaseNotFound, Conflict, NotAllowed
from cases.models import Case, CaseEvent, Routing
from cases.rules import status as st
from mediation import services
from mediation.calendar import calendar_changed
from mediation.models import CalendarDay, CalendarYear, CaseClock, Extension, Notification
from mediation.rules import clocks as rules
from mediation.services.clocks import (
    case_clocks_refresh,
    case_extension_request,
    clocks_recompute_provisional,
    extension_decide,
)
from mediation.tasks import run_sweep
from tests.mediation.factories import routed_case

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")


def at(y, m, d, h=10):
    return datetime(y, m, d, h, tzinfo=SH)


def _clocks(case):
    return {c.clock: c for c in CaseClock.objects.filter(case=case)}


@pytest.fixture
def letter(org):
    """A letter received on Wednesday 23 September 2026, before the National Day holiday and its 调休."""
    return routed_case(
        lead=org.units["agri"],
        channel="letter",
        received_at=at(2026, 9, 23),
        assigned_at=at(2026, 9, 30),
        status=st.IN_PROGRESS,
        picked_by=org.people["agri", "handler"],
    )


def test_clocks_of_a_2026_letter_across_national_day_and_its_adjusted_working_day(letter):
    case_clocks_refresh(letter, at(2026, 9, 30, 11))
    clocks = _clocks(letter)
    assert set(clocks) == {"first_contact", "reply", "accept"}
    # 15 working days, 23 Sep not counted; 1-7 Oct off, Saturday 10 Oct worked (调休).
    reply = clocks["reply"]
    assert reply.due_on == date(2026, 10, 21)
    assert reply.policy_code == "local_reply_letter_visit_15_working_days"
    assert "national_finish_60_days" in reply.candidates  # the national 60 days (23 Nov) is laxer
    assert "收到当日不计" in reply.explanation
    assert "15个工作日" in reply.basis
    assert not reply.provisional
    # 15 calendar days end on Thursday 8 October, a working day.
    assert clocks["accept"].due_on == date(2026, 10, 8)
    # Assigned on 30 September: the next working day is 8 October.
    assert clocks["first_contact"].due_on == date(2026, 10, 8)
    # Stored states are the sweep's to set: on 30 September the next working day is 8 October,
    # one working day left.
    assert {c.state for c in clocks.values()} == {rules.RUNNING}
    run_sweep(at(2026, 9, 30, 11))
    clocks = _clocks(letter)
    assert {k: c.state for k, c in clocks.items()} == {
        "reply": rules.RUNNING,
        "accept": rules.DUE_SOON,
        "first_contact": rules.DUE_SOON,
    }
    letter.refresh_from_db()
    assert letter.reply_due_on == date(2026, 10, 21)
    # Idempotent: a second refresh changes nothing.
    before = list(CaseClock.objects.filter(case=letter).values())
    case_clocks_refresh(letter, at(2026, 9, 30, 12))
    assert list(CaseClock.objects.filter(case=letter).values()) == before


def test_a_phone_case_due_in_the_holiday_moves_to_the_first_working_day(org):
    case = routed_case(lead=org.units["agri"], channel="phone", received_at=at(2026, 9, 24))
    case_clocks_refresh(case, at(2026, 9, 24, 11))
    reply = _clocks(case)["reply"]
    assert reply.due_on == date(2026, 10, 8)
    assert "期满日 2026-10-01 为休息日" in reply.explanation


def test_filing_and_signing_start_the_clocks(org):
    case = routed_case(lead=org.units["agri"], status=st.ROUTED, channel="visit", received_at=at(2026, 9, 23))
    Routing.objects.filter(pk=case.pk).update(lead_unit=org.units["agri"])
    services.case_sign_assignment(case=case, actor=org.director.user, now=at(2026, 9, 30))
    clocks = _clocks(case)
    assert clocks["first_contact"].due_on == date(2026, 10, 8)
    assert clocks["reply"].due_on == date(2026, 10, 21)


def test_a_first_contact_event_meets_the_clock_and_the_sweep_marks_it(letter):
    case_clocks_refresh(letter, at(2026, 9, 30, 11))
    CaseEvent.objects.create(case=letter, at=at(2026, 10, 8, 9), kind="first_contact")
    run_sweep(at(2026, 10, 8, 12))
    clock = _clocks(letter)["first_contact"]
    assert clock.state == rules.MET
    assert clock.met_at == at(2026, 10, 8, 9)


def test_a_deadline_in_an_unpublished_year_is_provisional_and_recomputed_when_entered(
    org, client, calendar_reloaded_after
):
    CalendarDay.objects.filter(date__year=2027).delete()
    CalendarYear.objects.filter(year=2027).delete()
    calendar_changed()
    case = routed_case(lead=org.units["agri"], channel="letter", received_at=at(2026, 12, 20))
    case_clocks_refresh(case, at(2026, 12, 21))
    reply = _clocks(case)["reply"]
    # Weekdays only, 1 January off: 21-25, 28-31 Dec, 4-8 Jan, 11 Jan.
    assert reply.due_on == date(2027, 1, 11)
    assert reply.provisional
    assert "暂按周一至周五（元旦除外）计算" in reply.explanation
    case.refresh_from_db()
    assert case.reply_due_provisional
    admin = _admin()
    client.force_login(admin)
    response = client.post(
        "/admin/calendar/enter/",
        {
            "year": "2027",
            "notice": "国务院办公厅关于2027年部分节假日安排的通知",
            "days": "2027-01-01 holiday 元旦\n2027-01-04 holiday 元旦",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    reply = _clocks(case)["reply"]
    assert reply.due_on == date(2027, 1, 12)
    assert not reply.provisional
    case.refresh_from_db()
    assert case.reply_due_on == date(2027, 1, 12)
    assert not case.reply_due_provisional
    recomputed = CaseEvent.objects.get(case=case, kind="deadline_recomputed", data__clock="reply")
    assert recomputed.public
    assert recomputed.data["from"] == "2027-01-11"
    assert recomputed.data["to"] == "2027-01-12"
    # Idempotent.
    assert clocks_recompute_provisional() == []
    # The accept clock (15 days to Monday 4 January, now a holiday) moved too, recorded but not public.
    accept = CaseEvent.objects.get(case=case, kind="deadline_recomputed", data__clock="accept")
    assert not accept.public
    assert accept.data["to"] == "2027-01-05"
    assert CaseEvent.objects.filter(case=case, kind="deadline_recomputed").count() == 2


def _admin():
    from tests.factories import UserFactory

    return UserFactory(username="calendar.admin", is_superuser=True, is_staff=True)


def test_entering_a_bad_schedule_changes_nothing_and_says_why(client):
    client.force_login(_admin())
    CalendarYear.objects.filter(year=2027).delete()
    with translation.override("zh-hans"):
        response = client.post(
            "/admin/calendar/enter/",
            {"year": "2027", "notice": "通知", "days": "2027-01-01 holiday 元旦\n2026-10-01 holiday 国庆"},
            HTTP_ACCEPT_LANGUAGE="zh-hans",
        )
    assert response.status_code == 200
    assert "第2行：日期 2026-10-01 不在 2027 年内" in response.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_only_administrators_enter_the_calendar(client, org):
    client.force_login(org.people["agri", "head"])
    response = client.post("/admin/calendar/enter/", {"year": "2027", "notice": "x", "days": "2027-01-01 holiday 元旦"})
    assert response.status_code in {302, 403}
    assert not CalendarYear.objects.filter(year=2027, source="admin").exists()


# --- extensions ---------------------------------------------------------------------------------


def test_extension_requested_approved_and_told_to_the_petitioner(org, letter):
    case_clocks_refresh(letter, at(2026, 10, 12))
    handler, director = org.people["agri", "handler"], org.director.user
    extension = case_extension_request(case=letter, actor=handler, days=10, reason="需要现场测量", now=at(2026, 10, 12))
    assert Notification.objects.filter(user=director, kind="extension_requested", case=letter).exists()
    status_before = Case.objects.get(pk=letter.pk).status
    extension_decide(case=letter, actor=director, approve=True, now=at(2026, 10, 13))
    extension.refresh_from_db()
    assert extension.decision == "approved"
    assert extension.due_before == date(2026, 10, 21)
    # 21 Oct + 10 days = 31 Oct, a Saturday: moved to Monday 2 November.
    assert extension.due_after == date(2026, 11, 2)
    reply = _clocks(letter)["reply"]
    assert reply.due_on == date(2026, 11, 2)
    assert reply.extended
    assert reply.policy_code == "national_extension_30_days"
    letter.refresh_from_db()
    assert letter.reply_due_on == date(2026, 11, 2)
    assert letter.status == status_before  # extensions do not change the status
    public = CaseEvent.objects.get(case=letter, kind="deadline_extended")
    assert public.public
    assert public.data["to"] == "2026-11-02"
    assert public.data["reason"] == "需要现场测量"
    assert Notification.objects.filter(user=handler, kind="extension_decided", case=letter).exists()
    # A refresh keeps the extended date; a second extension is refused.
    case_clocks_refresh(letter, at(2026, 10, 14))
    assert _clocks(letter)["reply"].due_on == date(2026, 11, 2)
    with pytest.raises(Conflict):
        case_extension_request(case=letter, actor=handler, days=5, reason="再延", now=at(2026, 10, 14))


def test_extension_shows_on_the_public_tracking_page(org, letter, client):
    case_clocks_refresh(letter, at(2026, 10, 12))
    case_extension_request(case=letter, actor=org.people["agri", "head"], days=10, reason="需要现场测量")
    extension_decide(case=letter, actor=org.director.user, approve=True)
    response = client.post("/track/", {"code": letter.tracking_code, "phone_last4": "8000"})
    body = response.content.decode()
    assert "2026-11-02" in body
    assert "需要现场测量" in body


def test_extension_refusals_change_nothing(org, letter):
    case_clocks_refresh(letter, at(2026, 10, 12))
    handler, director = org.people["agri", "handler"], org.director.user
    events = CaseEvent.objects.filter(case=letter).count()
    with pytest.raises(ActionRefused, match="不得超过30日"):
        case_extension_request(case=letter, actor=handler, days=31, reason="太久")
    with pytest.raises(NotAllowed):
        case_extension_request(case=letter, actor=org.people["agri", "clerk"], days=5, reason="x")
    with pytest.raises(NotAllowed):
        case_extension_request(case=letter, actor=director, days=5, reason="x")
    with pytest.raises(CaseNotFound):
        case_extension_request(case=letter, actor=org.people["urban", "head"], days=5, reason="x")
    with pytest.raises(ActionRefused):
        case_extension_request(case=letter, actor=handler, days=5, reason="  ")
    with pytest.raises(Conflict):  # nothing pending
        extension_decide(case=letter, actor=director, approve=True)
    assert CaseEvent.objects.filter(case=letter).count() == events
    assert not Extension.objects.exists()
    case_extension_request(case=letter, actor=handler, days=5, reason="x")
    with pytest.raises(Conflict):  # one pending at a time
        case_extension_request(case=letter, actor=handler, days=5, reason="y")
    # Only the director decides: not the unit head, not the duty leader.
    with pytest.raises(NotAllowed, match="主要领导"):
        extension_decide(case=letter, actor=org.people["agri", "head"], approve=True)
    with pytest.raises(NotAllowed):
        extension_decide(case=letter, actor=org.leaders["li"].user, approve=True)
    with pytest.raises(ActionRefused):  # a refusal needs a note
        extension_decide(case=letter, actor=director, approve=False, note="")
    extension_decide(case=letter, actor=director, approve=False, note="理由不充分")
    assert Extension.objects.get().decision == "refused"
    assert _clocks(letter)["reply"].due_on == date(2026, 10, 21)


def test_the_case_page_shows_the_clocks_and_the_extension_forms(org, letter, client):
    case_clocks_refresh(letter, at(2026, 10, 12))
    client.force_login(org.people["agri", "handler"])
    body = client.get(f"/staff/cases/{letter.tracking_code}/").content.decode()
    assert 'data-clock="reply"' in body
    assert "2026-10-21" in body
    assert "15个工作日" in body
    assert "extension-request" in body
    response = client.post(f"/staff/cases/{letter.tracking_code}/extension/", {"days": "40", "reason": "x"})
    assert response.status_code == 400  # refused: the form comes back as typed, the error beside it
    assert 'value="40"' in response.content.decode()
    assert not Extension.objects.exists()
    client.post(f"/staff/cases/{letter.tracking_code}/extension/", {"days": "7", "reason": "需要协调"})
    assert Extension.objects.get().days == 7
    client.force_login(org.director.user)
    body = client.get(f"/staff/cases/{letter.tracking_code}/").content.decode()
    assert "extension-decision" in body
    client.post(f"/staff/cases/{letter.tracking_code}/extension/decide/", {"decision": "approve"})
    assert Extension.objects.get().decision == "approved"
    body = client.get(f"/staff/cases/{letter.tracking_code}/").content.decode()
    assert "2026-10-28" in body  # 21 October + 7 days, shown as the reply clock's new due date
    assert "extension-request" not in body  # extended once: no second request


# --- the sweep ----------------------------------------------------------------------------------


def _many(org, n):
    cases = [
        routed_case(
            lead=org.units["agri"],
            channel="letter",
            received_at=at(2026, 9, 1),
            assigned_at=at(2026, 9, 2),
            status=st.IN_PROGRESS if i % 2 else st.ASSIGNED,
            picked_by=org.people["agri", "handler"] if i % 2 else None,
        )
        for i in range(n)
    ]
    from mediation.services.clocks import clocks_refresh_many

    clocks_refresh_many(cases, now=at(2026, 9, 2))
    return cases


def test_the_sweep_notifies_once_and_changes_nothing_the_second_time(org):
    cases = _many(org, 4)
    first = run_sweep(at(2026, 9, 21, 9))  # reply due 21 Sep (due today); first contact (3 Sep) overdue
    assert first["state_changes"] > 0
    assert first["notified"] > 0
    states = {(c.case_id, c.clock): c.state for c in CaseClock.objects.all()}
    assert states[cases[0].pk, "reply"] == rules.DUE_SOON
    assert states[cases[0].pk, "first_contact"] == rules.OVERDUE
    handler, head, director = org.people["agri", "handler"], org.people["agri", "head"], org.director.user
    # Picked cases go to the handler, the others to the head; the director hears of overdue clocks.
    assert Notification.objects.filter(user=handler, case=cases[1], kind="deadline").count() == 3
    assert Notification.objects.filter(user=head, case=cases[0], kind="deadline").count() == 3
    assert not Notification.objects.filter(user=head, case=cases[1]).exists()
    assert set(Notification.objects.filter(user=director, case=cases[0]).values_list("key", flat=True)) == {
        "first_contact:overdue:2026-09-03",
        "accept:overdue:2026-09-16",
    }
    message = Notification.objects.get(user=head, case=cases[0], key="reply:due_soon:2026-09-21").message
    assert "2026-09-21" in message  # Sunday 20 September is a working day (调休)
    snapshot = (list(CaseClock.objects.values()), Notification.objects.count())
    second = run_sweep(at(2026, 9, 21, 10))
    assert second["state_changes"] == 0
    assert second["notified"] == 0
    assert second["met"] == 0
    assert (list(CaseClock.objects.values()), Notification.objects.count()) == snapshot


def test_the_sweep_runs_in_a_constant_number_of_queries(org):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    CalendarYear.objects.get_or_create(year=2027, defaults={"source": "admin", "notice": "x"})
    counts = []
    for n, day in ((10, 21), (200, 22)):
        CaseClock.objects.all().delete()
        Notification.objects.all().delete()
        _many(org, n)
        with CaptureQueriesContext(connection) as captured:
            totals = run_sweep(at(2026, 9, day, 9))
        assert totals["notified"] >= n
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]  # what matters: the same at 10 and at 200 cases
    assert counts[0] <= 30  # every step together, warning slips and PostgreSQL's ANALYZE included


def test_the_sweep_warns_the_administrators_once_about_a_missing_year(org):
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    CalendarYear.objects.filter(year=2027).delete()
    admin = _admin()
    keeper = UserFactory(username="calendar.keeper")
    keeper.user_permissions.add(Permission.objects.get(codename="change_calendaryear"))
    assert run_sweep(at(2026, 10, 31))["calendar_warnings"] == 0
    assert run_sweep(at(2026, 11, 1))["calendar_warnings"] == 2
    assert run_sweep(at(2026, 11, 2))["calendar_warnings"] == 0
    assert set(Notification.objects.filter(kind="calendar").values_list("user__username", "key")) == {
        (admin.username, "calendar-2027"),
        (keeper.username, "calendar-2027"),
    }
    assert not Notification.objects.filter(kind="calendar", user=org.people["agri", "head"]).exists()


def test_the_command_runs_the_sweep(org):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("deadlines_sweep", stdout=out)
    assert "state_changes=" in out.getvalue()


# --- the admin dashboard ------------------------------------------------------------------------


def test_the_dashboard_warns_administrators_of_a_missing_year(client, org, settings):
    from django.utils import timezone

    settings.CALENDAR_WARNING_FROM = (1, 1)
    this_year = timezone.localdate().year
    CalendarYear.objects.get_or_create(year=this_year, defaults={"source": "admin", "notice": "x"})
    CalendarYear.objects.filter(year=this_year + 1).delete()
    admin = _admin()
    client.force_login(admin)
    body = client.get("/admin/").content.decode()
    assert 'data-testid="calendar-warning-panel"' in body
    assert str(this_year + 1) in body
    assert "/admin/calendar/enter/" in body
    page = client.get("/admin/calendar/enter/")
    assert page.status_code == 200
    assert 'data-testid="calendar-missing"' in page.content.decode()
    CalendarYear.objects.create(year=this_year + 1, source="admin", notice="x")
    assert 'data-testid="calendar-warning-panel"' not in client.get("/admin/").content.decode()


def test_the_queue_marks_cases_due_soon_and_overdue(org, client):
    _many(org, 2)
    run_sweep(at(2026, 9, 21, 9))
    client.force_login(org.people["agri", "head"])
    body = client.get("/staff/queues/agriculture/").content.decode()
    assert body.count("clock-mark state-overdue") == 2


def test_reassignment_restarts_the_first_contact_clock(org, letter):
    case_clocks_refresh(letter, at(2026, 9, 30, 11))
    services.case_reassign(
        case=letter, actor=org.director.user, unit=org.units["urban"], reason="改由城建办承办", now=at(2026, 10, 9)
    )
    # Reassigned on Friday 9 October: Saturday 10 October is a working day (调休).
    assert _clocks(letter)["first_contact"].due_on == date(2026, 10, 10)
    assert _clocks(letter)["reply"].due_on == date(2026, 10, 21)
