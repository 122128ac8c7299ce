from datetime import date

from mediation.rules.reopening import REOPEN_PERIOD_DAYS, may_reopen, reopen_last_day


def test_the_period_runs_thirty_days_from_delivery():
    delivered = date(2026, 3, 2)
    assert REOPEN_PERIOD_DAYS == 30
    assert reopen_last_day(delivered) == date(2026, 4, 1)
    assert may_reopen(delivered, date(2026, 3, 2))
    assert may_reopen(delivered, date(2026, 4, 1))
    assert not may_reopen(delivered, date(2026, 4, 2))


def test_no_delivery_no_reopening_and_a_shorter_period_can_be_given():
    assert not may_reopen(None, date(2026, 3, 2))
    assert not may_reopen(date(2026, 3, 2), date(2026, 3, 1))
    assert not may_reopen(date(2026, 3, 2), date(2026, 3, 10), period_days=7)
