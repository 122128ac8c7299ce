"""Cases fall due without anyone touching them: tell the live screens when they cross a line."""

from datetime import date, timedelta

from django.utils import timezone

from cases.models import Case
from live.realtime import case_changed
from lobby.queues import due_soon_until, held_q, next_due, waiting_q


def due_changes_announce(*, today: date | None = None) -> int:
    """Announce the open cases that became due soon or overdue today (run once a day, after midnight).

    Due soon: as the deadline clocks (``DEADLINES_DUE_SOON_WORKING_DAYS``), by the earliest open clock.
    The screens compute the marks themselves at every snapshot; this makes an open screen show them
    without waiting for one.
    """

    today = today or timezone.localdate()
    open_cases = Case.objects.filter(waiting_q() | held_q(), routing__lead_unit__isnull=False).alias(
        next_due=next_due()
    )
    soon_from, soon_to = due_soon_until(today - timedelta(days=1)), due_soon_until(today)
    count = 0
    for kind, cases in (
        ("overdue", open_cases.filter(next_due=today - timedelta(days=1))),
        ("due_soon", open_cases.filter(next_due__gt=soon_from, next_due__lte=soon_to)),
    ):
        for case_id, unit_id in cases.values_list("pk", "routing__lead_unit_id"):
            case_changed(case_id, unit_ids=[unit_id], kind=kind)
            count += 1
    return count
