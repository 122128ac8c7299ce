"""The monthly dispute screening (矛盾纠纷排查): each village files its list once a month.

A second filing of the same month is refused (the list stands as filed; a dispute found later is
reported as an incident). A month without disputes is filed with no items (a nil report), so the
director can tell a quiet village from one that did not file. High-risk items become governance
cases at the center at once, through ``intake.services.case_file`` with the item as its submission
token: escalating twice never files two cases.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.errors import ActionRefused, Conflict
from cases.models import Case, Channel
from governance import rules
from governance.models import GridWorker, IncidentCategory, RiskLevel, Screening, ScreeningItem
from governance.permissions import check_grid_worker
from governance.services.incidents import governance_office, receive
from intake.services import CaseInput, PetitionerInput, case_file
from mediation.services.common import event, now_or, unit_ref

MAX_ITEMS = 50
PARTIES_MAX = 200
TEXT_MAX = 2000


@dataclass(frozen=True)
class ScreeningItemInput:
    parties: str
    summary: str
    category: IncidentCategory
    risk_level: str
    measures: str = ""


def _item_checked(number: int, item: ScreeningItemInput) -> ScreeningItemInput:
    where = {"number": number}
    parties, summary, measures = (
        (item.parties or "").strip(),
        (item.summary or "").strip(),
        (item.measures or "").strip(),
    )
    if not parties or not summary:
        raise ActionRefused(_("Dispute %(number)d: give the parties and a summary.") % where, code="item")
    if len(parties) > PARTIES_MAX or len(summary) > TEXT_MAX or len(measures) > TEXT_MAX:
        raise ActionRefused(_("Dispute %(number)d: a field is too long.") % where, code="item")
    if item.category is None or not item.category.is_active:
        raise ActionRefused(_("Dispute %(number)d: choose a category from the list.") % where, code="item")
    if item.risk_level not in RiskLevel.values:
        raise ActionRefused(_("Dispute %(number)d: choose the risk level.") % where, code="item")
    return ScreeningItemInput(parties, summary, item.category, item.risk_level, measures)


@transaction.atomic
def screening_file(
    *, actor, items: Sequence[ScreeningItemInput], note: str = "", now: datetime | None = None
) -> Screening:
    """A grid worker files the village's screening for this month; high-risk items become cases."""
    now = now_or(now)
    worker = check_grid_worker(actor)
    if len(items) > MAX_ITEMS:
        raise ActionRefused(_("At most %(max)d disputes on one list.") % {"max": MAX_ITEMS}, code="items")
    checked = [_item_checked(number, item) for number, item in enumerate(items, start=1)]
    month = rules.screening_month(timezone.localdate(now))
    refused = Conflict(
        _("%(village)s has already filed its screening for %(month)s; a month is filed once.")
        % {"village": worker.village.name, "month": f"{month:%Y-%m}"},
        code="already_filed",
    )
    if Screening.objects.filter(village=worker.village, month=month).exists():
        raise refused
    try:
        with transaction.atomic():
            screening = Screening.objects.create(
                village=worker.village, month=month, filed_by=actor, filed_at=now, note=(note or "").strip()[:TEXT_MAX]
            )
    except IntegrityError as taken:  # filed at the same moment by another grid worker of the village
        raise refused from taken
    ScreeningItem.objects.bulk_create(
        [
            ScreeningItem(
                screening=screening,
                parties=item.parties,
                summary=item.summary,
                category=item.category,
                risk_level=item.risk_level,
                measures=item.measures,
            )
            for item in checked
        ]
    )
    screening_escalate(screening=screening, actor=actor, now=now)
    return screening


def _request_text(item: ScreeningItem, screening: Screening) -> str:
    return _(
        "Monthly dispute screening of %(village)s, %(month)s: %(summary)s\n\nParties: %(parties)s. "
        "Category: %(category)s. %(risk)s. Measures taken by the village: %(measures)s"
    ) % {
        "village": screening.village.name,
        "month": f"{screening.month:%Y-%m}",
        "summary": item.summary,
        "parties": item.parties,
        "category": item.category.name,
        "risk": RiskLevel(item.risk_level).label,
        "measures": item.measures or "—",
    }


def _token(item: ScreeningItem) -> str:
    return f"screening-item-{item.pk}"


@transaction.atomic
def screening_escalate(*, screening: Screening, actor, now: datetime | None = None) -> list[Case]:
    """File a case for each high-risk item of the list that has none yet (idempotent).

    Each item files with its own submission token, so that even two runs at once store one case
    per item; the item is linked back to its case.
    """
    now = now_or(now)
    office = governance_office()
    worker = GridWorker.objects.filter(user=screening.filed_by).select_related("user").first()
    name = screening.filed_by.get_full_name() or screening.filed_by.get_username()
    cases = []
    items = ScreeningItem.objects.select_for_update().filter(screening=screening).select_related("category")
    for item in items:
        if not rules.escalates(item.risk_level):
            continue
        if item.case_id is not None:
            cases.append(item.case)
            continue
        filed = case_file(
            data=CaseInput(
                channel=Channel.ONLINE,
                service="governance",
                request=_request_text(item, screening),
                petitioners=[
                    PetitionerInput(
                        name=name[:40],
                        phone=worker.phone if worker else "",
                        village=screening.village,
                    )
                ],
                consent=True,
                village=screening.village,
            ),
            actor=actor,
            submission_token=_token(item),
            now=now,
        )
        item.case = filed.case
        item.save(update_fields=["case"])
        if filed.created:
            if office is not None:
                receive(filed.case, office)
            event(
                filed.case,
                actor,
                "screening_item_escalated",
                now,
                village=screening.village.name,
                month=f"{screening.month:%Y-%m}",
                risk_level=item.risk_level,
                unit=unit_ref(office),
            )
        cases.append(filed.case)
    return cases
