"""Reads of the lobby: windows a clerk may operate, what the lobby display shows, and alerts.

What the lobby display shows is public: ticket labels, window names, counts, today's duty leader
(a public official's name and title) and notices. Nothing about residents or cases.
"""

from datetime import date, datetime, timedelta

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from cases.models import Case, Service
from cases.selectors import case_known_q, case_list_for_user, users_who_may_know
from departments.models import Leader, Membership, Unit
from departments.selectors import may_see_center
from lobby.models import (
    AlertRecipient,
    Display,
    DutyRoster,
    JointReceptionAlert,
    Notice,
    QueueTicket,
    ServiceWindow,
    TicketCall,
    TicketState,
    TicketStatus,
)
from lobby.services.displays import token_hash
from lobby.tickets import TICKET_PREFIX

RECENT_CALLS = 8
ALERT_BOARD_SIZE = 50
PENDING_ALERT_HOURS = 24


# --- windows ------------------------------------------------------------------------------------


def is_petition_office_head(user) -> bool:
    return Membership.objects.filter(
        user_id=user.pk, role=Membership.Role.HEAD, unit__kind=Unit.Kind.PETITION_OFFICE, unit__is_active=True
    ).exists()


def window_list_for_user(user, *, day: date) -> QuerySet[ServiceWindow]:
    """Windows the person may operate on ``day``: the one they sit at; every window for the head
    of the petition office (who runs the hall) and superusers."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ServiceWindow.objects.none()
    windows = ServiceWindow.objects.filter(is_active=True)
    if user.is_superuser or is_petition_office_head(user):
        return windows
    return windows.filter(assignments__day=day, assignments__clerk_id=user.pk).distinct()


def window_get_for_user(user, *, code: str, day: date) -> ServiceWindow:
    """One window, or Http404 alike for a window that is missing and one the person may not operate."""
    window = window_list_for_user(user, day=day).filter(code=code).first()
    if window is None:
        raise Http404("no such window")
    return window


def waiting_counts(day: date) -> dict[str, int]:
    rows = (
        QueueTicket.objects.filter(day=day, status=TicketStatus.WAITING)
        .values("service")
        .annotate(n=Count("pk"))
        .values_list("service", "n")
    )
    return dict(rows)


def _services(codes, counts: dict[str, int]) -> list[dict]:

    labels = dict(Service.choices)
    return [
        {"code": code, "label": labels[code], "prefix": TICKET_PREFIX.get(code, ""), "waiting": counts.get(code, 0)}
        for code in Service.values
        if code in codes
    ]


def window_console(window: ServiceWindow, *, now: datetime | None = None) -> dict:
    """What the clerk at a window sees: the tickets called there, no-shows to recall, the waiting."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    states = TicketState.objects.filter(window=window, ticket__day=day).select_related("ticket")
    return {
        "window": window,
        "current": list(states.filter(ticket__status=TicketStatus.CALLED).order_by("-called_at")),
        "skipped": list(states.filter(ticket__status=TicketStatus.SKIPPED).order_by("-finished_at")[:10]),
        "services": _services(set(window.services), waiting_counts(day)),
        "recent": list(TicketCall.objects.filter(window=window, ticket__day=day).select_related("ticket")[:10]),
        "others": list(ServiceWindow.objects.filter(is_active=True).exclude(pk=window.pk)),
    }


# --- the lobby display -------------------------------------------------------------------------


def display_for_token(token: str) -> Display | None:

    if not token or len(token) > 100:
        return None
    return Display.objects.filter(token_hash=token_hash(token), is_active=True).first()


def duty_leader_for(day: date) -> Leader | None:
    entry = DutyRoster.objects.filter(date=day).select_related("leader__user").first()
    return entry.leader if entry else None


def notices_current(now: datetime) -> list[Notice]:
    return list(Notice.objects.filter(valid_from__lte=now, valid_until__gt=now).order_by("valid_from")[:10])


def lobby_board(*, now: datetime | None = None) -> dict:
    """The lobby display: tickets being called and where, the waiting per service, today's duty
    leader and the notices. Six queries whatever the day's traffic."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    windows = list(ServiceWindow.objects.filter(is_active=True))
    current: dict[int, TicketState] = {}
    states = (
        TicketState.objects.filter(ticket__day=day, ticket__status=TicketStatus.CALLED, window__is_active=True)
        .select_related("ticket")
        .order_by("called_at")
    )
    for state in states:
        current[state.window_id] = state  # the latest call of each window wins
    recent = list(TicketCall.objects.filter(ticket__day=day).select_related("ticket", "window")[:RECENT_CALLS])
    served = {code for window in windows for code in window.services}
    return {
        "now": now,
        "windows": [{"window": w, "current": current.get(w.pk)} for w in windows],
        "latest": recent[0] if recent else None,
        "recent": recent,
        "services": _services(served, waiting_counts(day)),
        "duty": duty_leader_for(day),
        "notices": notices_current(now),
    }


# --- joint-reception alerts --------------------------------------------------------------------


def _heads(units) -> list[int]:
    return list(
        Membership.objects.filter(unit__in=units, unit__is_active=True, role=Membership.Role.HEAD, user__is_active=True)
        .order_by("unit__code", "user_id")
        .values_list("user_id", flat=True)
    )


def _lead_unit(case: Case) -> Unit | None:
    """The confirmed lead unit, or the proposed one, if case handling has routed the case."""
    routing = getattr(case, "routing", None)
    if routing is None:
        return None
    if getattr(routing, "lead_unit_id", None):
        return routing.lead_unit
    code = (getattr(routing, "proposal", None) or {}).get("lead_unit")
    return Unit.objects.filter(code=code, is_active=True).first() if code else None


def alert_recipients_for(case: Case, *, day: date) -> dict[int, str]:
    """Who must come to the joint reception of ``case``: user id → why (the first reason wins).

    Only people the one rule lets know of the case (``cases.selectors.case_known_q``): never
    a person the case is about, nor a member of a unit it is about, nor a leader answerable for
    such a unit; and for a conduct complaint, only people who may see it.
    """

    role = AlertRecipient.Role
    found: dict[int, str] = {}

    def add(user_ids, why):
        for user_id in user_ids:
            found.setdefault(user_id, why)

    add(_heads(Unit.objects.filter(kind=Unit.Kind.PETITION_OFFICE)), role.PETITION_OFFICE_HEAD)
    lead = _lead_unit(case)
    if lead is not None:
        add(_heads([lead]), role.LEAD_UNIT_HEAD)
    village = case.village
    if village is not None:
        add(_heads(Unit.objects.filter(kind=Unit.Kind.LIAISON_TEAM, area_id=village.area_id)), role.LIAISON_TEAM_HEAD)
    duty = duty_leader_for(day)
    if duty is not None and duty.user.is_active:
        add([duty.user_id], role.DUTY_LEADER)
    known = users_who_may_know([case.pk], found)[case.pk]
    return {user_id: why for user_id, why in found.items() if user_id in known}


def may_see_alert_board(user) -> bool:
    """The petition office (any role), the director and superusers see every alert's acknowledgements."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if may_see_center(user):
        return True
    return Membership.objects.filter(
        user_id=user.pk, unit__kind=Unit.Kind.PETITION_OFFICE, unit__is_active=True
    ).exists()


def _known_cases(user) -> QuerySet[Case]:
    """Cases the person may be told exist (the one rule, ``case_known_q``): alerts follow them."""

    return Case.objects.filter(case_known_q(user)).values("pk")


def _visible_case_ids(user, case_ids) -> set[int]:

    return set(case_list_for_user(user).filter(pk__in=case_ids).values_list("pk", flat=True))


def alert_board_for_user(user, *, limit: int = ALERT_BOARD_SIZE) -> list[JointReceptionAlert]:
    """Recent alerts with who has acknowledged; ``case_visible`` says whether to link the case."""
    if not may_see_alert_board(user):
        return []
    alerts = list(
        JointReceptionAlert.objects.filter(case__in=_known_cases(user))
        .select_related("case", "case__village")
        .prefetch_related(Prefetch("recipients", queryset=AlertRecipient.objects.select_related("user")))[:limit]
    )
    visible = _visible_case_ids(user, [a.case_id for a in alerts])
    for alert in alerts:
        alert.case_visible = alert.case_id in visible
    return alerts


def alerts_pending_for_user(user, *, now: datetime | None = None) -> list[AlertRecipient]:
    """The person's alerts of the last day not acknowledged yet (shown at once on any page)."""
    if user is None or not user.is_authenticated:
        return []
    now = now or timezone.now()
    since = now - timedelta(hours=PENDING_ALERT_HOURS)
    return list(
        AlertRecipient.objects.filter(user_id=user.pk, acknowledged_at__isnull=True, alert__created_at__gte=since)
        .filter(alert__case__in=_known_cases(user))
        .select_related("alert", "alert__case", "alert__case__village")
        .order_by("alert__created_at")
    )


def alerts_for_user(user, *, limit: int = ALERT_BOARD_SIZE) -> list[AlertRecipient]:
    """The person's own alerts, newest first, while the one rule still lets them know of the case
    (an alert sent before the person was named in a conduct complaint about it disappears)."""
    if user is None or not user.is_authenticated:
        return []
    return list(
        AlertRecipient.objects.filter(user_id=user.pk, alert__case__in=_known_cases(user))
        .select_related("alert", "alert__case__village")
        .order_by("-alert__created_at")[:limit]
    )


def alert_recipient_for(user, *, alert_id: int) -> AlertRecipient | None:
    """The person's row of an alert, while the one rule still lets them know of its case."""
    if user is None or not user.is_authenticated:
        return None
    return (
        AlertRecipient.objects.filter(user_id=user.pk, alert_id=alert_id, alert__case__in=_known_cases(user))
        .select_related("alert", "alert__case", "alert__case__village")
        .first()
    )
