""" "Due soon" is one rule and one setting: the sweep, the case page, the queue pages and the live
screens mark the same case alike on the same day."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.models import Case
from cases.rules import status as st
from lobby.queues import Clock
from mediation.calendar import work_calendar
from mediation.models import CaseClock
from mediation.services.clocks import case_clocks_refresh, live_state
from mediation.tasks import run_sweep
from mediation.templatetags.clocks import clock_marks
from tests.mediation.factories import routed_case

pytestmark = pytest.mark.django_db


def _marks(case) -> dict[str, str]:
    clock = CaseClock.objects.get(case=case, clock="reply")
    today = timezone.localdate()
    mark = clock_marks([case]).get(case.pk)
    return {
        "sweep": clock.state,
        "case page": live_state(clock, today),
        "queue page": mark["state"] if mark else "running",
        "live screen": Clock.now().state(case) or "running",
    }


@pytest.mark.parametrize("days", [1, 2])
def test_due_soon_agrees_on_every_screen_for_the_same_case_and_day(org, settings, days):
    settings.DEADLINES_DUE_SOON_WORKING_DAYS = days
    today, now = timezone.localdate(), timezone.now()
    cases = []
    for offset in range(-2, 9):  # every weekday and weekend around the "due soon" line
        case = routed_case(
            lead=org.units["agri"], status=st.IN_PROGRESS, picked_by=org.people["agri", "handler"], received_at=now
        )
        case_clocks_refresh(case, now)
        due = today + timedelta(days=offset)
        CaseClock.objects.filter(case=case).update(due_on=due)  # every clock of the case on the same day
        Case.objects.filter(pk=case.pk).update(reply_due_on=due)
        case.refresh_from_db()
        cases.append(case)
    run_sweep(now)
    seen = set()
    for case in cases:
        marks = _marks(case)
        assert len(set(marks.values())) == 1, (case.reply_due_on, marks)
        seen.add(marks["sweep"])
    assert seen == {"overdue", "due_soon", "running"}


def test_the_setting_moves_the_line(org, settings):
    today = timezone.localdate()
    case = routed_case(lead=org.units["agri"], status=st.IN_PROGRESS, picked_by=org.people["agri", "handler"])
    case_clocks_refresh(case, timezone.now())
    # Three working days away: due soon only when the setting allows three.
    due = work_calendar().add_working_days(today, 3)
    CaseClock.objects.filter(case=case).update(due_on=due)
    Case.objects.filter(pk=case.pk).update(reply_due_on=due)
    case.refresh_from_db()
    settings.DEADLINES_DUE_SOON_WORKING_DAYS = 2
    assert Clock.now().state(case) == ""
    assert live_state(CaseClock.objects.get(case=case, clock="reply"), today) == "running"
    settings.DEADLINES_DUE_SOON_WORKING_DAYS = 3
    assert Clock.now().state(case) == "due_soon"
    assert live_state(CaseClock.objects.get(case=case, clock="reply"), today) == "due_soon"
