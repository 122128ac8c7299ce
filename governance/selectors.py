"""Governance reads, with who-may-see-what applied.

Staff see governance cases through the one visibility rule (``cases.selectors.case_visible_q``);
a grid worker sees the incidents they reported and how their cases stand, a village's staff those of
their village, nothing else.
"""

from datetime import date

from django.db.models import QuerySet

from cases.models import Case, CaseEvent
from cases.rules import status as st
from cases.rules.tracking import tracking_code_normalise
from cases.selectors import case_visible_q
from departments.models import Village
from governance import rules
from governance.models import Incident, Screening, ScreeningItem
from governance.permissions import check_oversee, grid_worker_for

PROGRESS_KINDS = ("filed", "governance_dispatched", "governance_closed")


def incident_list_for_reporter(user) -> QuerySet[Incident]:
    """The incidents a grid worker reported, or (a village's staff) those of their village; newest first."""
    if user is None or not user.is_authenticated:
        return Incident.objects.none()
    worker = grid_worker_for(user)
    if worker is not None and worker.is_village_staff:
        mine = Incident.objects.filter(village_id=worker.village_id)
    else:
        mine = Incident.objects.filter(reporter_id=user.pk)
    return mine.select_related("case", "village", "category", "reporter")


def incident_get_for_reporter(user, *, code: str) -> Incident | None:
    """One of the person's incidents by its case's tracking code (None alike for missing and others')."""
    normalised = tracking_code_normalise(code or "")
    if not normalised:
        return None
    return (
        incident_list_for_reporter(user)
        .filter(case__tracking_code=normalised)
        .select_related("case__routing__lead_unit")
        .first()
    )


def incident_progress(incident: Incident) -> list[CaseEvent]:
    """What the grid worker is told of their case: received, dispatched (to which unit), closed (with the measure)."""
    return list(CaseEvent.objects.filter(case_id=incident.case_id, kind__in=PROGRESS_KINDS).order_by("at", "pk"))


def _visible_cases(user):
    return Case.objects.filter(case_visible_q(user)).values("pk")


def governance_case_list_for_user(user) -> QuerySet[Case]:
    """Governance cases the person may see: reported incidents and high-risk screened disputes alike,
    each with its record (``governance_incident`` or ``screening_item``), newest first."""
    return (
        Case.objects.filter(case_visible_q(user), service="governance")
        .select_related(
            "routing__lead_unit",
            "governance_incident__village",
            "governance_incident__category",
            "screening_item__screening__village",
            "screening_item__category",
        )
        .order_by("-received_at", "-pk")
    )


def cases_to_dispatch(user) -> QuerySet[Case]:
    """What waits for the governance office to dispatch it (待派遣)."""
    return governance_case_list_for_user(user).filter(status__in=[st.REGISTERED, st.ROUTED, st.REOPENED])


def cases_open(user) -> QuerySet[Case]:
    """Dispatched and not closed yet."""
    return governance_case_list_for_user(user).filter(status__in=[st.ASSIGNED, st.IN_PROGRESS])


def screening_overview(user, *, today: date) -> dict:
    """This month's screening for the director and the governance office: who filed, who did not.

    The high-risk items are listed with their cases only where the person may see the case.
    """
    check_oversee(user)
    month = rules.screening_month(today)
    villages = list(Village.objects.select_related("area").order_by("area__code", "code"))
    filings = {s.village_id: s for s in Screening.objects.filter(month=month).select_related("filed_by")}
    missing_ids = set(rules.villages_not_filed([v.pk for v in villages], filings))
    visible = set(
        ScreeningItem.objects.filter(screening__month=month, case__in=_visible_cases(user)).values_list("pk", flat=True)
    )
    items = list(
        ScreeningItem.objects.filter(screening__month=month)
        .select_related("screening__village", "category", "case")
        .order_by("screening__village__code", "pk")
    )
    for item in items:
        item.case_visible = item.pk in visible
    return {
        "month": month,
        "missing": [v for v in villages if v.pk in missing_ids],
        "filed": [(v, filings[v.pk]) for v in villages if v.pk in filings],
        "items": items,
    }


def screening_for_worker(worker, *, today: date) -> Screening | None:
    """The worker's village's screening of this month, if filed."""
    return (
        Screening.objects.filter(village=worker.village, month=rules.screening_month(today))
        .prefetch_related("items__category", "items__case")
        .first()
    )
