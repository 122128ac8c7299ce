"""Reads for the legal-service window (issue 16): open consultations and legal-aid applications,
through the visibility rule of ``cases.selectors``."""

from django.db.models import F, QuerySet

from cases.models import Case, CaseEvent
from cases.rules import status as st
from cases.selectors import case_list_for_user
from mediation.permissions import legal_service_unit_of


def may_work_the_legal_window(user) -> bool:
    """Whether the person is legal-service staff (the walk-in page and its link ask this)."""
    return user is not None and user.is_authenticated and legal_service_unit_of(user) is not None


def open_consultations_for(user) -> QuerySet[Case]:
    """Legal consultations still open that the person may see, booked ones by their date, the rest oldest first."""
    return (
        case_list_for_user(user)
        .filter(service=st.LEGAL_CONSULTATION)
        .exclude(status__in=st.TERMINAL_STATUSES)
        .select_related("legal_consultation")
        .order_by("legal_consultation__booked_for", "received_at")
    )


def open_legal_aid_for(user) -> QuerySet[Case]:
    """Legal-aid applications still waiting for the legal service (the decision, or the lawyer after a
    grant) that the person may see, the most urgent first (the earliest open clock)."""
    finished = CaseEvent.objects.filter(kind__in=["legal_aid_lawyer_assigned"]).values("case_id")
    refused = CaseEvent.objects.filter(kind="legal_aid_decided", data__decision="refused").values("case_id")
    return (
        case_list_for_user(user)
        .filter(service="legal_aid")
        .exclude(status__in=st.TERMINAL_STATUSES)
        .exclude(pk__in=finished)
        .exclude(pk__in=refused)
        .select_related("ticket", "routing", "legal_aid_checklist")
        .order_by(F("routing__next_due_on").asc(nulls_last=True), "received_at")
    )
