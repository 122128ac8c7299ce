"""Incidents end to end through the services: reported, dispatched with a response clock, closed with the measure."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from cases.errors import ActionRefused, CaseNotFound, NotAllowed
from cases.models import Attachment, Case, CaseEvent
from cases.rules import status as st
from cases.selectors import case_list_for_user
from governance import selectors
from governance.models import Incident
from governance.services import IncidentInput, incident_close, incident_dispatch, incident_report
from intake.attachments import attachments_check
from mediation import services as mediation_services
from mediation.calendar import calendar_changed, work_calendar
from mediation.models import CalendarDay, CalendarYear, CaseClock
from mediation.rules.calendar import ScheduleDay
from mediation.services.calendar import calendar_year_enter
from tests.factories import UserFactory
from tests.governance.conftest import photo

pytestmark = pytest.mark.django_db


def _input(gov, **overrides) -> IncidentInput:
    fields = {
        "village": gov.village,
        "address": "塘角村东路12号旁",
        "category": gov.category,
        "risk_level": "high",
        "description": "两户村民因宅基地界址发生争执，有肢体冲突苗头。",
    }
    fields.update(overrides)
    return IncidentInput(**fields)


def _report(gov, **overrides):
    photos = overrides.pop("photos", None)
    now = overrides.pop("now", None)
    if photos is None:
        photos = attachments_check([photo()])
    return incident_report(actor=gov.grid.user, data=_input(gov, **overrides), photos=photos, now=now)


def test_a_grid_worker_reports_an_incident_that_becomes_a_governance_case(gov, private_media):
    incident = _report(gov)
    case = incident.case
    assert case.service == "governance"
    assert case.status == st.REGISTERED
    assert case.tracking_code
    assert case.village == gov.village
    assert case.routing.lead_unit == gov.units["gov"]
    assert incident.reporter == gov.grid.user
    assert incident.risk_level == "high"
    assert "塘角村东路12号旁" in case.request
    attachment = Attachment.objects.get(case=case)
    assert attachment.content_type == "image/png"
    assert (private_media / attachment.file.name).exists()  # stored privately, outside MEDIA_ROOT
    kinds = list(case.events.values_list("kind", flat=True))
    assert "filed" in kinds
    assert "incident_reported" in kinds
    assert CaseClock.objects.filter(case=case, clock="reply").exists()


def test_the_governance_office_and_the_petition_office_see_it_a_line_office_does_not(gov):
    case = _report(gov).case
    assert case_list_for_user(gov.people["gov", "handler"]).filter(pk=case.pk).exists()
    assert case_list_for_user(gov.people["petition", "clerk"]).filter(pk=case.pk).exists()
    assert not case_list_for_user(gov.people["agri", "handler"]).filter(pk=case.pk).exists()
    assert not case_list_for_user(gov.grid.user).filter(pk=case.pk).exists()  # not through the case pages


def test_only_a_grid_worker_reports(gov):
    with pytest.raises(NotAllowed):
        incident_report(actor=gov.people["gov", "head"], data=_input(gov))
    gov.grid.is_active = False
    gov.grid.save()
    with pytest.raises(NotAllowed):
        incident_report(actor=gov.grid.user, data=_input(gov))
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [("address", "  ", "address"), ("description", "", "description"), ("risk_level", "extreme", "risk_level")],
)
def test_bad_input_is_refused_in_chinese_and_nothing_is_stored(gov, zh, field, value, code):
    with pytest.raises(ActionRefused) as refused:
        _report(gov, **{field: value})
    assert refused.value.code == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in refused.value.message)
    assert not Case.objects.exists()
    assert not Incident.objects.exists()


def test_a_pdf_is_not_a_photo(gov):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = attachments_check([SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF", content_type="application/pdf")])
    with pytest.raises(ActionRefused) as refused:
        _report(gov, photos=pdf)
    assert refused.value.code == "photos"
    assert not Case.objects.exists()


def test_the_same_form_sent_twice_reports_one_incident(gov):
    first = incident_report(actor=gov.grid.user, data=_input(gov), submission_token="tok-1")
    second = incident_report(actor=gov.grid.user, data=_input(gov), submission_token="tok-1")
    assert first.pk == second.pk
    assert Case.objects.count() == 1


def test_the_office_dispatches_to_the_competent_unit_and_the_response_clock_starts(gov):
    case = _report(gov, risk_level="high").case
    now = timezone.now()
    incident_dispatch(case=case, actor=gov.people["gov", "handler"], unit=gov.units["agri"], now=now)
    case.refresh_from_db()
    assert case.status == st.ASSIGNED
    assert case.routing.lead_unit == gov.units["agri"]
    assert case.routing.queued_at is not None
    assert list(case.routing.assisting_units.all()) == [gov.units["gov"]]
    clock = CaseClock.objects.get(case=case, clock="governance_response")
    assert clock.due_on == work_calendar().add_working_days(timezone.localdate(now), 1)
    assert clock.basis.startswith("本中心规定")
    assert CaseClock.objects.get(case=case, clock="accept").met_at is not None
    assert not CaseClock.objects.filter(case=case, clock="first_contact").exists()
    assert case_list_for_user(gov.people["agri", "handler"]).filter(pk=case.pk).exists()
    assert case_list_for_user(gov.people["gov", "handler"]).filter(pk=case.pk).exists()  # still follows it
    event = case.events.get(kind="governance_dispatched")
    assert event.public
    assert event.data["unit"]["code"] == "agriculture"


@pytest.mark.parametrize(("level", "days"), [("medium", 3), ("low", 5)])
def test_the_response_clock_follows_the_risk_level(gov, level, days):
    case = _report(gov, risk_level=level).case
    now = timezone.now()
    incident_dispatch(case=case, actor=gov.people["gov", "head"], unit=gov.units["urban"], now=now)
    clock = CaseClock.objects.get(case=case, clock="governance_response")
    assert clock.due_on == work_calendar().add_working_days(timezone.localdate(now), days)


def test_a_line_office_cannot_dispatch_and_cannot_see_it_before(gov):
    case = _report(gov).case
    with pytest.raises(CaseNotFound):
        incident_dispatch(case=case, actor=gov.people["agri", "head"], unit=gov.units["agri"])
    with pytest.raises(NotAllowed):  # the petition office sees it, but the governance office dispatches
        incident_dispatch(case=case, actor=gov.people["petition", "head"], unit=gov.units["agri"])
    case.refresh_from_db()
    assert case.status == st.REGISTERED


def test_the_director_may_dispatch_and_the_office_may_redispatch(gov):
    case = _report(gov).case
    incident_dispatch(case=case, actor=gov.director.user, unit=gov.units["agri"])
    incident_dispatch(case=case, actor=gov.people["gov", "handler"], unit=gov.units["urban"])
    case.refresh_from_db()
    assert case.status == st.ASSIGNED
    assert case.routing.lead_unit == gov.units["urban"]
    with pytest.raises(ActionRefused):
        incident_dispatch(case=case, actor=gov.people["gov", "handler"], unit=gov.units["urban"])


def test_the_unit_picks_and_closes_with_the_measure_taken(gov):
    case = _report(gov).case
    incident_dispatch(case=case, actor=gov.people["gov", "handler"], unit=gov.units["agri"])
    handler = gov.people["agri", "handler"]
    mediation_services.case_pick(case=case, actor=handler)
    with pytest.raises(ActionRefused):  # no five-section reply for a governance case
        mediation_services.case_reply_draft(case=case, actor=handler, sections={"facts": "x"})
    incident_close(case=case, actor=handler, measure="村调委会现场调处，双方签订界址协议。")
    case.refresh_from_db()
    assert case.status == st.CLOSED
    incident = Incident.objects.get(case=case)
    assert incident.measure.startswith("村调委会")
    assert incident.closed_by == handler
    clocks = {c.clock: c for c in CaseClock.objects.filter(case=case)}
    assert clocks["governance_response"].met_at is not None
    assert clocks["reply"].met_at is not None
    progress = [e.kind for e in selectors.incident_progress(incident)]
    assert progress == ["filed", "governance_dispatched", "governance_closed"]


def test_closing_needs_the_measure_and_the_unit(gov):
    case = _report(gov).case
    incident_dispatch(case=case, actor=gov.people["gov", "handler"], unit=gov.units["agri"])
    mediation_services.case_pick(case=case, actor=gov.people["agri", "handler"])
    with pytest.raises(ActionRefused) as refused:
        incident_close(case=case, actor=gov.people["agri", "handler"], measure="   ")
    assert refused.value.code == "measure"
    with pytest.raises(NotAllowed):
        incident_close(case=case, actor=gov.people["gov", "handler"], measure="x")
    with pytest.raises(CaseNotFound):
        incident_close(case=case, actor=gov.people["urban", "head"], measure="x")
    case.refresh_from_db()
    assert case.status == st.IN_PROGRESS
    assert not CaseEvent.objects.filter(case=case, kind="governance_closed").exists()


def test_a_petition_case_is_not_dispatched_as_an_incident(gov):
    from tests.mediation.factories import case_new

    petition = case_new(village=gov.village)
    with pytest.raises(ActionRefused):
        incident_dispatch(case=petition, actor=gov.director.user, unit=gov.units["agri"])


def test_the_grid_worker_sees_only_their_own_incidents(gov):
    mine = _report(gov)
    theirs = incident_report(actor=gov.grid2.user, data=_input(gov, village=gov.other_village))
    assert list(selectors.incident_list_for_reporter(gov.grid.user)) == [mine]
    assert selectors.incident_get_for_reporter(gov.grid.user, code=theirs.case.tracking_code) is None
    assert selectors.incident_get_for_reporter(gov.grid.user, code=mine.case.tracking_code) == mine


def test_the_response_clock_goes_overdue_in_the_sweep(gov):
    from mediation.tasks import run_sweep

    case = _report(gov).case
    past = timezone.now() - timedelta(days=10)
    incident_dispatch(case=case, actor=gov.people["gov", "handler"], unit=gov.units["agri"], now=past)
    run_sweep()
    assert CaseClock.objects.get(case=case, clock="governance_response").state == "overdue"


def test_a_new_years_calendar_moves_the_response_clock_like_every_other_clock(gov, calendar_reloaded_after):
    """Dispatched before 2027's holidays are published, the low-risk response clock is counted Monday to
    Friday for now; entering 2027 recomputes it with the others (``clocks_recompute_provisional``)."""
    sh = ZoneInfo("Asia/Shanghai")
    CalendarDay.objects.filter(date__year=2027).delete()
    CalendarYear.objects.filter(year=2027).delete()
    calendar_changed()
    case = _report(gov, risk_level="low", now=datetime(2026, 12, 28, 9, tzinfo=sh)).case
    dispatched = datetime(2026, 12, 29, 10, tzinfo=sh)
    incident_dispatch(case=case, actor=gov.people["gov", "handler"], unit=gov.units["agri"], now=dispatched)
    clock = CaseClock.objects.get(case=case, clock="governance_response")
    # 5 working days from Tuesday 29 December: 30, 31 Dec, (1 Jan off), 4, 5, 6 Jan, for now.
    assert (clock.due_on, clock.provisional) == (date(2027, 1, 6), True)

    admin = UserFactory(username="calendar.admin", is_superuser=True, is_staff=True)
    days = [ScheduleDay(date(2027, 1, d), "holiday", "元旦") for d in (1, 4)]
    calendar_year_enter(actor=admin, year=2027, notice="2027年节假日安排", days=days, now=dispatched)

    clock.refresh_from_db()
    assert (clock.due_on, clock.provisional) == (date(2027, 1, 7), False)
    assert "2026-12-29" in clock.explanation
    moved = CaseEvent.objects.get(case=case, kind="deadline_recomputed", data__clock="governance_response")
    assert (moved.data["from"], moved.data["to"]) == ("2027-01-06", "2027-01-07")
    assert not moved.public
