"""The report's content as an ordered list of sections: each one a table (a sheet of the workbook,
a table of the PDF), with the charts drawn from that very table printed above it.

``SECTIONS`` is the one place that says what a report holds and in which order. A new part (the
units' and villages' scores, when ``stats`` has them) is one more ``Section`` here, built from
``ReportData`` (and, if it needs a read of its own, one more step in ``reports.content.STEPS``).

Cells are values: ``int``, ``str``, ``date``, or ``Rate`` for a rate (a number of per cent in the
workbook, "95.0%" in the PDF). Rows are built once and written twice (``reports.render``).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from mediation.clocktext import clock_label
from reports import charts
from reports.content import ReportData
from stats import presentation
from stats.rules import targets
from stats.rules.periods import MONTH
from stats.selectors.breakdown import Breakdown
from stats.selectors.measures import LABELS


@dataclass(frozen=True)
class Rate:
    value: Fraction | None

    @property
    def text(self) -> str:
        return targets.percent(self.value)

    @property
    def number(self) -> float | None:
        return None if self.value is None else round(float(self.value) * 100, 1)


def verdict_text(state: str) -> str:
    if state == targets.MET:
        return pgettext("target", "met")
    if state == targets.NOT_MET:
        return pgettext("target", "not met")
    return _("nothing to count")


@dataclass
class Table:
    headings: list[str]
    rows: list[list]
    charts: list[tuple[str, str]] = field(default_factory=list)
    """(title, SVG) for each chart drawn from the table."""
    widths: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Section:
    code: str
    title: Promise
    build: Callable[[ReportData], Table]


def _figures(data: ReportData) -> Table:
    total = data.units.total
    rows = [[str(LABELS[code]), total.counts[code]] for code in presentation.COUNTS]
    return Table([_("Figure"), _("Number of cases")], rows, widths=[24, 12])


def _targets(data: ReportData) -> Table:
    rows = [
        [v.label, Rate(_rate(data.units.total, i, data.units.clocks)), v.threshold, verdict_text(v.state), v.shortfall]
        for i, v in enumerate(data.center_targets)
    ]
    headings = [_("Target"), _("Rate (%)"), _("Required"), _("Verdict"), _("Cases short of it")]
    return Table(headings, rows, widths=[24, 10, 10, 10, 12])


def _rate(row, index: int, clocks: list[str]) -> Fraction | None:
    """The rate behind the index-th verdict of ``presentation.verdicts`` (same order)."""
    fixed = (row.proxy_rate, row.completion_rate, row.satisfaction_rate)
    return fixed[index] if index < len(fixed) else row.on_time_rate(clocks[index - len(fixed)])


def _trend(data: ReportData) -> Table:
    chart = presentation.chart_data(data.months)
    headings = [_("Month"), *[s["name"] for s in chart["volume"]], *[f"{s['name']}（%）" for s in chart["rates"]]]
    rates = [(m.proxy_rate, m.completion_rate, m.satisfaction_rate, m.on_time_rate) for m in data.months]
    rows = [
        [m.label, m.n("received"), m.n("replied"), m.n("closed"), *[Rate(v) for v in rates[i]]]
        for i, m in enumerate(data.months)
    ]
    labels = [label[2:] for label in chart["labels"]]  # 26-11: the year fits under the bars
    volume, rates = _("Cases month by month"), _("Rates month by month")
    drawn = [
        (volume, charts.bar_chart(volume, labels, [(s["name"], s["data"]) for s in chart["volume"]])),
        (rates, charts.line_chart(rates, labels, [(s["name"], s["data"]) for s in chart["rates"]])),
    ]
    return Table(headings, rows, charts=drawn, widths=[10, 8, 8, 8, 10, 10, 10, 10])


def _breakdown_rows(breakdown: Breakdown, codes: tuple[str, ...], unnamed: str) -> list[list]:
    rows = [[row.name or unnamed, *[row.counts[c] for c in codes]] for row in breakdown.rows]
    rows.append([_("Total"), *[breakdown.total.counts[c] for c in codes]])
    return rows


UNIT_COUNTS = ("received", "replied", "closed", "proxy")
VILLAGE_COUNTS = ("received", "replied", "closed", "repeat", "collective", "satisfied", "basically", "unsatisfied")


def _by_unit(data: ReportData) -> Table:
    units = data.units
    labels = [v.label for v in data.center_targets]
    headings = [_("Lead unit"), *[str(LABELS[c]) for c in UNIT_COUNTS]]
    for label in labels:
        headings += [f"{label}（%）", _("Verdict")]
    rows = _breakdown_rows(units, UNIT_COUNTS, _("not routed yet"))
    every = [*data.unit_targets, (units.total, data.center_targets)]
    for cells, (row, found) in zip(rows, every, strict=True):
        for i, v in enumerate(found):
            cells += [Rate(_rate(row, i, units.clocks)), verdict_text(v.state)]
    series = [(str(LABELS[c]), [row.counts[c] for row in units.rows]) for c in ("received", "replied", "closed")]
    title = _("Cases by lead unit")
    drawn = [(title, charts.bar_chart(title, [row.name or "—" for row in units.rows], series))]
    return Table(headings, rows, charts=drawn if units.rows else [], widths=[18, *[8] * (len(headings) - 1)])


def _by_village(data: ReportData) -> Table:
    headings = [_("Village"), *[str(LABELS[c]) for c in VILLAGE_COUNTS], f"{_('Completion rate')}（%）"]
    rows = _breakdown_rows(data.villages, VILLAGE_COUNTS, _("not set"))
    for cells, row in zip(rows, [*data.villages.rows, data.villages.total], strict=True):
        cells.append(Rate(row.completion_rate))
    return Table(headings, rows, widths=[16, *[8] * (len(headings) - 1)])


def _clocks(data: ReportData) -> Table:
    total = data.units.total
    rows = []
    for clock in data.units.clocks:
        states = total.clocks[clock]
        rate = total.on_time_rate(clock)
        judged = targets.judge(rate, targets.ON_TIME)
        rows.append(
            [clock_label(clock), states["on_time"], states["late"], states["pending"], Rate(rate), verdict_text(judged)]
        )
    headings = [
        _("Time limit"),
        str(LABELS["on_time"]),
        str(LABELS["late"]),
        str(LABELS["pending"]),
        _("On-time rate (%)"),
        _("Verdict"),
    ]
    return Table(headings, rows, widths=[22, 8, 8, 8, 12, 10])


def _scores(data: ReportData) -> Table:
    headings = [_("Unit or village"), _("Base"), _("Deductions"), _("Bonuses"), _("Adjustments"), _("Score")]
    period = data.score_period
    if period is None:
        why = _("The scores of this period have not been computed.")
        if data.period.kind == MONTH:
            why = _("Units and villages are scored by quarter and by year, not by month.")
        return Table(headings, [[why, "", "", "", "", ""]])
    state = _("published, frozen") if period.state == period.State.PUBLISHED else _("draft, may still change")
    rows = [
        [t.name, float(t.base), float(t.deductions), float(t.bonuses), float(t.adjustments), float(t.total)]
        for t in data.scores
    ]
    rows.append([_("Scores of %(period)s: %(state)s") % {"period": period.code, "state": state}, "", "", "", "", ""])
    return Table(headings, rows, widths=[20, 8, 8, 8, 8, 8])


SECTIONS: tuple[Section, ...] = (
    Section("figures", gettext_lazy("Figures of the period"), _figures),
    Section("targets", gettext_lazy("Targets met and not met"), _targets),
    Section("trend", gettext_lazy("Month by month"), _trend),
    Section("units", gettext_lazy("By lead unit"), _by_unit),
    Section("villages", gettext_lazy("By village"), _by_village),
    Section("clocks", gettext_lazy("Time limits"), _clocks),
    Section("scores", gettext_lazy("Unit and village scores"), _scores),
)
