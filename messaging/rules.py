"""What is sent when, to whom, and how often it is tried: pure rules (no Django).

SMS to petitioners follow the case events of ``SMS_BY_EVENT`` (``SMS_BY_OUTCOME`` for an event whose
message depends on what it decided; ``sms_kind`` reads both); work messages to staff follow the
stored notifications (every kind, grouped into the categories a person chooses from), two case
events that notify nobody in the portal (the assignment to a unit, a pick) and the joint-reception
alerts.
"""

import re
from datetime import datetime, time, timedelta

# SMS kinds (one admin template each) and the parameters each may use.
SMS_PARAMETERS: dict[str, tuple[str, ...]] = {
    "filed": ("code", "date"),
    "accepted": ("code", "unit"),
    "referred": ("code", "unit"),
    "extended": ("code", "date"),
    "reply_ready": ("code",),
    "follow_up": ("code",),
    "reopened": ("code",),
    # the other services' answers (issue 18): people's mediation, legal aid, legal consultation, governance
    "mediation_session": ("time", "place"),  # also to the other parties: never the tracking code
    "mediation_agreed": ("code",),
    "mediation_ended": ("code", "referral"),
    "legal_aid_granted": ("code",),
    "legal_aid_refused": ("code",),
    "legal_aid_lawyer": ("code", "lawyer", "firm"),
    "consultation_booked": ("code", "time", "lawyer"),
    "governance_closed": ("code",),
}

SMS_BY_EVENT: dict[str, str] = {
    "filed": "filed",
    "routing_confirmed": "accepted",
    "routing_overridden": "accepted",
    "governance_dispatched": "referred",
    "deadline_extended": "extended",
    "completion_signed": "reply_ready",
    "follow_up": "follow_up",
    "reopened": "reopened",
    "mediation_session_scheduled": "mediation_session",
    "legal_aid_lawyer_assigned": "legal_aid_lawyer",
    "legal_consultation_booked": "consultation_booked",
    "governance_closed": "governance_closed",
}

# Events whose SMS depends on what they decided: the data field read, and the SMS kind for each value
# (a value not listed sends nothing). The agreement (``mediation_agreement_signed``) is also written
# as ``mediation_concluded`` with the outcome "agreed": only the latter is read, so it is told once.
SMS_BY_OUTCOME: dict[str, tuple[str, dict[str, str]]] = {
    "mediation_concluded": (
        "outcome",
        {"agreed": "mediation_agreed", "refused": "mediation_ended", "failed": "mediation_ended"},
    ),
    "legal_aid_decided": ("decision", {"granted": "legal_aid_granted", "refused": "legal_aid_refused"}),
}
SMS_EVENT_KINDS = frozenset(SMS_BY_EVENT) | frozenset(SMS_BY_OUTCOME)

# SMS kinds sent to every party of a mediation with a mobile number, not only to the petitioner.
SMS_TO_PARTIES = frozenset({"mediation_session"})


def sms_kind(event_kind: str, data: dict) -> str | None:
    """The SMS a case event calls for, or None.

    A legal consultation answered on the spot (``legal_consultation_given``) calls for none: the
    resident is at the window and hears the answer there. Only a booking with the duty lawyer
    (``legal_consultation_booked``, also after a missed one) is told by SMS, with its time."""
    if event_kind in SMS_BY_OUTCOME:
        field, kinds = SMS_BY_OUTCOME[event_kind]
        return kinds.get(str((data or {}).get(field, "")))
    return SMS_BY_EVENT.get(event_kind)


# Work-message categories a person chooses from, and the notification kinds in each.
CATEGORY_BY_NOTIFICATION: dict[str, str] = {
    "deadline": "deadline",
    "warning_slip": "warning_slip",
    "reinvestigation_overdue": "warning_slip",
    "extension_requested": "extension",
    "extension_decided": "extension",
    "reply_submitted": "completion_signature",
    # 督办: the re-investigation after a warning slip, the owning leader's duties and conferences
    "reinvestigation_filed": "supervision",
    "reinvestigation_signed": "supervision",
    "reinvestigation_returned": "supervision",
    "ownership_duty": "supervision",
    "case_conference": "supervision",
    # 督办 itself (issue 17): a supervision order to the unit, its answer to the leader, an overdue
    # reply told to the supervising leader (in the "deadline" kind above), the proactive appointment
    "supervision_issued": "supervision",
    "supervision_answered": "supervision",
    "proactive_appointment": "supervision",
    "leader_led": "supervision",
}
CATEGORY_BY_EVENT: dict[str, str] = {"assignment_signed": "assignment", "picked": "pick"}
CATEGORIES = (
    "assignment",
    "pick",
    "deadline",
    "warning_slip",
    "joint_reception",
    "supervision",
    "extension",
    "completion_signature",
    "other",
)
URGENT = frozenset({"joint_reception"})  # sent at once: no digest, no quiet hours


def category_of_notification(kind: str) -> str:
    return CATEGORY_BY_NOTIFICATION.get(kind, "other")


PLACEHOLDER = re.compile(r"\$\{([a-z_]+)\}")


def template_problems(kind: str, text: str, parameters: list[str]) -> list[str]:
    """What is wrong with an SMS template (empty list: nothing); messages are English, views translate."""
    allowed = SMS_PARAMETERS.get(kind, ())
    problems = [f"unknown parameter {p}" for p in parameters if p not in allowed]
    used = PLACEHOLDER.findall(text)
    problems += [f"placeholder {p} is not a parameter" for p in used if p not in parameters]
    problems += [f"parameter {p} is not in the text" for p in parameters if p not in used]
    return problems


def template_render(text: str, params: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda m: str(params.get(m.group(1), m.group(0))), text)


def backoff(attempts: int, base: float = 30.0, cap: float = 3600.0) -> timedelta:
    """Wait before the next try after ``attempts`` tries: 30 s, 60 s, 120 s ... at most an hour."""
    return timedelta(seconds=min(cap, base * 2 ** max(0, attempts - 1)))


MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")


def is_mobile(value: str) -> bool:
    """A mainland mobile number (SMS reaches no landline)."""
    digits = re.sub(r"\D", "", value or "")
    return len(digits) == 11 and digits[0] == "1" and digits[1] in "3456789"


def mask_phone(value: str) -> str:
    """138****8000: the only form of a phone number that is ever logged or shown in a list."""
    digits = re.sub(r"\D", "", value or "")
    if len(digits) < 7:
        return "****"
    return f"{digits[:3]}****{digits[-4:]}"


def mask_text(text: str) -> str:
    """Every mobile number in ``text`` masked."""
    return MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(3)}", text)


def quiet_until(local: datetime, start: time | None, end: time | None) -> datetime | None:
    """The end of the quiet hours ``local`` falls in (local time), or None when it is not quiet.

    Quiet hours may wrap midnight (22:00-07:30)."""
    if start is None or end is None or start == end:
        return None
    now = local.time()
    inside = start <= now < end if start < end else (now >= start or now < end)
    if not inside:
        return None
    day = local.date() if now < end else local.date() + timedelta(days=1)
    return local.replace(year=day.year, month=day.month, day=day.day, hour=end.hour, minute=end.minute, second=0)
