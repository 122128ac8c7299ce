"""Scoring services (季考评、年考核): compute a period, publish it (frozen), adjust a score, make a new
version of a scheme. Each checks that the actor is the director, works in one transaction and
leaves an audit record (Wagtail's log)."""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from cases.errors import ActionRefused, Conflict, NotAllowed
from cases.permissions import viewer_for
from departments.models import Unit, Village
from stats.analytic import analytic
from stats.models import ScoreAdjustment, ScoreLine, ScorePeriod, ScoreTotal, ScoringItem, ScoringScheme
from stats.rules import scoring as rules
from stats.rules.periods import QUARTER, YEAR, PeriodError, period_parse
from stats.selectors.scoring import scoring_facts

ADJUSTMENT_LIMIT = Decimal(100)
SCORED_UNIT_KINDS = [k for k in Unit.Kind.values if k not in (Unit.Kind.PETITION_OFFICE, Unit.Kind.DISCIPLINE_OFFICE)]
"""Units assessed (二（七））: the line offices, liaison teams and the other working units; the petition
office keeps the books and the discipline office oversees."""

PUBLISHED_MESSAGE = _("The scores of %(code)s are published and frozen: they cannot be changed.")


def _director_only(actor, message) -> None:
    viewer = viewer_for(actor)
    if viewer is None or not viewer.is_director:
        raise NotAllowed(message, code="not_director")


def score_period_parse(code: str):
    """A quarter or a year, or ``ActionRefused``."""
    try:
        period = period_parse(code)
    except PeriodError:
        period = None
    if period is None or period.kind not in (QUARTER, YEAR):
        raise ActionRefused(_("Scores are kept by quarter (2026-Q1) or by year (2026)."), code="period")
    return period


def scheme_in_force(day: date) -> ScoringScheme | None:
    return ScoringScheme.objects.filter(valid_from__lte=day).order_by("-valid_from", "-version").first()


def scored_subjects() -> list[tuple[rules.Subject, str]]:
    units = Unit.objects.filter(is_active=True, kind__in=SCORED_UNIT_KINDS).order_by("kind", "code")
    villages = Village.objects.order_by("area__code", "code")
    return [((rules.UNIT, u.pk), u.name) for u in units] + [((rules.VILLAGE, v.pk), v.name) for v in villages]


def _subject_fields(subject: rules.Subject) -> dict:
    kind, pk = subject
    return {"unit_id": pk, "village_id": None} if kind == rules.UNIT else {"unit_id": None, "village_id": pk}


def _item(row: ScoringItem) -> rules.Item:
    return rules.Item(row.pk, row.trigger, row.points, row.applies_to, row.cap_quarter, row.cap_year)


def _adjustments(period: ScorePeriod) -> list[tuple[rules.Subject, Decimal]]:
    return [
        ((rules.UNIT, u), p) if u else ((rules.VILLAGE, v), p)
        for u, v, p in period.adjustments.values_list("unit_id", "village_id", "points")
    ]


def _store_totals(period: ScorePeriod, lines, names: dict) -> None:
    totals = rules.score_totals(names, lines, _adjustments(period), base=period.scheme.base_points)
    period.totals.all().delete()
    ScoreTotal.objects.bulk_create(
        ScoreTotal(
            period=period,
            name=names[s],
            base=t.base,
            deductions=t.deductions,
            bonuses=t.bonuses,
            adjustments=t.adjustments,
            total=t.total,
            **_subject_fields(s),
        )
        for s, t in totals.items()
    )


def _locked_period(code: str) -> ScorePeriod:
    period = score_period_parse(code)
    row, _created = ScorePeriod.objects.get_or_create(
        code=period.code, defaults={"start": period.start, "end": period.end}
    )
    row = ScorePeriod.objects.select_for_update().get(pk=row.pk)
    if row.published:
        raise Conflict(PUBLISHED_MESSAGE % {"code": row.code}, code="published")
    return row


@transaction.atomic
def score_period_compute(*, actor, code: str, now: datetime | None = None) -> ScorePeriod:
    """(Re)compute a draft period from the case record with the scheme in force on its first day."""
    _director_only(actor, _("Only the director computes the scores."))
    now = now or timezone.now()
    row = _locked_period(code)
    period = score_period_parse(row.code)
    scheme = scheme_in_force(period.start)
    if scheme is None:
        raise ActionRefused(_("No scoring scheme is in force on %(day)s.") % {"day": period.start}, code="no_scheme")
    today = timezone.localdate(now)
    subjects = scored_subjects()
    names = dict(subjects)
    with analytic():
        facts = [f for f in scoring_facts(period, today=today) if f.subject in names]
    items = [_item(i) for i in scheme.items.order_by("sort_order", "pk")]
    lines = rules.score_lines(facts, items, period_kind=period.kind)
    row.lines.all().delete()
    ScoreLine.objects.bulk_create(
        ScoreLine(
            period=row,
            item_id=line.item_id,
            case_id=line.case_id,
            day=line.day,
            points=line.points,
            capped=line.capped,
            **_subject_fields(line.subject),
        )
        for line in lines
    )
    row.scheme, row.computed_at, row.computed_on, row.computed_by = scheme, now, today, actor
    row.save(update_fields=["scheme", "computed_at", "computed_on", "computed_by"])
    _store_totals(row, lines, names)
    log(instance=row, action="stats.score_compute", user=actor, data={"scheme": scheme.pk, "lines": len(lines)})
    return row


@transaction.atomic
def score_period_publish(*, actor, code: str, now: datetime | None = None) -> ScorePeriod:
    """Publish a computed period: from then on its scores are frozen."""
    _director_only(actor, _("Only the director publishes the scores."))
    row = _locked_period(code)
    if row.computed_at is None:
        raise ActionRefused(_("Compute the scores before publishing them."), code="not_computed")
    row.state, row.published_at, row.published_by = ScorePeriod.State.PUBLISHED, now or timezone.now(), actor
    row.save(update_fields=["state", "published_at", "published_by"])
    log(instance=row, action="stats.score_publish", user=actor)
    return row


def _points(text) -> Decimal:
    try:
        points = Decimal(str(text).strip()).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise ActionRefused(_("Write the points as a number, e.g. -2 or 1.5."), code="points") from None
    if points == 0 or abs(points) > ADJUSTMENT_LIMIT or Decimal(str(text).strip()) != points:
        raise ActionRefused(
            _("An adjustment is between -100 and 100 points, not zero, with at most one decimal."), code="points"
        )
    return points


@transaction.atomic
def score_adjust(*, actor, code: str, subject: rules.Subject, points, reason: str, now=None) -> ScoreAdjustment:
    """The director's justified adjustment of one unit's or village's score in a draft period."""
    _director_only(actor, _("Only the director adjusts scores."))
    row = _locked_period(code)
    if row.computed_at is None:
        raise ActionRefused(_("Compute the scores before adjusting them."), code="not_computed")
    total = row.totals.filter(**_subject_fields(subject)).first()
    if total is None:
        raise ActionRefused(_("That unit or village has no score in this period."), code="subject")
    value = _points(points)
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise ActionRefused(_("Give the reason for the adjustment (at least 4 characters)."), code="reason")
    if len(reason) > 2000:
        raise ActionRefused(_("The reason is too long (at most 2000 characters)."), code="reason")
    adjustment = ScoreAdjustment.objects.create(
        period=row, points=value, reason=reason, by=actor, at=now or timezone.now(), **_subject_fields(subject)
    )
    total.adjustments += value
    total.total += value
    total.save(update_fields=["adjustments", "total"])
    log(
        instance=adjustment,
        action="stats.score_adjust",
        user=actor,
        data={"period": row.code, "subject": total.name, "points": str(value), "reason": reason},
    )
    return adjustment


@transaction.atomic
def scheme_new_version(*, actor, scheme: ScoringScheme, valid_from: date) -> ScoringScheme:
    """A copy of the scheme and its items as the next version, in force from ``valid_from``."""
    _director_only(actor, _("Only the director makes a new version of the scoring scheme."))
    latest = ScoringScheme.objects.filter(name=scheme.name).order_by("-version").first()
    copy = ScoringScheme.objects.create(
        name=scheme.name,
        version=latest.version + 1,
        valid_from=valid_from,
        base_points=scheme.base_points,
        note=scheme.note,
    )
    ScoringItem.objects.bulk_create(
        ScoringItem(
            scheme=copy,
            trigger=i.trigger,
            label=i.label,
            points=i.points,
            applies_to=i.applies_to,
            cap_quarter=i.cap_quarter,
            cap_year=i.cap_year,
            basis=i.basis,
            sort_order=i.sort_order,
        )
        for i in scheme.items.all()
    )
    log(instance=copy, action="wagtail.create", user=actor, data={"copied_from": scheme.pk})
    return copy
