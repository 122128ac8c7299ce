"""The shared queue: one winner per pick, release, assignment by the head, take back, objections."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone, translation

from cases.errors import ActionRefused, AlreadyPicked, CaseNotFound, Conflict, NotAllowed
from cases.models import Case, CaseEvent, Routing
from cases.rules import status as st
from cases.selectors import case_list_for_user
from mediation import selectors, services
from mediation.calendar import work_calendar
from mediation.models import AssistFinding, Objection
from tests.factories import member
from tests.mediation.factories import assert_chinese, build_org, routed_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(org):
    return routed_case(lead=org.units["agri"], assisting=[org.units["east"]])


def _queue(user, unit):
    return [c.pk for c in selectors.queue_for_unit(user, unit).items]


def test_pick_has_one_winner_and_the_loser_is_told_in_chinese(org, queued):
    handler, head = org.people["agri", "handler"], org.people["agri", "head"]
    services.case_pick(case=queued, actor=handler)
    queued.refresh_from_db()
    assert queued.status == st.IN_PROGRESS
    assert _queue(head, org.units["agri"]) == []
    with pytest.raises(AlreadyPicked) as lost, translation.override("zh-hans"):
        services.case_pick(case=queued, actor=head)
    assert lost.value.status == 409
    assert Routing.objects.get(pk=queued.pk).picked_by == handler
    assert_chinese(lost.value.message, "Already picked by someone else.", "已被他人领取")


def test_clerks_assisting_units_and_strangers_cannot_pick(org, queued):
    with pytest.raises(NotAllowed):
        services.case_pick(case=queued, actor=org.people["agri", "clerk"])
    with pytest.raises(NotAllowed):
        services.case_pick(case=queued, actor=org.people["east", "handler"])
    with pytest.raises(CaseNotFound):
        services.case_pick(case=queued, actor=org.people["urban", "handler"])
    assert Case.objects.get(pk=queued.pk).status == st.ASSIGNED


def test_release_returns_the_case_to_its_place_in_the_queue(org, queued):
    handler = org.people["agri", "handler"]
    services.case_pick(case=queued, actor=handler)
    with pytest.raises(NotAllowed):
        services.case_release(case=queued, actor=org.people["agri", "head"])
    routing = services.case_release(case=queued, actor=handler)
    assert routing.queued_at == routing.assigned_at
    assert _queue(handler, org.units["agri"]) == [queued.pk]
    assert Case.objects.get(pk=queued.pk).status == st.ASSIGNED


def test_head_assigns_to_a_member_and_takes_back(org, queued):
    head, handler = org.people["agri", "head"], org.people["agri", "handler"]
    second = member(org.units["agri"], "handler", username="agri.handler2")
    services.case_assign(case=queued, actor=head, assignee=handler)
    services.case_assign(case=queued, actor=head, assignee=second)
    moved = CaseEvent.objects.filter(case=queued, kind="assigned_to_member").order_by("pk").last()
    assert moved.data["from"]["id"] == handler.pk
    assert moved.data["to"]["id"] == second.pk
    with pytest.raises(ActionRefused):
        services.case_assign(case=queued, actor=head, assignee=org.people["urban", "handler"])
    with pytest.raises(NotAllowed):
        services.case_assign(case=queued, actor=handler, assignee=handler)
    services.case_take_back(case=queued, actor=head)
    assert _queue(head, org.units["agri"]) == [queued.pk]
    taken = CaseEvent.objects.get(case=queued, kind="taken_back")
    assert taken.data["from"]["id"] == second.pk


def test_objection_within_five_working_days_keeps_the_case_in_the_queue(org, queued):
    head = org.people["agri", "head"]
    services.case_pick(case=queued, actor=org.people["agri", "handler"])
    with pytest.raises(ActionRefused):
        services.case_object(case=queued, actor=head, reason=" ")
    objection = services.case_object(case=queued, actor=head, reason="属城建办职责")
    queued.refresh_from_db()
    assert queued.status == st.OBJECTED
    assert _queue(head, org.units["agri"]) == [queued.pk]  # still in the lead's queue
    with pytest.raises(Conflict):
        services.case_pick(case=queued, actor=org.people["agri", "handler"])
    assert objection.deadline == work_calendar().add_working_days(timezone.localdate(), 5)


def test_objection_after_five_working_days_is_refused(org):
    long_ago = timezone.now() - timedelta(days=30)
    case = routed_case(lead=org.units["agri"], assigned_at=long_ago)
    with pytest.raises(Conflict) as late:
        services.case_object(case=case, actor=org.people["agri", "head"], reason="不是我们的事")
    assert late.value.code == "too_late"


def test_a_handler_cannot_object(org, queued):
    with pytest.raises(NotAllowed):
        services.case_object(case=queued, actor=org.people["agri", "handler"], reason="x")


def test_director_upholds_or_reassigns_an_objection(org, queued):
    head = org.people["agri", "head"]
    services.case_object(case=queued, actor=head, reason="x")
    services.objection_decide(case=queued, actor=org.director.user, uphold=True, note="属农业办职责")
    queued.refresh_from_db()
    assert queued.status == st.ASSIGNED
    assert Objection.objects.get(case=queued).decision == "upheld"
    with pytest.raises(Conflict):  # one objection per assignment
        services.case_object(case=queued, actor=head, reason="again")


def test_objection_decided_by_reassignment_moves_the_case(org, queued):
    services.case_object(case=queued, actor=org.people["agri", "head"], reason="x")
    with pytest.raises(NotAllowed):
        services.objection_decide(case=queued, actor=org.leaders["li"].user, uphold=True)
    services.objection_decide(
        case=queued, actor=org.director.user, uphold=False, unit=org.units["urban"], note="城建办承办"
    )
    assert _queue(org.people["urban", "handler"], org.units["urban"]) == [queued.pk]
    assert _queue(org.people["agri", "head"], org.units["agri"]) == []


def test_director_reassigns_with_a_reason_and_history_shows_who_had_it(org, queued):
    handler = org.people["agri", "handler"]
    services.case_pick(case=queued, actor=handler)
    with pytest.raises(ActionRefused):
        services.case_reassign(case=queued, actor=org.director.user, unit=org.units["urban"], reason="")
    with pytest.raises(NotAllowed):
        services.case_reassign(case=queued, actor=org.people["agri", "head"], unit=org.units["urban"], reason="x")
    services.case_reassign(case=queued, actor=org.director.user, unit=org.units["urban"], reason="涉及规划")
    event = CaseEvent.objects.get(case=queued, kind="reassigned")
    assert event.data["from"]["code"] == "agriculture"
    assert event.data["to"]["code"] == "urban-construction"
    assert event.data["held_by"]["id"] == handler.pk
    assert event.data["reason"] == "涉及规划"
    assert not case_list_for_user(handler).filter(pk=queued.pk).exists()


def test_conduct_case_cannot_be_reassigned_to_a_line_office(org):
    case = routed_case(lead=org.units["discipline"], kind="conduct", is_conduct_complaint=True)
    with pytest.raises(ActionRefused) as refused:
        services.case_reassign(case=case, actor=org.director.user, unit=org.units["agri"], reason="x")
    assert refused.value.code == "conduct_lead"


def test_assisting_unit_adds_findings_the_lead_sees(org, queued):
    services.assist_finding_add(case=queued, actor=org.people["east", "handler"], text="现场已核实")
    assert AssistFinding.objects.get(case=queued).unit == org.units["east"]
    assert selectors.findings_for(queued).count() == 1
    with pytest.raises(NotAllowed):
        services.assist_finding_add(case=queued, actor=org.people["agri", "handler"], text="x")
    with pytest.raises(CaseNotFound):
        services.assist_finding_add(case=queued, actor=org.people["urban", "handler"], text="x")


def test_queue_invariant_queued_iff_waiting_and_unpicked(org, queued):
    handler, head = org.people["agri", "handler"], org.people["agri", "head"]
    steps = [
        lambda: services.case_pick(case=queued, actor=handler),
        lambda: services.case_release(case=queued, actor=handler),
        lambda: services.case_assign(case=queued, actor=head, assignee=handler),
        lambda: services.case_take_back(case=queued, actor=head),
        lambda: services.case_object(case=queued, actor=head, reason="x"),
        lambda: services.case_reassign(case=queued, actor=org.director.user, unit=org.units["urban"], reason="y"),
    ]
    for step in steps:
        step()
        case = Case.objects.select_related("routing").get(pk=queued.pk)
        waiting = case.status in st.QUEUE_STATUSES and case.routing.picked_by_id is None
        assert (case.routing.queued_at is not None) == waiting, case.status


@pytest.mark.django_db(transaction=True)
def test_concurrent_picks_have_exactly_one_winner():
    org = build_org()
    case = routed_case(lead=org.units["agri"])
    pickers = [member(org.units["agri"], "handler", username=f"picker{i}") for i in range(8)]
    barrier = threading.Barrier(len(pickers))
    outcomes: list[str] = []

    def pick(user):
        try:
            barrier.wait()
            services.case_pick(case=case, actor=user)
            outcomes.append("won")
        except AlreadyPicked:
            outcomes.append("lost")
        except Exception as error:
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=pick, args=(user,)) for user in pickers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["lost"] * 7 + ["won"]
    assert Routing.objects.get(pk=case.pk).picked_by in pickers
    assert CaseEvent.objects.filter(case=case, kind="picked").count() == 1
