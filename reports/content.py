"""What a report holds, read from the statistics (``stats``) as its page composes them.

``report_data`` reads, step by step (``STEPS``, each reporting its share of the progress), the
same selectors as ``/staff/stats/``: the period's figures by lead unit and by village
(``figures_by``), the months of its trend window (``trend``), the targets judged as the page
judges them (``stats.presentation.verdicts``), and, when the period is a quarter the director has
scored (``stats.ScorePeriod``), its units' and villages' scores as stored. Nothing is counted here.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _

from stats import presentation
from stats.analytic import analytic
from stats.dimensions import BY_CODE
from stats.models import ScorePeriod, ScoreTotal
from stats.rules.periods import Period, trend_window
from stats.scope import Scope
from stats.selectors.breakdown import Breakdown, figures_by
from stats.selectors.trend import Month, trend


@dataclass
class ReportData:
    period: Period
    kind_label: str
    scope_name: str
    requested_by: str
    generated_at: datetime
    """Beijing time, naive (as a spreadsheet shows it)."""
    today: date
    units: Breakdown | None = None
    villages: Breakdown | None = None
    months: list[Month] = field(default_factory=list)
    center_targets: list = field(default_factory=list)
    unit_targets: list = field(default_factory=list)
    unit_id: int | None = None
    """The unit of a unit's report (None: the whole center)."""
    score_period: ScorePeriod | None = None
    scores: list[ScoreTotal] = field(default_factory=list)

    @property
    def title(self) -> str:
        return _("%(scope)s %(kind)s %(period)s") % {
            "scope": self.scope_name,
            "kind": self.kind_label,
            "period": self.period.code,
        }


def _units(data: ReportData, scope: Scope) -> None:
    units = figures_by(scope, data.period, BY_CODE["unit"], today=data.today)
    data.units = units
    data.center_targets = presentation.verdicts(units.total, data.period, units.clocks, None)
    data.unit_targets = [
        (row, presentation.verdicts(row, data.period, units.clocks, units.dimension)) for row in units.rows
    ]


def _villages(data: ReportData, scope: Scope) -> None:
    data.villages = figures_by(scope, data.period, BY_CODE["village"], today=data.today)


def _trend(data: ReportData, scope: Scope) -> None:
    data.months = trend(scope, trend_window(data.period), today=data.today)


def _scores(data: ReportData, scope: Scope) -> None:
    """The quarter's stored scores (a month has none): every unit and village in the center's report,
    the unit's own row in a unit's. A conduct complaint scores nothing (``stats.selectors.scoring``)."""
    data.score_period = ScorePeriod.objects.filter(code=data.period.code, computed_at__isnull=False).first()
    if data.score_period is None:
        return
    rows = ScoreTotal.objects.filter(period=data.score_period).select_related("unit", "village")
    if data.unit_id is not None:
        rows = rows.filter(unit_id=data.unit_id)
    data.scores = sorted(rows, key=lambda t: (t.village_id is not None, t.name))


STEPS: tuple[Callable[[ReportData, Scope], None], ...] = (_units, _villages, _trend, _scores)
"""The reads, in order. A new part of the report that needs its own read (scores) adds a step here."""


def report_data(data: ReportData, scope: Scope, *, on_step: Callable[[int, int], None] | None = None) -> ReportData:
    for number, step in enumerate(STEPS, 1):
        with analytic():  # a transaction per step: the progress is written between them
            step(data, scope)
        if on_step is not None:
            on_step(number, len(STEPS))
    return data
