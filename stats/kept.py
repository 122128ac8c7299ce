"""A statistics page's figures, counted and rendered as one, and kept when counting them was slow.

At the size of a district a year's figures take seconds to count (``bench/scenario_stats.py``), and
a director reads the same page again and again. ``figures_for`` counts and renders the figures
(``templates/stats/includes/figures.html``); when that took ``STATS_KEEP_FROM_SECONDS`` or more,
it keeps the result in the cache for ``STATS_KEEP_SECONDS``. A kept copy younger than
``STATS_REFRESH_AFTER_SECONDS`` is served as it is; an older one is served with its time and the
worker counts the page again (``stats.tasks.figures_refresh``), at most once at a time. The page
says when its figures were counted, and "count again now" (``fresh``) counts them at once.
``figures_prepare`` (``manage.py stats_prepare``, from cron before the working day) counts the
pages every reader is offered at a click, so that the day's first reads find them kept.

Who may share a kept copy: the key holds the SQL of the reader's scope (the visibility rule and
their standing, ``stats.scope``), so two people read one copy only if they count exactly the same
cases; a conduct complaint kept from a unit is never in a copy its head can read. The key also
holds the period, the dimension, today (what is "not yet due" changes at midnight) and the
language (the copy is HTML).
"""

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from time import perf_counter

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from mediation.clocktext import clock_label
from stats import presentation
from stats.analytic import analytic
from stats.dimensions import BY_CODE, DEFAULT, Dimension
from stats.rules.periods import Period, month_of, neighbours, quarter_of, trend_window, year_of
from stats.scope import Scope, stats_scope_for
from stats.selectors.breakdown import figures_by, has_target_figures, targets_by
from stats.selectors.measures import LABELS
from stats.selectors.trend import trend

TEMPLATE = "stats/includes/figures.html"
CLAIM = ":refreshing"
VERSION = 1
"""Raise it when the template or the figures change shape: kept copies of the old shape are ignored."""


@dataclass(frozen=True)
class Figures:
    html: SafeString
    counted_at: datetime
    took: float
    """Seconds the count and the rendering took."""
    kept: bool = False
    """Read from the cache rather than counted for this request."""


def figures_context(scope: Scope, period: Period, dimension: Dimension, *, today: date) -> dict:
    """Everything ``TEMPLATE`` shows: the breakdown, the targets per unit, the months and the charts."""
    window = trend_window(period)
    same_months = (window.start, window.end) == (period.start, period.end)
    breakdown = figures_by(scope, period, dimension, today=today, by_month=same_months)
    units = breakdown if dimension.code == "unit" else targets_by(scope, period, BY_CODE["unit"], today=today)
    months = trend(scope, window, today=today, known=breakdown.monthly)
    return {
        "dimension": dimension,
        "breakdown": breakdown,
        "rows": presentation.breakdown_rows(breakdown),
        "count_labels": [LABELS[code] for code in presentation.COUNTS],
        "clock_labels": [clock_label(clock) for clock in breakdown.clocks],
        "center_targets": presentation.verdicts(units.total, period, units.clocks, None),
        "unit_targets": [
            (row, presentation.verdicts(row, period, units.clocks, units.dimension))
            for row in units.rows
            if has_target_figures(row)
        ],
        "months": presentation.month_rows(months),
        "chart": presentation.chart_data(months),
    }


def figures_key(scope: Scope, period: Period, dimension: Dimension, *, today: date) -> str:
    """The cache key of a page's figures: equal only for readers who count exactly the same cases."""
    sql = str(scope.cases.order_by().values("pk").query)
    parts = (str(VERSION), sql, period.code, dimension.code, today.isoformat(), get_language() or "")
    return "stats:figures:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def figures_count(scope: Scope, period: Period, dimension: Dimension, *, today: date, keep: bool = False) -> Figures:
    """Count and render the figures now; keep them when that was slow (or when ``keep``)."""
    started = perf_counter()
    with analytic():  # the counting only: a kept copy is read without it
        context = figures_context(scope, period, dimension, today=today)
    html = render_to_string(TEMPLATE, context)
    figures = Figures(html=SafeString(html), counted_at=timezone.now(), took=perf_counter() - started)
    keep_from = settings.STATS_KEEP_FROM_SECONDS
    if keep or (keep_from is not None and figures.took >= keep_from):
        key = figures_key(scope, period, dimension, today=today)
        cache.set(key, Figures(figures.html, figures.counted_at, figures.took, kept=True), settings.STATS_KEEP_SECONDS)
        cache.delete(key + CLAIM)
    return figures


def figures_for(
    scope: Scope, period: Period, dimension: Dimension, *, today: date, user_id: int, fresh: bool = False
) -> Figures:
    """The page's figures: a kept copy when there is one (and not ``fresh``), else counted now."""
    if not fresh:
        kept = cache.get(figures_key(scope, period, dimension, today=today))
        if isinstance(kept, Figures):
            if not _fresh(kept):
                _refresh_soon(scope, period, dimension, today=today, user_id=user_id)
            return kept
    return figures_count(scope, period, dimension, today=today)


def _fresh(kept) -> bool:
    """Whether a kept copy is young enough to serve without counting it again."""
    age = (timezone.now() - kept.counted_at).total_seconds() if isinstance(kept, Figures) else None
    return age is not None and age < settings.STATS_REFRESH_AFTER_SECONDS


def _refresh_soon(scope: Scope, period: Period, dimension: Dimension, *, today: date, user_id: int) -> None:
    """Hand the count to the worker, unless it already has it: one refresh per copy at a time, claimed
    until the count is kept (or, should the worker be down, until the copy is gone)."""
    from stats.tasks import figures_refresh  # deferred: the task module imports this one

    claim = figures_key(scope, period, dimension, today=today) + CLAIM
    if cache.add(claim, user_id, settings.STATS_KEEP_SECONDS):
        language = get_language() or settings.LANGUAGE_CODE
        transaction.on_commit(lambda: figures_refresh.enqueue(user_id, period.code, dimension.code, language))


def quick_periods(today: date) -> list[Period]:
    """The periods the page offers at a click: this month, the last, this quarter, this year."""
    return [month_of(today), neighbours(month_of(today))[0], quarter_of(today), year_of(today)]


def figures_prepare(*, today: date) -> int:
    """Count and keep, for every reader of statistics, the quick periods by the default breakdown,
    unless a copy is kept and still fresh. Run before the working day (the day is in the key), the
    first reads of the day find them counted. How many pages it counted (readers of the same cases
    share one)."""
    counted = 0
    dimension = BY_CODE[DEFAULT]
    with translation.override(settings.LANGUAGE_CODE):  # the center's language, as its pages
        for user in get_user_model().objects.filter(is_active=True).order_by("pk"):
            scope = stats_scope_for(user)
            if scope is None:
                continue
            for period in quick_periods(today):
                if _fresh(cache.get(figures_key(scope, period, dimension, today=today))):
                    continue
                figures_count(scope, period, dimension, today=today, keep=True)
                counted += 1
    return counted
