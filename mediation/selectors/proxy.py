"""Reads of proxy handling (代办, issue 17): the cases an agent carries, a case's agent and the help given."""

from django.db.models import Case as Case_
from django.db.models import Count, IntegerField, QuerySet, Value, When

from cases.models import Case, ProxyHandling
from cases.selectors import case_list_for_user
from departments.models import ProxyAgent
from mediation.models import ProxyConsent, ProxyDocument, ProxyHelp


def proxy_cases_for(user) -> QuerySet[Case]:
    """The cases the person carries as a proxy agent, newest first (visibility rule applied), with how
    much help and how many documents they recorded on each."""
    return (
        case_list_for_user(user)
        .filter(proxy__agent__user=user)
        .select_related("routing__lead_unit", "village", "proxy")
        .annotate(
            help_count=Count("proxy_helps", distinct=True), document_count=Count("proxy_documents", distinct=True)
        )
        .order_by("-received_at", "-pk")
    )


def proxy_documents_for(user, *, limit: int = 50) -> QuerySet[ProxyDocument]:
    """The documents carried on the cases the person carries and may see (the workbench), newest first."""
    return (
        ProxyDocument.objects.filter(case__in=proxy_cases_for(user).values("pk"))
        .select_related("case", "attachment")
        .order_by("-on", "-pk")[:limit]
    )


def proxy_handling_of(case: Case) -> ProxyHandling | None:
    """The case's proxy handling: read with the case when it was fetched with it (``case_get_for_user``)."""
    if Case._meta.get_field("proxy").is_cached(case):
        try:
            return case.proxy
        except ProxyHandling.DoesNotExist:
            return None
    return ProxyHandling.objects.filter(case=case).select_related("agent__user", "agent__village").first()


def helps_for(case: Case) -> QuerySet[ProxyHelp]:
    return case.proxy_helps.select_related("agent__user").order_by("on", "pk")


def agents_for_case(case: Case) -> QuerySet[ProxyAgent]:
    """The active agents, those of the case's village first, then the subdistrict's (for the clerk's choice)."""
    agents = ProxyAgent.objects.filter(is_active=True).select_related("user", "village")
    own_village = Case_(When(village_id=case.village_id, then=Value(0)), default=Value(1), output_field=IntegerField())
    return agents.annotate(own=own_village).order_by("own", "village__code", "user__username")


def documents_for(case: Case) -> QuerySet[ProxyDocument]:
    """A case's documents carried (for a page that has already checked the case is visible)."""
    return case.proxy_documents.select_related("agent__user", "attachment").order_by("on", "pk")


def consent_of(case: Case) -> ProxyConsent | None:
    """How the resident consented when an agent filed the case (None for a case given to an agent later)."""
    return ProxyConsent.objects.filter(case=case).select_related("matter", "attachment").first()
