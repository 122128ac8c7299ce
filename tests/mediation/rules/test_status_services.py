"""The services' own workflows in the status rules (issue 16): the legal consultation."""

import re

import pytest

from cases.rules import status as st
from cases.rules.status import (
    ALL_STATUS_LABELS,
    ALL_STATUSES,
    SERVICE_TRANSITIONS,
    STATUS_LABELS,
    TRANSITIONS,
    TransitionRefused,
    check_transition,
    service_actions,
    service_allowed_actions,
)

CHINESE = re.compile(r"[\u4e00-\u9fff]")
CONSULTATION = "legal_consultation"
LEGAL = frozenset({"legal_staff"})
OPEN = ("registered", "routed", "assigned", "in_progress", "reopened")
EVERY_ROLE = (*sorted(st.ROLES), "legal_staff")

# Written out independently of the module: action -> (from statuses, to status, roles).
EXPECTED = {
    "give_consultation": (set(OPEN), "closed", {"legal_staff"}),
    "book_consultation": (set(OPEN), "consultation_booked", {"legal_staff"}),
    "hold_consultation": ({"consultation_booked", "consultation_missed"}, "closed", {"legal_staff"}),
    "record_consultation_no_show": ({"consultation_booked"}, "consultation_missed", {"legal_staff"}),
    "rebook_consultation": ({"consultation_missed"}, "consultation_booked", {"legal_staff"}),
    "close_missed_consultation": ({"consultation_missed"}, "closed", {"legal_staff"}),
}


def check_service_transition(service, action, status, roles):
    return check_transition(action, status, roles, service=service)


def test_the_consultation_table_declares_exactly_the_expected_actions():
    assert service_actions(CONSULTATION) == set(EXPECTED)
    assert set(SERVICE_TRANSITIONS[CONSULTATION]) == set(TRANSITIONS) | set(EXPECTED)


def test_the_petition_table_is_left_as_it_was():
    assert "consultation_booked" not in STATUS_LABELS
    assert not set(TRANSITIONS) & set(EXPECTED)
    assert all("legal_staff" not in transition.roles for transition in TRANSITIONS.values())


@pytest.mark.parametrize("status", OPEN)
def test_a_consultation_answered_on_the_spot_closes_at_once(status):
    assert check_service_transition(CONSULTATION, "give_consultation", status, LEGAL) == "closed"


def test_a_booked_consultation_stays_open_until_it_is_held():
    booked = check_service_transition(CONSULTATION, "book_consultation", "registered", LEGAL)
    assert booked == "consultation_booked"
    assert booked not in st.TERMINAL_STATUSES
    assert service_allowed_actions(CONSULTATION, booked, LEGAL) == ("hold_consultation", "record_consultation_no_show")
    assert check_service_transition(CONSULTATION, "hold_consultation", booked, LEGAL) == "closed"


def test_a_resident_who_does_not_come_is_booked_again_or_the_consultation_closed():
    missed = check_service_transition(CONSULTATION, "record_consultation_no_show", "consultation_booked", LEGAL)
    assert missed == "consultation_missed"
    assert missed not in st.TERMINAL_STATUSES
    assert ALL_STATUS_LABELS[missed] == "预约未到场，待重新预约"
    assert service_allowed_actions(CONSULTATION, missed, LEGAL) == (
        "hold_consultation",
        "rebook_consultation",
        "close_missed_consultation",
    )
    rebooked = check_service_transition(CONSULTATION, "rebook_consultation", missed, LEGAL)
    assert rebooked == "consultation_booked"
    # Missed again, then closed unattended.
    again = check_service_transition(CONSULTATION, "record_consultation_no_show", rebooked, LEGAL)
    assert check_service_transition(CONSULTATION, "close_missed_consultation", again, LEGAL) == "closed"


def test_a_no_show_cannot_be_recorded_before_a_booking_nor_twice():
    for status in (*OPEN, "consultation_missed", "closed"):
        with pytest.raises(TransitionRefused) as refused:
            check_service_transition(CONSULTATION, "record_consultation_no_show", status, LEGAL)
        assert refused.value.code == "wrong_status"
    with pytest.raises(TransitionRefused) as refused:
        check_service_transition(CONSULTATION, "rebook_consultation", "consultation_missed", frozenset({"clerk"}))
    assert "司法所工作人员" in refused.value.message


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_every_other_status_and_role_is_refused(action):
    from_statuses, _to, roles = EXPECTED[action]
    for status in sorted(ALL_STATUSES):
        for role in EVERY_ROLE:
            if status in from_statuses and role in roles:
                continue
            with pytest.raises(TransitionRefused) as refused:
                check_service_transition(CONSULTATION, action, status, frozenset({role}))
            expected = "role_not_allowed" if status in from_statuses else "wrong_status"
            assert refused.value.code == expected, (action, status, role)
            assert CHINESE.search(refused.value.message)


def test_a_refusal_names_the_legal_staff_in_chinese():
    with pytest.raises(TransitionRefused) as refused:
        check_service_transition(CONSULTATION, "give_consultation", "registered", frozenset({"clerk"}))
    assert "司法所工作人员" in refused.value.message


def test_no_petition_step_is_needed_for_a_consultation():
    """From registration to closed in one step: no 交办签, reply, 办结签 or follow-up visit."""
    assert check_service_transition(CONSULTATION, "give_consultation", "registered", LEGAL) == "closed"
    with pytest.raises(TransitionRefused):
        check_transition("close", "registered", frozenset(st.ROLES))


def test_petition_actions_go_by_the_petition_table_for_a_consultation():
    roles = frozenset({"handler"})
    expected = check_transition("pick", "assigned", roles)
    assert check_service_transition(CONSULTATION, "pick", "assigned", roles) == expected
    with pytest.raises(TransitionRefused) as refused:
        check_service_transition(CONSULTATION, "pick", "consultation_booked", roles)
    assert refused.value.code == "wrong_status"
    assert "已预约值班律师" in refused.value.message


def test_another_service_has_no_consultation_actions():
    with pytest.raises(TransitionRefused) as refused:
        check_service_transition("petition", "give_consultation", "registered", LEGAL)
    assert refused.value.code == "unknown_action"
    assert service_allowed_actions("petition", "registered", LEGAL) == ()
    # Legal aid has its own two endings, not the consultation's steps (法律援助法 第四十三条).
    assert service_allowed_actions("legal_aid", "registered", LEGAL) == ("refuse_legal_aid", "hand_over_to_lawyer")


def test_every_service_status_has_a_chinese_label():
    for table in SERVICE_TRANSITIONS.values():
        for transition in table.values():
            for status in {*transition.from_statuses, transition.to_status} - {None}:
                assert status in ALL_STATUSES
                assert CHINESE.search(ALL_STATUS_LABELS[status])
