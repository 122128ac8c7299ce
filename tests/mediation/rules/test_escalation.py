"""Escalation triggers (一（三）、一（四）), the warning slip and its recipients (二（二））."""

import re

import pytest

from mediation.rules.escalation import EscalationAssessment, assess
from mediation.rules.oversight import warning_slip_recipients
from mediation.rules.routing import CaseFacts, OrgSnapshot, UnitRef, route_case

CHINESE = re.compile(r"[\u4e00-\u9fff]")

DIRECTOR = "leader:wang"
LI = "leader:li"
CHEN = "leader:chen"
AGRI_HEAD = "user:agri.head"
EAST_LEADER = "user:east.leader"
DISCIPLINE_HEAD = "user:discipline.head"

ORG = OrgSnapshot(
    units={
        "agriculture": UnitRef("agriculture", "line_office"),
        "discipline-office": UnitRef("discipline-office", "discipline_office"),
        "liaison-east": UnitRef("liaison-east", "liaison_team", "east"),
    },
    supervisor_of_unit={"agriculture": LI, "discipline-office": CHEN},
    chief_of_area={"east": LI},
    liaison_team_of_area={"east": "liaison-east"},
    director=DIRECTOR,
    unit_of_person={AGRI_HEAD: frozenset({"agriculture"}), EAST_LEADER: frozenset({"liaison-east"})},
)


def _assess(**changes: object) -> EscalationAssessment:
    values: dict[str, object] = {"repeat_count": 1, "skip_level": False, "group_size": 1, "extreme_behaviour": False}
    return assess(**(values | changes))  # type: ignore[arg-type]


def test_first_petition_by_one_person_is_not_escalated():
    assessment = _assess()

    assert assessment == EscalationAssessment(repeat=False, skip_level=False, collective=False, extreme=False)
    assert assessment.escalated is False
    assert assessment.joint_reception is False
    assert assessment.warning_slip is False
    assert assessment.reasons == ()


@pytest.mark.parametrize(("repeat_count", "repeat"), [(1, False), (2, False), (3, True), (4, True), (12, True)])
def test_repeat_petition_starts_at_third_time(repeat_count, repeat):
    assessment = _assess(repeat_count=repeat_count)

    assert assessment.repeat is repeat
    assert assessment.escalated is repeat
    assert assessment.warning_slip is repeat


@pytest.mark.parametrize(("group_size", "collective"), [(1, False), (4, False), (5, True), (6, True), (40, True)])
def test_collective_petition_starts_at_five_people(group_size, collective):
    assessment = _assess(group_size=group_size)

    assert assessment.collective is collective
    assert assessment.escalated is collective
    assert assessment.joint_reception is collective


def test_skip_level_petition_is_escalated_without_joint_reception():
    assessment = _assess(skip_level=True)

    assert assessment.skip_level is True
    assert assessment.escalated is True
    assert assessment.warning_slip is True
    assert assessment.joint_reception is False


def test_repeat_petition_is_escalated_without_joint_reception():
    assessment = _assess(repeat_count=3)

    assert assessment.joint_reception is False


def test_extreme_behaviour_by_one_person_calls_for_joint_reception():
    assessment = _assess(extreme_behaviour=True)

    assert assessment.extreme is True
    assert assessment.escalated is True
    assert assessment.joint_reception is True
    assert assessment.warning_slip is True


@pytest.mark.parametrize(
    ("changes", "word", "clause"),
    [
        ({"repeat_count": 3}, "重复访", "一（四）"),
        ({"skip_level": True}, "越级访", "一（四）"),
        ({"group_size": 5}, "集体访", "一（三）"),
        ({"extreme_behaviour": True}, "极端信访行为", "一（三）"),
    ],
)
def test_reasons_name_each_trigger_and_its_clause(changes, word, clause):
    reasons = _assess(**changes).reasons

    trigger = [reason for reason in reasons if reason.startswith(word)]
    assert len(trigger) == 1
    assert clause in trigger[0]
    assert any("预警提醒单" in reason and "二（二）" in reason for reason in reasons)
    assert any("五包责任制" in reason for reason in reasons)
    assert all(CHINESE.search(reason) for reason in reasons)


def test_reasons_mention_joint_reception_only_when_due():
    assert not any("同步接访" in reason for reason in _assess(skip_level=True).reasons)
    assert any("同步接访" in reason for reason in _assess(group_size=5).reasons)


def test_all_triggers_together_are_listed_in_fixed_order():
    reasons = _assess(repeat_count=5, skip_level=True, group_size=8, extreme_behaviour=True).reasons

    starts = [reason[:3] for reason in reasons[:4]]
    assert starts == ["重复访", "越级访", "集体访", "极端信"]


@pytest.mark.parametrize("changes", [{"repeat_count": 0}, {"group_size": 0}, {"repeat_count": -1}])
def test_assess_rejects_counts_below_one(changes):
    with pytest.raises(ValueError, match=next(iter(changes))):
        _assess(**changes)


# --- 二（二） warning slip recipients --------------------------------------------------------------


def test_warning_slip_goes_to_lead_head_and_liaison_leader_copied_to_owner_and_director():
    decision = route_case(CaseFacts("policy", line_office="agriculture", area="east", repeat_count=3), ORG)

    recipients = warning_slip_recipients(decision, ORG, lead_head=AGRI_HEAD, liaison_team_leader=EAST_LEADER)

    assert recipients.to == (AGRI_HEAD, EAST_LEADER)
    assert recipients.cc == (LI, DIRECTOR)


def test_no_warning_slip_for_case_that_is_not_escalated():
    decision = route_case(CaseFacts("policy", line_office="agriculture", area="east", repeat_count=2), ORG)

    recipients = warning_slip_recipients(decision, ORG, lead_head=AGRI_HEAD, liaison_team_leader=EAST_LEADER)

    assert recipients.to == ()
    assert recipients.cc == ()


def test_warning_slip_for_execution_case_reaches_line_office_head_once():
    decision = route_case(CaseFacts("execution", line_office="agriculture", area="east", skip_level=True), ORG)

    recipients = warning_slip_recipients(
        decision, ORG, lead_head=EAST_LEADER, liaison_team_leader=EAST_LEADER, line_office_head=AGRI_HEAD
    )

    assert recipients.to == (EAST_LEADER, AGRI_HEAD)
    assert recipients.cc == (LI, DIRECTOR)


def test_warning_slip_skips_missing_people():
    decision = route_case(CaseFacts("policy", area="east", group_size=5), ORG)

    recipients = warning_slip_recipients(decision, ORG, lead_head=None, liaison_team_leader=EAST_LEADER)

    assert decision.owner is None
    assert recipients.to == (EAST_LEADER,)
    assert recipients.cc == (DIRECTOR,)


def test_warning_slip_of_conduct_complaint_never_reaches_accused_person():
    accused = frozenset({EAST_LEADER})
    facts = CaseFacts("conduct", line_office="agriculture", area="east", repeat_count=3, accused_persons=accused)
    decision = route_case(facts, ORG)

    recipients = warning_slip_recipients(
        decision, ORG, lead_head=DISCIPLINE_HEAD, liaison_team_leader=EAST_LEADER, accused_persons=accused
    )

    assert recipients.to == (DISCIPLINE_HEAD,)
    assert recipients.cc == (CHEN, DIRECTOR)


def test_warning_slip_of_conduct_complaint_against_director_is_not_copied_to_director():
    accused = frozenset({DIRECTOR})
    decision = route_case(CaseFacts("conduct", extreme_behaviour=True, accused_persons=accused), ORG)

    recipients = warning_slip_recipients(
        decision, ORG, lead_head=DISCIPLINE_HEAD, liaison_team_leader=None, accused_persons=accused
    )

    assert recipients.to == (DISCIPLINE_HEAD,)
    assert recipients.cc == (CHEN,)


def test_warning_slip_of_conduct_complaint_against_discipline_leader_is_copied_to_director_only():
    accused = frozenset({CHEN})
    decision = route_case(CaseFacts("conduct", skip_level=True, accused_persons=accused), ORG)

    recipients = warning_slip_recipients(
        decision, ORG, lead_head=DISCIPLINE_HEAD, liaison_team_leader=None, accused_persons=accused
    )

    assert decision.owner == DIRECTOR
    assert recipients.cc == (DIRECTOR,)
    assert CHEN not in recipients.to + recipients.cc


def test_warning_slip_recipient_is_not_also_copied():
    decision = route_case(CaseFacts("policy", line_office="agriculture", area="east", repeat_count=3), ORG)

    recipients = warning_slip_recipients(decision, ORG, lead_head=LI, liaison_team_leader=EAST_LEADER)

    assert recipients.to == (LI, EAST_LEADER)
    assert recipients.cc == (DIRECTOR,)
