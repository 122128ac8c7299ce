"""The case lifecycle: every allowed transition, and a matrix of every refused one."""

import re
from collections import deque

import pytest

from cases.rules.status import (
    QUEUE_STATUSES,
    STATUS_LABELS,
    TERMINAL_STATUSES,
    TRANSITIONS,
    TransitionRefused,
    allowed_actions,
    check_transition,
)

CHINESE = re.compile(r"[\u4e00-\u9fff]")

ALL_STATUSES = (
    "registered",
    "routed",
    "assigned",
    "in_progress",
    "objected",
    "reply_drafted",
    "awaiting_signoff",
    "signed_off",
    "replied",
    "follow_up_done",
    "reopened",
    "closed",
    "withdrawn",
)
ALL_ROLES = (
    "clerk",
    "handler",
    "unit_head",
    "director",
    "duty_leader_delegate",
    "supervising_leader",
    "system",
    "petitioner",
)
BEFORE_REPLY = {
    "registered",
    "routed",
    "assigned",
    "in_progress",
    "objected",
    "reply_drafted",
    "awaiting_signoff",
    "reopened",
}
SIGNERS = {"director", "duty_leader_delegate"}
WORKERS = {"handler", "unit_head"}

# The lifecycle as the rulebook and PRODUCT.md describe it, written out independently of the
# module: action -> (from statuses, to status or None for unchanged, roles).
EXPECTED: dict[str, tuple[set[str], str | None, set[str]]] = {
    "confirm_routing": ({"registered", "routed"}, "routed", {"clerk"}),
    "sign_assignment": ({"routed", "reopened"}, "assigned", SIGNERS),
    "pick": ({"assigned"}, "in_progress", WORKERS),
    "release": ({"in_progress"}, "assigned", WORKERS),
    "assign_directly": ({"assigned", "in_progress"}, "in_progress", {"unit_head"}),
    "take_back": ({"in_progress", "reply_drafted"}, "assigned", {"unit_head"}),
    "object": ({"assigned", "in_progress"}, "objected", {"unit_head"}),
    "decide_objection": ({"objected"}, "assigned", {"director"}),
    "reassign": (
        {"routed", "assigned", "in_progress", "objected", "reply_drafted", "awaiting_signoff", "reopened"},
        "assigned",
        {"director"},
    ),
    "record_first_contact": ({"in_progress"}, None, WORKERS | {"supervising_leader"}),
    "record_site_visit": ({"in_progress"}, None, WORKERS | {"supervising_leader"}),
    "draft_reply": ({"in_progress", "reply_drafted"}, "reply_drafted", WORKERS | {"supervising_leader"}),
    "submit_for_signoff": ({"reply_drafted"}, "awaiting_signoff", WORKERS | {"supervising_leader"}),
    "return_reply": ({"awaiting_signoff"}, "reply_drafted", SIGNERS),
    "sign_completion": ({"awaiting_signoff"}, "signed_off", SIGNERS),
    "deliver_reply": ({"signed_off"}, "replied", {"clerk", "handler", "unit_head", "system"}),
    "record_follow_up": ({"replied"}, "follow_up_done", {"clerk", "handler", "unit_head"}),
    "reopen": ({"replied", "follow_up_done"}, "reopened", {"petitioner", "clerk"}),
    "close": ({"follow_up_done"}, "closed", {"clerk", "director", "system"}),
    "withdraw": (BEFORE_REPLY, "withdrawn", {"petitioner", "clerk"}),
}

ALLOWED = [
    (action, status, role)
    for action, (from_statuses, _to, roles) in EXPECTED.items()
    for status in sorted(from_statuses)
    for role in sorted(roles)
]


def test_module_declares_exactly_the_expected_actions():
    assert set(TRANSITIONS) == set(EXPECTED)


def test_module_declares_exactly_the_expected_statuses():
    assert set(STATUS_LABELS) == set(ALL_STATUSES)


@pytest.mark.parametrize("status", ALL_STATUSES)
def test_every_status_has_a_chinese_label(status):
    assert CHINESE.search(STATUS_LABELS[status])


@pytest.mark.parametrize(("action", "status", "role"), ALLOWED)
def test_allowed_transition_returns_declared_status(action, status, role):
    to_status = EXPECTED[action][1]

    assert check_transition(action, status, frozenset({role})) == (to_status or status)


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_every_other_status_and_role_is_refused(action):
    from_statuses, _to, roles = EXPECTED[action]
    for status in ALL_STATUSES:
        for role in ALL_ROLES:
            if status in from_statuses and role in roles:
                continue
            with pytest.raises(TransitionRefused) as refused:
                check_transition(action, status, frozenset({role}))
            expected_code = "role_not_allowed" if status in from_statuses else "wrong_status"
            assert refused.value.code == expected_code, (action, status, role)
            assert CHINESE.search(refused.value.message), (action, status, role)
            assert str(refused.value) == refused.value.message


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_refusal_for_wrong_status_names_the_status_in_chinese(action):
    from_statuses = EXPECTED[action][0]
    status = next(status for status in ALL_STATUSES if status not in from_statuses)

    with pytest.raises(TransitionRefused) as refused:
        check_transition(action, status, frozenset(ALL_ROLES))

    assert refused.value.code == "wrong_status"
    assert f"“{STATUS_LABELS[status]}”" in refused.value.message


def test_refusal_for_role_names_who_may_act():
    with pytest.raises(TransitionRefused) as refused:
        check_transition("sign_completion", "awaiting_signoff", frozenset({"handler"}))

    assert refused.value.code == "role_not_allowed"
    assert "承办人" in refused.value.message
    assert "主要领导" in refused.value.message


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_actor_without_roles_is_refused(action):
    status = sorted(EXPECTED[action][0])[0]

    with pytest.raises(TransitionRefused) as refused:
        check_transition(action, status, frozenset())

    assert refused.value.code == "role_not_allowed"


def test_unknown_action_is_refused():
    with pytest.raises(TransitionRefused) as refused:
        check_transition("approve", "registered", frozenset(ALL_ROLES))

    assert refused.value.code == "unknown_action"
    assert "approve" in refused.value.message
    assert CHINESE.search(refused.value.message)


def test_unknown_status_is_refused():
    with pytest.raises(TransitionRefused) as refused:
        check_transition("pick", "lost", frozenset({"handler"}))

    assert refused.value.code == "unknown_status"
    assert "lost" in refused.value.message


def test_any_of_several_roles_is_enough():
    assert check_transition("pick", "assigned", frozenset({"clerk", "handler"})) == "in_progress"


@pytest.mark.parametrize("status", ALL_STATUSES)
@pytest.mark.parametrize("role", ALL_ROLES)
def test_allowed_actions_lists_what_check_transition_accepts(status, role):
    expected = {
        action for action, (from_statuses, _to, roles) in EXPECTED.items() if status in from_statuses and role in roles
    }

    actions = allowed_actions(status, frozenset({role}))

    assert set(actions) == expected
    assert list(actions) == [action for action in TRANSITIONS if action in expected]


# --- the shape of the lifecycle ---------------------------------------------------------------


def test_pick_only_from_assigned():
    allowed_from = {status for status in ALL_STATUSES if "pick" in allowed_actions(status, frozenset({"handler"}))}

    assert allowed_from == {"assigned"}


def test_release_puts_case_back_in_queue():
    assert check_transition("release", "in_progress", frozenset({"handler"})) == "assigned"


def test_objection_keeps_case_in_lead_units_queue():
    status = check_transition("object", "in_progress", frozenset({"unit_head"}))

    assert status in QUEUE_STATUSES
    assert "assigned" in QUEUE_STATUSES
    assert "in_progress" not in QUEUE_STATUSES


def test_objected_case_cannot_be_worked_until_director_decides():
    assert allowed_actions("objected", frozenset({"handler", "unit_head"})) == ()
    assert set(allowed_actions("objected", frozenset({"director"}))) == {"decide_objection", "reassign"}


@pytest.mark.parametrize("status", sorted(set(ALL_STATUSES) - {"replied", "follow_up_done"}))
def test_reopen_only_after_reply(status):
    with pytest.raises(TransitionRefused):
        check_transition("reopen", status, frozenset({"petitioner"}))


def test_reopened_case_is_signed_out_again_by_director():
    assert allowed_actions("reopened", frozenset({"handler", "unit_head"})) == ()
    assert check_transition("sign_assignment", "reopened", frozenset({"director"})) == "assigned"


def test_completion_needs_director_signature_before_delivery():
    assert check_transition("sign_completion", "awaiting_signoff", frozenset({"duty_leader_delegate"})) == "signed_off"
    with pytest.raises(TransitionRefused):
        check_transition("deliver_reply", "awaiting_signoff", frozenset({"clerk"}))


def test_plain_duty_leader_role_cannot_sign_without_delegation():
    with pytest.raises(TransitionRefused):
        check_transition("sign_assignment", "routed", frozenset({"supervising_leader"}))


def test_case_cannot_close_without_follow_up_visit():
    with pytest.raises(TransitionRefused) as refused:
        check_transition("close", "replied", frozenset({"clerk"}))

    assert refused.value.code == "wrong_status"


def test_first_contact_and_site_visit_keep_status():
    assert check_transition("record_first_contact", "in_progress", frozenset({"handler"})) == "in_progress"
    assert check_transition("record_site_visit", "in_progress", frozenset({"handler"})) == "in_progress"


@pytest.mark.parametrize("status", sorted(TERMINAL_STATUSES))
def test_terminal_status_allows_nothing(status):
    assert allowed_actions(status, frozenset(ALL_ROLES)) == ()


def _reachable(start: str) -> set[str]:
    seen, todo = {start}, deque([start])
    while todo:
        status = todo.popleft()
        for action in allowed_actions(status, frozenset(ALL_ROLES)):
            following = check_transition(action, status, frozenset(ALL_ROLES))
            if following not in seen:
                seen.add(following)
                todo.append(following)
    return seen


def test_every_status_is_reachable_from_registration():
    assert _reachable("registered") == set(ALL_STATUSES)


@pytest.mark.parametrize("status", sorted(set(ALL_STATUSES) - TERMINAL_STATUSES))
def test_every_open_status_can_still_reach_closed(status):
    assert "closed" in _reachable(status)


def test_happy_path_from_registration_to_settlement():
    steps = [
        ("confirm_routing", "clerk", "routed"),
        ("sign_assignment", "director", "assigned"),
        ("pick", "handler", "in_progress"),
        ("record_first_contact", "handler", "in_progress"),
        ("draft_reply", "handler", "reply_drafted"),
        ("submit_for_signoff", "unit_head", "awaiting_signoff"),
        ("return_reply", "director", "reply_drafted"),
        ("submit_for_signoff", "handler", "awaiting_signoff"),
        ("sign_completion", "duty_leader_delegate", "signed_off"),
        ("deliver_reply", "system", "replied"),
        ("record_follow_up", "clerk", "follow_up_done"),
        ("close", "clerk", "closed"),
    ]
    status = "registered"
    for action, role, expected in steps:
        status = check_transition(action, status, frozenset({role}))
        assert status == expected, action
