"""What the statistics page shows, built from the selectors: target verdicts with their links, the
charts' data (read by ``static/stats/charts.js`` from a ``json_script``), the links behind numbers."""

from dataclasses import dataclass
from fractions import Fraction
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mediation.clocktext import clock_label
from stats.dimensions import Dimension
from stats.rules import targets
from stats.rules.periods import Period
from stats.selectors.breakdown import Breakdown, Row
from stats.selectors.trend import Month

COUNTS = (
    "received",
    "routed",
    "signed_out",
    "replied",
    "closed",
    "reopened",
    "repeat",
    "skip_level",
    "collective",
    "extreme",
    "proxy",
    "extension_requested",
    "extension_approved",
    "satisfied",
    "basically",
    "unsatisfied",
)


def provisional_text(n: int) -> str:
    """The note under a period's figures when ``n`` of the due dates counted are provisional
    (``Row.provisional``): the page (``stats/period.html``) and the printed reports say the same."""
    return ngettext(
        "Of these due dates, %(n)s is provisional: it falls in a year whose official holiday schedule is not "
        "entered yet and is counted Monday to Friday (New Year's Day off) for now. The figures may change when "
        "the schedule is entered.",
        "Of these due dates, %(n)s are provisional: they fall in a year whose official holiday schedule is not "
        "entered yet and are counted Monday to Friday (New Year's Day off) for now. The figures may change when "
        "the schedule is entered.",
        n,
    ) % {"n": n}


def cases_link(period: Period, measure: str, dimension: Dimension | None = None, key=None) -> str:
    """The list of the cases behind a figure (``views.period_cases``)."""
    query = {"period": period.code, "measure": measure}
    if dimension is not None:
        query |= {"by": dimension.code, "value": "none" if key is None else str(key)}
    return f"{reverse('stats:cases')}?{urlencode(query)}"


@dataclass(frozen=True)
class Verdict:
    label: str
    rate: str
    threshold: str
    state: str
    shortfall: int
    link: str


def _verdict(label, value: Fraction | None, threshold: Fraction, shortfall: int, link: str) -> Verdict:
    return Verdict(
        label=label,
        rate=targets.percent(value),
        threshold=targets.percent(threshold),
        state=targets.judge(value, threshold),
        shortfall=shortfall,
        link=link,
    )


def verdicts(row: Row, period: Period, clocks: list[str], dimension: Dimension | None) -> list[Verdict]:
    """The rulebook's targets for one row (a unit, or the whole when ``dimension`` is None)."""
    key = row.key

    def link(measure: str) -> str:
        return cases_link(period, measure, dimension, key)

    c = row.counts
    found = [
        _verdict(
            _("Proxy rate"), row.proxy_rate, targets.PROXY.threshold, c["received"] - c["proxy"], link("not_proxy")
        ),
        _verdict(
            _("Completion rate"),
            row.completion_rate,
            targets.COMPLETION.threshold,
            c["received"] - c["withdrawn"] - c["completed"],
            link("not_completed"),
        ),
        _verdict(
            _("Satisfaction rate"),
            row.satisfaction_rate,
            targets.SATISFACTION.threshold,
            c["unsatisfied"],
            link("unsatisfied"),
        ),
    ]
    for clock in clocks:
        found.append(
            _verdict(
                _("On time: %(clock)s") % {"clock": clock_label(clock)},
                row.on_time_rate(clock),
                targets.ON_TIME,
                row.clocks[clock]["late"],
                link(f"late:{clock}"),
            )
        )
    return found


def _percent_value(value: Fraction | None) -> float | None:
    return None if value is None else round(float(value) * 100, 1)


def chart_data(months: list[Month]) -> dict:
    """The trend charts' data: month labels, series names (translated) and values."""
    labels = [month.label for month in months]
    return {
        "labels": labels,
        "volume": [
            {"name": _("received"), "data": [m.n("received") for m in months]},
            {"name": _("replied"), "data": [m.n("replied") for m in months]},
            {"name": _("closed"), "data": [m.n("closed") for m in months]},
        ],
        "rates": [
            {"name": _("Proxy rate"), "data": [_percent_value(m.proxy_rate) for m in months]},
            {"name": _("Completion rate"), "data": [_percent_value(m.completion_rate) for m in months]},
            {"name": _("Satisfaction rate"), "data": [_percent_value(m.satisfaction_rate) for m in months]},
            {"name": _("On-time rate"), "data": [_percent_value(m.on_time_rate) for m in months]},
        ],
        "targets": {"proxy": 50, "completion": 100, "satisfaction": 95, "on_time": 100},
    }


def month_rows(months: list[Month]) -> list[dict]:
    """Each month with its rates and verdicts, in the order of the charts' rate series."""
    rows = []
    for m in months:
        pairs = (
            (m.proxy_rate, targets.PROXY.threshold),
            (m.completion_rate, targets.COMPLETION.threshold),
            (m.satisfaction_rate, targets.SATISFACTION.threshold),
            (m.on_time_rate, targets.ON_TIME),
        )
        rows.append({"month": m, "cells": [(targets.percent(v), targets.judge(v, t)) for v, t in pairs]})
    return rows


def count_cells(row: Row, period: Period, dimension: Dimension | None) -> list[tuple[int, str]]:
    """(number, link to its cases) for each count column of a row."""
    return [(row.counts[code], cases_link(period, code, dimension, row.key)) for code in COUNTS]


def breakdown_rows(breakdown: Breakdown) -> list[dict]:
    """Each row with its cells, the total last (links without the dimension)."""
    rows = []
    for row in [*breakdown.rows, breakdown.total]:
        dimension = breakdown.dimension if row is not breakdown.total else None
        rows.append(
            {
                "row": row,
                "name": row.name if dimension else _("Total"),
                "is_total": dimension is None,
                "cells": count_cells(row, breakdown.period, dimension),
                "clocks": [
                    (
                        row.clocks[clock]["on_time"] if clock in row.clocks else 0,
                        row.clocks[clock]["late"] if clock in row.clocks else 0,
                        row.clocks[clock]["pending"] if clock in row.clocks else 0,
                        cases_link(breakdown.period, f"late:{clock}", dimension, row.key),
                        targets.percent(row.on_time_rate(clock)),
                    )
                    for clock in breakdown.clocks
                ],
            }
        )
    return rows
