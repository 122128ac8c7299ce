"""What the escalation services share: the refusals, the checked texts and dates, the set-based notes.

The actions themselves live by what they record: ``warning_slips`` (二（二） the slip and the
sweep), ``reinvestigation`` (二（二） the report, its signature or return) and ``ownership``
(二（四） the five duties and the case conference). Who may do what is decided by
``mediation.rules.oversight``; ``checked`` turns its refusal into an ``ActionRefused``.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.errors import ActionRefused, Conflict, NotAllowed
from cases.models import Case
from cases.selectors import case_visible_q
from departments.models import Leader, Membership, Unit
from mediation import permissions
from mediation.models import Notification
from mediation.rules import oversight as ov
from mediation.selectors.escalation import oversight_for
from mediation.services.common import Loaded
from mediation.services.notifications import push

TEXT_MAX = 5000


# --- refusals ----------------------------------------------------------------------------------


def _role_message(action: str) -> str:
    if action == ov.ISSUE_SLIP:
        return _("Only the petition office issues warning slips.")
    if action == ov.FILE_REPORT:
        return _("Only the lead unit's head or its handlers file the re-investigation report.")
    if action in {ov.SIGN_REPORT, ov.RETURN_REPORT}:
        return _("Only the leader supervising the lead unit (or the area chief) signs or returns the report.")
    if action == ov.RECORD_ESCALATION:
        return _("Only the petition office, the lead unit, its leaders or the director record an escalation.")
    return _("Only the owning leader or the director records this.")


def _state_message(code: str) -> str:
    return {
        ov.REFUSED_NOT_ESCALATED: _(
            "This case is not escalated: it is not a repeat, skip-level, collective or extreme case."
        ),
        ov.REFUSED_NOT_ASSIGNED: _("The case has not been signed out to a lead unit yet."),
        ov.REFUSED_CLOSED: _("The case is closed."),
        ov.REFUSED_SLIP_OPEN: _("This case already has an open warning slip."),
        ov.REFUSED_NO_SLIP: _("This case has no open warning slip."),
        ov.REFUSED_REPORT_PENDING: _("A report already waits for the supervising leader's signature."),
        ov.REFUSED_NO_REPORT: _("No report waits for a signature."),
    }.get(code, _("This cannot be done now."))


def checked(action: str, loaded: Loaded):
    """The case's oversight, if ``action`` may go ahead; else the refusal as an ActionRefused."""
    oversight = oversight_for(loaded.case)
    refused = permissions.escalation_refusal(action, oversight.state, loaded.viewer, loaded.case)
    if refused == ov.REFUSED_ROLE:
        raise NotAllowed(_role_message(action), code=refused)
    if refused is not None:
        raise Conflict(_state_message(refused), code=refused)
    return oversight


def required_text(value: str, *, message: str, code: str, limit: int = TEXT_MAX) -> str:
    text = (value or "").strip()
    if not text:
        raise ActionRefused(message, code=code)
    if len(text) > limit:
        raise ActionRefused(_("A text is longer than %(limit)d characters.") % {"limit": limit}, code="too_long")
    return text


def past_date(day: date | None, now: datetime, *, code: str) -> date:
    if day is None:
        raise ActionRefused(_("Give the date."), code=code)
    if day > timezone.localdate(now):
        raise ActionRefused(_("The date cannot be in the future."), code=code)
    return day


# --- notifications, set-based ------------------------------------------------------------------


@dataclass(frozen=True)
class Note:
    case: Case
    users: frozenset[int]
    message: str
    key: str


def notify_all(notes: Sequence[Note], *, kind: str, now: datetime) -> int:
    """Store each note for those of its users who may see its case, once per key; push after commit.

    Like ``mediation.services.notifications.notify`` but for many cases at once: the queries grow with the
    number of distinct addressees, not with the number of cases.
    """
    wanted: dict[int, set[int]] = defaultdict(set)
    for note in notes:
        for user_id in note.users:
            wanted[user_id].add(note.case.pk)
    if not wanted:
        return 0
    visible: dict[int, set[int]] = {}
    for user in get_user_model().objects.filter(pk__in=wanted, is_active=True):
        visible[user.pk] = set(
            Case.objects.filter(case_visible_q(user), pk__in=wanted[user.pk]).values_list("pk", flat=True)
        )
    existing = set(
        Notification.objects.filter(
            kind=kind, case_id__in={n.case.pk for n in notes}, key__in={n.key for n in notes}
        ).values_list("user_id", "case_id", "key")
    )
    new: list[Notification] = []
    pushes: list[tuple[list[int], str, str]] = []
    for note in notes:
        text = note.message[:300]
        users = [
            u
            for u in sorted(note.users)
            if note.case.pk in visible.get(u, ()) and (u, note.case.pk, note.key) not in existing
        ]
        new += [
            Notification(user_id=u, case=note.case, kind=kind, key=note.key, message=text, created_at=now)
            for u in users
        ]
        existing |= {(u, note.case.pk, note.key) for u in users}
        if users:
            pushes.append((users, text, note.case.tracking_code))
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    if pushes:
        transaction.on_commit(lambda: [push(user_ids=u, message=m, code=c) for u, m, c in pushes])
    return len(new)


def heads_of(unit_ids: Iterable[int]) -> dict[int, list[int]]:
    """Active heads of each unit (user ids, oldest membership first)."""
    heads: dict[int, list[int]] = defaultdict(list)
    rows = Membership.objects.filter(
        unit_id__in=set(unit_ids), role=Membership.Role.HEAD, user__is_active=True
    ).order_by("unit_id", "pk")
    for unit_id, user_id in rows.values_list("unit_id", "user_id"):
        heads[unit_id].append(user_id)
    return heads


def supervisors_of(unit_ids: Iterable[int]) -> dict[int, list[int]]:
    """The leaders (user ids) supervising each unit: its supervising leaders, and for a liaison team
    the chief of its area."""
    ids = set(unit_ids)
    found: dict[int, list[int]] = defaultdict(list)
    rows = Leader.supervised_units.through.objects.filter(unit_id__in=ids).order_by("leader_id")
    for unit_id, user_id in rows.values_list("unit_id", "leader__user_id"):
        found[unit_id].append(user_id)
    chiefs = Unit.objects.filter(pk__in=ids, kind=Unit.Kind.LIAISON_TEAM, area__chief__isnull=False)
    for unit_id, user_id in chiefs.values_list("pk", "area__chief__user_id"):
        if user_id not in found[unit_id]:
            found[unit_id].append(user_id)
    return found
