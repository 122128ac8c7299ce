"""Snapshots cost the same number of queries however many rows they show."""

import pytest
from django.utils import timezone

from departments import permissions as perms
from intake.services import ticket_issue
from lobby import screens, services
from tests.lobby.factories import case_new, data_queries_at_most, routed_case, window_new

pytestmark = pytest.mark.django_db


def count_queries(budget, work):
    """At most ``budget`` queries that read or write data (``data_queries_at_most``)."""
    with data_queries_at_most(budget):
        work()


@pytest.mark.parametrize("rows", [2, 25])
def test_the_directors_snapshot(org, rows):
    for _ in range(rows):
        routed_case(lead=org.units["agri"], reply_due_on=timezone.localdate())
    screens.center_snapshot(org.director.user, language="zh-hans")  # warm the calendar
    count_queries(12, lambda: screens.center_snapshot(org.director.user, language="zh-hans"))


@pytest.mark.parametrize("rows", [2, 25])
def test_the_alert_board(org, rows):
    for _ in range(rows):
        services.joint_reception_alert_raise(case=case_new(group_size=6, village=org.village))
    clerk = org.people[("petition", perms.CLERK)]
    count_queries(14, lambda: screens.alert_board_snapshot(clerk, language="zh-hans"))


@pytest.mark.parametrize("calls", [1, 12])
def test_the_lobby_board_and_a_window_console(org, calls):
    clerk = org.people[("petition", perms.CLERK)]
    window = window_new("1", ["petition"], clerk=clerk)
    window_new("2", ["legal_aid"])
    for _ in range(calls):
        ticket_issue(service="petition")
        services.ticket_call_next(window=window, actor=clerk)
    count_queries(7, lambda: screens.board_snapshot(language="zh-hans"))
    count_queries(6, lambda: screens.window_snapshot(window, language="zh-hans"))
