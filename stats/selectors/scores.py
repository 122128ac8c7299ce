"""The scores a person reads: a period's table, one unit's or village's lines and adjustments.

Every read goes through the person's ``ScoreScope`` (``stats.scoring_scope``): the table lists
the subjects they read, a subject they do not read is missing (404) like one that does not exist,
and a line's case is named only when THE visibility rule lets them see it.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from cases.models import Case
from cases.selectors import case_visible_q
from departments.models import Unit, Village
from stats.models import ScoreAdjustment, ScoreLine, ScorePeriod, ScoreTotal
from stats.scoring_scope import ScoreScope

KINDS = ("unit", "village")


def score_totals_for(scope: ScoreScope, period: ScorePeriod) -> list[ScoreTotal]:
    rows = ScoreTotal.objects.filter(period=period).select_related("unit", "village")
    if not scope.whole_center:
        rows = rows.filter(Q(unit_id__in=scope.units) | Q(village_id__in=scope.villages))
    rows = sorted(rows, key=lambda t: (t.village_id is not None, t.unit.kind if t.unit else "", t.name))
    for t in rows:
        t.code = t.unit.code if t.unit else t.village.code
    return rows


def score_subject_get(scope: ScoreScope, kind: str, code: str) -> Unit | Village | None:
    """The unit or village by code, or None when missing or not the person's to read."""
    if kind not in KINDS:
        return None
    model = Unit if kind == "unit" else Village
    subject = model.objects.filter(code=code).first()
    if subject is None or not scope.reads(kind, subject.pk):
        return None
    return subject


@dataclass(frozen=True)
class ShownLine:
    line: ScoreLine
    case: Case | None
    """The case, when the reader may see it; None otherwise (the line and its points still count)."""


@dataclass(frozen=True)
class ItemGroup:
    label: str
    basis: str
    points: Decimal
    lines: list[ShownLine]


def score_explanation(scope: ScoreScope, user, period: ScorePeriod, kind: str, subject) -> dict:
    """The subject's total, its lines grouped by item (with the cases the reader may see), its adjustments."""
    field = {f"{kind}": subject}
    total = ScoreTotal.objects.filter(period=period, **field).first()
    lines = list(
        ScoreLine.objects.filter(period=period, **field)
        .select_related("item")
        .order_by("item__sort_order", "item_id", "day", "case_id")
    )
    ids = {line.case_id for line in lines}
    visible = (
        {
            c.pk: c
            for c in Case.objects.filter(case_visible_q(user, viewer=scope.viewer), pk__in=ids).only(
                "pk", "tracking_code"
            )
        }
        if ids
        else {}
    )
    groups: dict[int, ItemGroup] = {}
    for line in lines:
        group = groups.get(line.item_id)
        if group is None:
            group = groups[line.item_id] = ItemGroup(line.item.label, line.item.basis, Decimal(0), [])
        group.lines.append(ShownLine(line, visible.get(line.case_id)))
    shown = [
        ItemGroup(g.label, g.basis, sum((s.line.points for s in g.lines), Decimal(0)), g.lines) for g in groups.values()
    ]
    adjustments = list(ScoreAdjustment.objects.filter(period=period, **field).select_related("by"))
    return {"total": total, "groups": shown, "adjustments": adjustments}
