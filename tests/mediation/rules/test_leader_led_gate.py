"""Issue 17, the pure rules of a leader-led case: each requirement alone blocks its completion (二（二）、
二（四）), the site visit comes before the reply when the call left the request unclear (一（二）), and
each later escalation event (一（三）、一（四）) makes an ordinary case leader-led with a warning slip and an
owner, the group and extreme ones with the joint reception too."""

from dataclasses import replace

import pytest

from mediation.rules import oversight as ov
from mediation.rules.escalation import assess
from mediation.rules.routing import CaseFacts, route_case
from tests.mediation.rules.test_escalation import LI, ORG

EVERYTHING_DONE = {
    "leader_led": True,
    "duties_done": ov.DUTIES,
    "conference_held": True,
    "slips_issued": 1,
    "slip_open": False,
    "appointment_recorded": True,
}
ONE_MISSING = [
    *[(f"duty {duty}", {"duties_done": tuple(d for d in ov.DUTIES if d != duty)}, duty) for duty in ov.DUTIES],
    ("no case conference", {"conference_held": False}, ov.REQUIRE_CONFERENCE),
    ("no slip issued yet", {"slips_issued": 0}, ov.REQUIRE_REINVESTIGATION),
    ("re-investigation not signed", {"slip_open": True}, ov.REQUIRE_REINVESTIGATION),
    ("no proactive appointment", {"appointment_recorded": False}, ov.REQUIRE_APPOINTMENT),
]


def test_a_leader_led_case_with_everything_done_lacks_nothing():
    assert ov.completion_requirements(**EVERYTHING_DONE) == ()


@pytest.mark.parametrize(("what", "change", "missing"), ONE_MISSING, ids=[m[0] for m in ONE_MISSING])
def test_each_requirement_alone_blocks_the_completion(what, change, missing):
    assert ov.completion_requirements(**(EVERYTHING_DONE | change)) == (missing,)


@pytest.mark.parametrize(("what", "change", "missing"), ONE_MISSING, ids=[m[0] for m in ONE_MISSING])
def test_a_case_not_leader_led_is_held_by_none_of_them(what, change, missing):
    assert ov.completion_requirements(**(EVERYTHING_DONE | change | {"leader_led": False})) == ()


def test_an_anonymous_report_needs_no_appointment_but_everything_else():
    lacking = EVERYTHING_DONE | {"appointment_recorded": False, "conference_held": False, "anonymous": True}
    assert ov.completion_requirements(**lacking) == (ov.REQUIRE_CONFERENCE,)


@pytest.mark.parametrize(
    ("unclear", "visited", "missing"),
    [(True, False, (ov.REQUIRE_SITE_VISIT,)), (True, True, ()), (False, False, ()), (False, True, ())],
)
def test_the_site_visit_comes_before_the_reply_only_when_the_call_left_the_request_unclear(unclear, visited, missing):
    assert ov.reply_requirements(request_unclear=unclear, site_visit_recorded=visited) == missing


ORDINARY = CaseFacts("policy", line_office="agriculture", area="east", repeat_count=2, group_size=4)
LATER_EVENTS = [
    ("third raising", {"repeat_count": 3}, False),
    ("skip-level petition", {"skip_level": True}, False),
    ("collective visit of five", {"group_size": 5}, True),
    ("extreme behaviour", {"extreme_behaviour": True}, True),
]


def _assessed(facts: CaseFacts):
    return assess(facts.repeat_count, facts.skip_level, facts.group_size, facts.extreme_behaviour)


def test_the_ordinary_case_before_any_event_is_not_leader_led():
    before = _assessed(ORDINARY)
    decision = route_case(ORDINARY, ORG)
    assert not before.escalated
    assert not before.warning_slip
    assert not before.joint_reception
    assert not decision.leader_led  # the supervising leader leads the policy case (一（一）1) but does not own it yet


@pytest.mark.parametrize(("what", "change", "joint"), LATER_EVENTS, ids=[e[0] for e in LATER_EVENTS])
def test_each_later_event_makes_the_case_leader_led_with_a_slip_and_an_owner(what, change, joint):
    after = replace(ORDINARY, **change)
    assessment = _assessed(after)
    decision = route_case(after, ORG)
    assert assessment.escalated
    assert assessment.warning_slip
    assert assessment.joint_reception is joint  # only a group or extreme behaviour calls the heads out
    assert decision.leader_led
    assert decision.owner == LI  # the leader supervising the line office owns the case (包案)
    assert decision.lead_unit == "agriculture"  # the unit stays; the leader owns it on top


def test_every_step_that_closes_a_case_of_any_service_is_held_by_the_leader_led_gate():
    from cases.rules import status as st

    tables = {"petition": st.TRANSITIONS, **st.SERVICE_TRANSITIONS}
    closing = {
        action
        for table in tables.values()
        for action, transition in table.items()
        if transition.to_status in {st.CLOSED, st.SIGNED_OFF}
    }
    assert closing == st.FINISHING_ACTIONS
    assert "withdraw" not in st.FINISHING_ACTIONS  # the petitioner's, not a finish by the owner
    assert not {"book_consultation", "deliver_reply", "record_follow_up"} & st.FINISHING_ACTIONS
