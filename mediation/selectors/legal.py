"""Reads for the legal-service window (issue 16), through the visibility rule of ``cases.selectors``."""

from django.db.models import QuerySet

from cases.models import Case
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
