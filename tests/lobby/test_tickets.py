"""Calling tickets to windows: order, services, concurrency, recall, no-show, transfer, records."""

import threading
from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from cases.errors import ActionRefused, NotAllowed
from departments import permissions as perms
from intake.services import ticket_issue
from lobby import services
from lobby.models import QueueTicket, TicketCall, TicketState
from tests.lobby.factories import window_new

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(org):
    return org.people[("petition", perms.CLERK)]


def issue(service: str, minutes_ago: int) -> QueueTicket:
    return ticket_issue(service=service, now=morning() - timedelta(minutes=minutes_ago))


def morning() -> datetime:
    """Ten in the morning today, local time: "minutes ago" never crosses midnight, whenever the suite runs."""
    return timezone.make_aware(datetime.combine(timezone.localdate(), time(10)))


def test_call_next_takes_the_oldest_waiting_ticket_of_the_windows_services(
    clerk, broadcasts, django_capture_on_commit_callbacks
):
    window = window_new("1", ["petition", "complaint"], clerk=clerk)
    issue("legal_aid", 30)  # not this window's service
    complaint = issue("complaint", 20)
    petition = issue("petition", 10)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.ticket_call_next(window=window, actor=clerk)
    assert first.pk == complaint.pk
    assert first.status == "called"
    assert broadcasts == [("lobby", "ticket.called", {"ticket": complaint.label, "window": window.pk, "call": "call"})]
    second = services.ticket_call_next(window=window, actor=clerk)
    assert second.pk == petition.pk
    complaint.refresh_from_db()
    assert complaint.status == "done"  # calling the next one finishes the one before
    assert services.ticket_call_next(window=window, actor=clerk) is None
    call = TicketCall.objects.get(ticket=first)
    assert (call.window, call.kind, call.by) == (window, "call", clerk)


def test_yesterdays_tickets_are_not_called(clerk):
    window = window_new("1", ["petition"], clerk=clerk)
    ticket_issue(service="petition", now=timezone.now() - timedelta(days=1))
    assert services.ticket_call_next(window=window, actor=clerk) is None


def test_only_the_clerk_of_the_day_or_the_petition_office_head_operates_a_window(org, clerk):
    window = window_new("1", ["petition"], clerk=clerk)
    issue("petition", 5)
    for stranger in (org.people[("agri", perms.HANDLER)], org.people[("petition", perms.HANDLER)], org.outsider):
        with pytest.raises(NotAllowed):
            services.ticket_call_next(window=window, actor=stranger)
    head = org.people[("petition", perms.HEAD)]
    assert services.ticket_call_next(window=window, actor=head) is not None


def test_recall_skip_and_recall_a_no_show(clerk, broadcasts, django_capture_on_commit_callbacks):
    window = window_new("1", ["petition"], clerk=clerk)
    issue("petition", 5)
    ticket = services.ticket_call_next(window=window, actor=clerk)
    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_recall(window=window, ticket=ticket, actor=clerk)
    assert broadcasts[-1] == ("lobby", "ticket.called", {"ticket": ticket.label, "window": window.pk, "call": "recall"})
    services.ticket_skip(window=window, ticket=ticket, actor=clerk)
    ticket.refresh_from_db()
    assert ticket.status == "skipped"
    services.ticket_recall(window=window, ticket=ticket, actor=clerk)  # the holder turned up after all
    ticket.refresh_from_db()
    assert ticket.status == "called"
    services.ticket_finish(window=window, ticket=ticket, actor=clerk)
    ticket.refresh_from_db()
    assert ticket.status == "done"
    assert list(TicketCall.objects.filter(ticket=ticket).order_by("pk").values_list("kind", flat=True)) == [
        "call",
        "recall",
        "recall",
    ]
    with pytest.raises(ActionRefused):
        services.ticket_skip(window=window, ticket=ticket, actor=clerk)  # served tickets stay served


def test_transfer_calls_the_ticket_at_the_other_window(org, clerk, broadcasts, django_capture_on_commit_callbacks):
    one = window_new("1", ["petition"], clerk=clerk)
    two = window_new("2", ["legal_consultation"], clerk=org.people[("petition", perms.HANDLER)])
    issue("petition", 5)
    ticket = services.ticket_call_next(window=one, actor=clerk)
    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_transfer(window=one, ticket=ticket, to_window=two, actor=clerk)
    assert broadcasts[-1] == ("lobby", "ticket.called", {"ticket": ticket.label, "window": two.pk, "call": "transfer"})
    assert TicketState.objects.get(ticket=ticket).window == two
    assert TicketCall.objects.filter(ticket=ticket, window=two, kind="transfer").exists()
    # Window 1 has let it go; window 2's next call does not finish it behind the clerk's back... but
    # window 1 can no longer act on it.
    with pytest.raises(ActionRefused):
        services.ticket_skip(window=one, ticket=ticket, actor=clerk)
    with pytest.raises(ActionRefused):
        services.ticket_transfer(window=one, ticket=ticket, to_window=one, actor=clerk)


@pytest.mark.django_db(transaction=True)
def test_two_windows_calling_at_once_never_get_the_same_ticket():
    from tests.lobby.factories import build_org

    org = build_org()
    clerks = [org.people[("petition", perms.CLERK)], org.people[("petition", perms.HANDLER)]]
    windows = [window_new(str(i + 1), ["petition"], clerk=clerks[i]) for i in range(2)]
    for minutes in range(20, 0, -1):
        issue("petition", minutes)
    called: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(2)

    def work(window, clerk):
        try:
            start.wait()
            for _ in range(12):
                ticket = services.ticket_call_next(window=window, actor=clerk)
                if ticket is not None:
                    with lock:
                        called.append(ticket.pk)
        except BaseException as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(windows[i], clerks[i])) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(called) == 20
    assert len(set(called)) == 20  # nobody was called to two windows
    assert TicketCall.objects.filter(kind="call").count() == 20
