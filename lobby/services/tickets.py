"""Calling queue tickets to windows: call the next, recall, skip (no-show), finish, transfer.

Taking the next ticket is a conditional UPDATE on ``intake.QueueTicket.status`` (``waiting`` →
``called``): of any number of windows calling at once, exactly one changes the row; the others
move on to the next candidate. Every call is recorded (``TicketCall``) and announced to the lobby
after commit, with ticket and window labels only.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.errors import ActionRefused, NotAllowed
from live.realtime import broadcast, group_name
from lobby.models import QueueTicket, ServiceWindow, TicketCall, TicketState, TicketStatus
from lobby.selectors import window_list_for_user

CANDIDATES = 10
ROUNDS = 5


def _operator_check(actor, window: ServiceWindow, day) -> None:

    if not window.is_active or not window_list_for_user(actor, day=day).filter(pk=window.pk).exists():
        raise NotAllowed(_("You are not at this window today."), code="not_your_window")


def _announce(ticket: QueueTicket, window: ServiceWindow, kind: str) -> None:
    broadcast(group_name("lobby"), "ticket.called", {"ticket": ticket.label, "window": window.pk, "call": kind})


def tickets_changed() -> None:
    """Tell the lobby screens that waiting counts changed (a ticket issued, skipped or served)."""
    broadcast(group_name("lobby"), "ticket.changed", {})


def _take_next(window: ServiceWindow, day) -> QueueTicket | None:
    waiting = QueueTicket.objects.filter(day=day, service__in=window.services, status=TicketStatus.WAITING)
    for _round in range(ROUNDS):
        candidates = list(waiting.order_by("issued_at", "pk").values_list("pk", flat=True)[:CANDIDATES])
        if not candidates:
            return None
        for pk in candidates:
            # The conditional UPDATE: only one caller turns this waiting ticket into a called one.
            if QueueTicket.objects.filter(pk=pk, status=TicketStatus.WAITING).update(status=TicketStatus.CALLED):
                return QueueTicket.objects.get(pk=pk)
    return None


def _finish_current(window: ServiceWindow, now: datetime, *, keep: int | None = None) -> None:
    """Tickets still called at this window are served once the clerk calls the next one."""
    current = TicketState.objects.filter(window=window, ticket__status=TicketStatus.CALLED)
    if keep is not None:
        current = current.exclude(ticket_id=keep)
    ids = list(current.values_list("ticket_id", flat=True))
    if ids:
        QueueTicket.objects.filter(pk__in=ids, status=TicketStatus.CALLED).update(status=TicketStatus.DONE)
        TicketState.objects.filter(ticket_id__in=ids).update(finished_at=now)


def _at_window(ticket: QueueTicket, window: ServiceWindow, statuses) -> QueueTicket:
    """The ticket, fresh and locked, if it is being served at this window today."""
    fresh = (
        QueueTicket.objects.select_for_update(of=("self",))
        .filter(pk=ticket.pk, status__in=statuses, lobby_state__window=window)
        .first()
    )
    if fresh is None:
        raise ActionRefused(_("This ticket is not at your window any more."), code="not_at_window")
    return fresh


@transaction.atomic
def ticket_call_next(*, window: ServiceWindow, actor, now: datetime | None = None) -> QueueTicket | None:
    """Call the oldest waiting ticket of the window's services today (None when nobody waits)."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    _operator_check(actor, window, day)
    ticket = _take_next(window, day)
    if ticket is None:
        _finish_current(window, now)
        tickets_changed()
        return None
    _finish_current(window, now, keep=ticket.pk)
    TicketState.objects.update_or_create(
        ticket=ticket, defaults={"window": window, "called_at": now, "finished_at": None}
    )
    TicketCall.objects.create(ticket=ticket, window=window, called_at=now, kind=TicketCall.Kind.CALL, by=actor)
    _announce(ticket, window, TicketCall.Kind.CALL)
    return ticket


@transaction.atomic
def ticket_recall(*, window: ServiceWindow, ticket: QueueTicket, actor, now: datetime | None = None) -> QueueTicket:
    """Call the ticket again (also one marked as a no-show whose holder turned up after all)."""
    now = now or timezone.now()
    _operator_check(actor, window, timezone.localdate(now))
    ticket = _at_window(ticket, window, [TicketStatus.CALLED, TicketStatus.SKIPPED])
    if ticket.status == TicketStatus.SKIPPED:
        QueueTicket.objects.filter(pk=ticket.pk).update(status=TicketStatus.CALLED)
        ticket.status = TicketStatus.CALLED
    TicketState.objects.filter(ticket=ticket).update(called_at=now, finished_at=None)
    TicketCall.objects.create(ticket=ticket, window=window, called_at=now, kind=TicketCall.Kind.RECALL, by=actor)
    _announce(ticket, window, TicketCall.Kind.RECALL)
    return ticket


def _close(window, ticket, actor, now, status: str) -> QueueTicket:
    now = now or timezone.now()
    _operator_check(actor, window, timezone.localdate(now))
    ticket = _at_window(ticket, window, [TicketStatus.CALLED])
    QueueTicket.objects.filter(pk=ticket.pk, status=TicketStatus.CALLED).update(status=status)
    TicketState.objects.filter(ticket=ticket).update(finished_at=now)
    ticket.status = status
    tickets_changed()
    return ticket


@transaction.atomic
def ticket_skip(*, window: ServiceWindow, ticket: QueueTicket, actor, now: datetime | None = None) -> QueueTicket:
    """The holder did not come: the ticket is a no-show (it can still be recalled)."""
    return _close(window, ticket, actor, now, TicketStatus.SKIPPED)


@transaction.atomic
def ticket_finish(*, window: ServiceWindow, ticket: QueueTicket, actor, now: datetime | None = None) -> QueueTicket:
    """The holder has been served."""
    return _close(window, ticket, actor, now, TicketStatus.DONE)


@transaction.atomic
def ticket_transfer(
    *, window: ServiceWindow, ticket: QueueTicket, to_window: ServiceWindow, actor, now: datetime | None = None
) -> QueueTicket:
    """Send the holder to another window: the ticket is called there at once (and announced)."""
    now = now or timezone.now()
    _operator_check(actor, window, timezone.localdate(now))
    if to_window.pk == window.pk:
        raise ActionRefused(_("Choose another window."), code="same_window")
    if not to_window.is_active:
        raise ActionRefused(_("That window is closed."), code="window_closed")
    ticket = _at_window(ticket, window, [TicketStatus.CALLED])
    TicketState.objects.filter(ticket=ticket).update(window=to_window, called_at=now, finished_at=None)
    TicketCall.objects.create(ticket=ticket, window=to_window, called_at=now, kind=TicketCall.Kind.TRANSFER, by=actor)
    _announce(ticket, to_window, TicketCall.Kind.TRANSFER)
    return ticket
