"""Escalated cases: slip → report → signature → five duties → conference, the refusals, the sweep."""

import threading
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from cases.errors import ActionRefused, CaseNotFound, Conflict, NotAllowed
from cases.models import Case, CaseEvent, Routing
from cases.rules import status as st
from mediation import services
from mediation.calendar import work_calendar
from mediation.models import CaseConference, Notification, OwnershipDuty, ReinvestigationReport, WarningSlip
from mediation.rules import oversight as ov
from tests.mediation.factories import assert_chinese, routed_case

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 26, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture
def escalated(org):
    """A third visit on the same matter, led by the agriculture office, owned by its supervisor."""
    return routed_case(lead=org.units["agri"], assisting=[org.units["east"]], owner=org.leaders["li"], repeat_count=3)


def snapshot(case) -> tuple:
    """Everything an escalation action may write, for 'a refusal changes nothing'."""
    return (
        WarningSlip.objects.count(),
        ReinvestigationReport.objects.filter(signed_at__isnull=False).count(),
        ReinvestigationReport.objects.filter(returned_at__isnull=False).count(),
        ReinvestigationReport.objects.count(),
        OwnershipDuty.objects.count(),
        CaseConference.objects.count(),
        CaseEvent.objects.filter(case=case).count(),
        Notification.objects.count(),
        Case.objects.get(pk=case.pk).status,
    )


def test_slip_report_signature_duties_and_conference_are_all_on_record(org, escalated):
    clerk, handler, li = org.people["petition", "clerk"], org.people["agri", "handler"], org.leaders["li"].user
    slip = services.warning_slip_issue(case=escalated, actor=clerk, now=NOW)

    assert slip.number == "预警〔2026〕第1号"
    assert slip.issued_by == clerk
    assert [p["id"] for p in slip.recipients] == [org.people["agri", "head"].pk, org.people["east", "head"].pk]
    assert [p["id"] for p in slip.copies] == [li.pk, org.director.user.pk]
    assert slip.reinvestigation_due_on == work_calendar().add_working_days(date(2026, 11, 26), 7)
    assert "7个工作日" in slip.reinvestigation_basis
    assert any("重复访" in reason for reason in slip.reasons)
    told = set(Notification.objects.filter(kind="warning_slip", case=escalated).values_list("user_id", flat=True))
    assert told == {org.people["agri", "head"].pk, org.people["east", "head"].pk, li.pk, org.director.user.pk}

    report = services.reinvestigation_report_file(
        case=escalated,
        actor=handler,
        analysis="初访答复未落实补偿款。",
        resolution_plan="两周内兑现补偿。",
        stabilisation_plan="联村干部每周走访。",
        now=NOW + timedelta(days=2),
    )
    assert report.pending
    assert Notification.objects.filter(kind="reinvestigation_filed", user=li).count() == 1

    services.reinvestigation_report_sign(case=escalated, actor=li, now=NOW + timedelta(days=3))
    report.refresh_from_db()
    slip.refresh_from_db()
    assert report.signed_by == li
    assert slip.closed_at is not None

    for i, duty in enumerate(ov.DUTIES):
        services.ownership_duty_record(
            case=escalated, actor=li, duty=duty, done_on=date(2026, 11, 20 + i), note=f"第{i + 1}项", now=NOW
        )
    assert set(OwnershipDuty.objects.filter(case=escalated).values_list("duty", flat=True)) == set(ov.DUTIES)
    assert all(d.owner == org.leaders["li"] for d in OwnershipDuty.objects.all())

    conference = services.case_conference_record(
        case=escalated,
        actor=li,
        held_on=date(2026, 11, 25),
        place="街道三楼会议室",
        attendees=[org.people["agri", "head"], org.people["east", "head"]],
        other_attendees="塘角村书记",
        analysis="补偿款拖欠是症结。",
        decisions="由农业农村办两周内兑现。",
        follow_up_actions=["兑现补偿款", "", "回访信访人"],
        now=NOW,
    )
    assert conference.follow_up_actions == ["兑现补偿款", "回访信访人"]
    assert set(conference.attendees.all()) == {org.people["agri", "head"], org.people["east", "head"]}

    kinds = list(CaseEvent.objects.filter(case=escalated).order_by("pk").values_list("kind", flat=True))
    assert kinds == [
        "warning_slip_issued",
        "reinvestigation_filed",
        "reinvestigation_signed",
        *["ownership_duty"] * 5,
        "case_conference",
    ]
    signed = CaseEvent.objects.get(case=escalated, kind="reinvestigation_signed")
    assert signed.actor == li
    assert signed.data["number"] == "预警〔2026〕第1号"


def test_a_returned_report_is_filed_again_and_a_signed_one_cannot_be_signed_twice(org, escalated):
    li, handler = org.leaders["li"].user, org.people["agri", "head"]
    services.warning_slip_issue(case=escalated, actor=org.people["petition", "head"], now=NOW)
    texts = {"analysis": "原因", "resolution_plan": "化解", "stabilisation_plan": "稳控"}
    first = services.reinvestigation_report_file(case=escalated, actor=handler, **texts)
    with pytest.raises(ActionRefused) as no_reason:
        services.reinvestigation_report_return(case=escalated, actor=li, reason="  ")
    assert no_reason.value.code == "reason_required"
    services.reinvestigation_report_return(case=escalated, actor=li, reason="稳控措施不具体")
    first.refresh_from_db()
    assert first.return_reason == "稳控措施不具体"
    assert Notification.objects.filter(kind="reinvestigation_returned", user=handler).exists()
    services.reinvestigation_report_file(case=escalated, actor=handler, **texts)
    services.reinvestigation_report_sign(case=escalated, actor=li)
    before = snapshot(escalated)
    with pytest.raises(Conflict) as twice, translation.override("zh-hans"):
        services.reinvestigation_report_sign(case=escalated, actor=li)
    assert twice.value.code == ov.REFUSED_NO_REPORT
    assert snapshot(escalated) == before
    kinds = list(CaseEvent.objects.filter(case=escalated).order_by("pk").values_list("kind", flat=True))
    assert kinds.count("reinvestigation_filed") == 2
    assert kinds.count("reinvestigation_returned") == 1


def test_refusals_change_nothing(org, escalated):
    clerk = org.people["petition", "clerk"]
    plain = routed_case(lead=org.units["agri"], owner=org.leaders["li"])
    before = snapshot(plain)
    with pytest.raises(Conflict) as not_escalated:
        services.warning_slip_issue(case=plain, actor=clerk)
    assert not_escalated.value.code == ov.REFUSED_NOT_ESCALATED
    with pytest.raises(Conflict):
        services.ownership_duty_record(
            case=plain, actor=org.leaders["li"].user, duty="know", done_on=date(2026, 1, 5), note="x"
        )
    assert snapshot(plain) == before

    before = snapshot(escalated)
    with pytest.raises(NotAllowed) as wrong_role:
        services.warning_slip_issue(case=escalated, actor=org.people["agri", "head"])
    assert wrong_role.value.status == 403
    with pytest.raises(CaseNotFound) as hidden:
        services.warning_slip_issue(case=escalated, actor=org.people["urban", "clerk"])
    assert hidden.value.status == 404
    with pytest.raises(Conflict) as no_slip:
        services.reinvestigation_report_file(
            case=escalated,
            actor=org.people["agri", "handler"],
            analysis="a",
            resolution_plan="b",
            stabilisation_plan="c",
        )
    assert no_slip.value.code == ov.REFUSED_NO_SLIP
    assert snapshot(escalated) == before

    services.warning_slip_issue(case=escalated, actor=clerk, now=NOW)
    before = snapshot(escalated)
    with pytest.raises(Conflict) as again:
        services.warning_slip_issue(case=escalated, actor=clerk, now=NOW)
    assert again.value.code == ov.REFUSED_SLIP_OPEN
    for actor in (org.people["agri", "clerk"], org.people["east", "handler"], org.people["petition", "head"]):
        with pytest.raises(NotAllowed):
            services.reinvestigation_report_file(
                case=escalated, actor=actor, analysis="a", resolution_plan="b", stabilisation_plan="c"
            )
    with pytest.raises(ActionRefused) as empty:
        services.reinvestigation_report_file(
            case=escalated,
            actor=org.people["agri", "handler"],
            analysis="a",
            resolution_plan=" ",
            stabilisation_plan="c",
        )
    assert empty.value.code == "resolution_plan"
    with pytest.raises(CaseNotFound):
        services.reinvestigation_report_sign(case=escalated, actor=org.leaders["zhang"].user)
    with pytest.raises(Conflict):
        services.reinvestigation_report_sign(case=escalated, actor=org.leaders["li"].user)
    li = org.leaders["li"].user
    with pytest.raises(NotAllowed):
        services.ownership_duty_record(
            case=escalated, actor=org.people["agri", "head"], duty="know", done_on=date(2026, 11, 1), note="x"
        )
    with pytest.raises(ActionRefused) as unknown:
        services.ownership_duty_record(case=escalated, actor=li, duty="bribe", done_on=date(2026, 11, 1), note="x")
    assert unknown.value.code == "duty"
    with pytest.raises(ActionRefused) as future:
        services.ownership_duty_record(
            case=escalated, actor=li, duty="know", done_on=date(2026, 11, 27), note="x", now=NOW
        )
    assert future.value.code == "done_on"
    with pytest.raises(ActionRefused) as nobody:
        services.case_conference_record(
            case=escalated, actor=li, held_on=date(2026, 11, 1), place="会议室", analysis="a", decisions="b"
        )
    assert nobody.value.code == "attendees"
    assert snapshot(escalated) == before


def test_refusal_messages_are_chinese(org, escalated):
    with pytest.raises(NotAllowed) as refused, translation.override("zh-hans"):
        services.warning_slip_issue(case=escalated, actor=org.people["agri", "head"])
    assert_chinese(
        refused.value.message, "Only the petition office issues warning slips.", "只有信访办可以发放预警提醒单。"
    )


def test_the_director_records_duties_of_a_case_without_an_owner(org):
    case = routed_case(lead=org.units["agri"], group_size=6)
    duty = services.ownership_duty_record(
        case=case, actor=org.director.user, duty="stabilise", done_on=date(2026, 11, 2), note="约谈"
    )
    assert duty.owner == org.director


def test_a_slip_on_a_conduct_complaint_never_reaches_the_accused_unit(org):
    """Even when the recipient rule names the accused unit's head (its line office), nobody there hears."""
    case = routed_case(
        lead=org.units["east"],
        is_conduct_complaint=True,
        accused_units=[org.units["urban"]],
        owner=org.leaders["chen"],
        service="complaint",
        extreme_behaviour=True,
    )
    Routing.objects.filter(pk=case.pk).update(line_office=org.units["urban"])
    case.refresh_from_db()
    slip = services.warning_slip_issue(case=case, actor=org.people["discipline", "clerk"], now=NOW)
    urban = {org.people["urban", role].pk for role in ("clerk", "handler", "head")}
    named = {p["id"] for p in [*slip.recipients, *slip.copies]}
    assert not named & urban
    assert not Notification.objects.filter(user_id__in=urban).exists()
    assert Notification.objects.filter(case=case, user=org.director.user).exists()


def test_an_accused_head_named_by_the_rule_is_not_told_even_if_stored(org, escalated):
    """A conduct complaint about the lead-to-be office: none of its people hear of the slip."""
    case = routed_case(
        lead=org.units["discipline"], is_conduct_complaint=True, accused_units=[org.units["agri"]], repeat_count=4
    )
    services.warning_slip_issue(case=case, actor=org.people["discipline", "head"], now=NOW)
    assert not Notification.objects.filter(case=case, user__memberships__unit=org.units["agri"]).exists()


def test_signing_out_an_escalated_case_raises_its_slip_once(org):
    case = routed_case(lead=org.units["agri"], status=st.ROUTED, owner=org.leaders["li"], skip_level=True)
    services.case_sign_assignment(case=case, actor=org.director.user, now=NOW)
    slip = WarningSlip.objects.get(case=case)
    assert slip.issued_by is None
    assert services.warning_slips_raise(case=case, now=NOW) is None
    assert WarningSlip.objects.filter(case=case).count() == 1
    plain = routed_case(lead=org.units["agri"], status=st.ROUTED)
    services.case_sign_assignment(case=plain, actor=org.director.user, now=NOW)
    assert not WarningSlip.objects.filter(case=plain).exists()


def test_slip_numbers_count_per_year(org):
    cases = [routed_case(lead=org.units["agri"], repeat_count=3) for _ in range(3)]
    clerk = org.people["petition", "clerk"]
    numbers = [services.warning_slip_issue(case=c, actor=clerk, now=NOW).number for c in cases[:2]]
    numbers.append(services.warning_slip_issue(case=cases[2], actor=clerk, now=NOW.replace(year=2027)).number)
    assert numbers == ["预警〔2026〕第1号", "预警〔2026〕第2号", "预警〔2027〕第1号"]


@pytest.mark.django_db(transaction=True)
def test_slips_issued_at_once_get_distinct_numbers(org):
    cases = [routed_case(lead=org.units["agri"], repeat_count=3) for _ in range(6)]
    clerk = org.people["petition", "clerk"]
    barrier = threading.Barrier(len(cases))
    outcomes: list[str] = []

    def issue(case):
        try:
            barrier.wait()
            outcomes.append(services.warning_slip_issue(case=case, actor=clerk).number)
        except Exception as error:
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(case,)) for case in cases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    year = timezone.localdate().year
    assert sorted(outcomes) == sorted(f"预警〔{year}〕第{n}号" for n in range(1, 7))


def _escalated_cases(org, n):
    return [
        routed_case(lead=org.units["agri"], assisting=[org.units["east"]], owner=org.leaders["li"], group_size=5)
        for _ in range(n)
    ]


def test_sweep_raises_missing_slips_and_marks_overdue_ones_idempotently(org):
    cases = _escalated_cases(org, 3)
    routed_case(lead=org.units["agri"])  # not escalated
    routed_case(lead=org.units["agri"], status=st.CLOSED, repeat_count=5)  # closed
    assert services.warning_slips_sweep(today=NOW.date(), now=NOW) == 3
    assert WarningSlip.objects.count() == 3
    assert services.warning_slips_sweep(today=NOW.date(), now=NOW) == 0
    slips = list(WarningSlip.objects.order_by("seq"))
    services.reinvestigation_report_file(
        case=cases[0], actor=org.people["agri", "handler"], analysis="a", resolution_plan="b", stabilisation_plan="c"
    )
    later = slips[0].reinvestigation_due_on + timedelta(days=1)
    notified = Notification.objects.count()
    assert services.warning_slips_sweep(today=later, now=NOW + timedelta(days=12)) == 2
    assert WarningSlip.objects.filter(overdue_at__isnull=False).count() == 2
    told = set(Notification.objects.filter(kind="reinvestigation_overdue").values_list("user_id", flat=True))
    assert told == {org.people["agri", "head"].pk, org.leaders["li"].user_id}
    assert Notification.objects.count() == notified + 4
    state = (Notification.objects.count(), CaseEvent.objects.count(), WarningSlip.objects.count())
    assert services.warning_slips_sweep(today=later, now=NOW + timedelta(days=12)) == 0
    assert (Notification.objects.count(), CaseEvent.objects.count(), WarningSlip.objects.count()) == state


def test_sweep_queries_do_not_grow_with_the_number_of_cases(org, django_assert_max_num_queries):
    _escalated_cases(org, 5)
    with CaptureQueriesContext(connection) as five:
        assert services.warning_slips_sweep(today=NOW.date(), now=NOW) == 5
    with CaptureQueriesContext(connection) as five_overdue:
        assert services.warning_slips_sweep(today=NOW.date() + timedelta(days=30), now=NOW) == 5
    _escalated_cases(org, 50)
    with django_assert_max_num_queries(len(five.captured_queries)):
        assert services.warning_slips_sweep(today=NOW.date(), now=NOW) == 50
    with django_assert_max_num_queries(len(five_overdue.captured_queries)):
        assert services.warning_slips_sweep(today=NOW.date() + timedelta(days=30), now=NOW) == 50
