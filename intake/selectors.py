"""Reads of intake data, with who-may-see-what applied."""

import hmac

from django.db.models import Prefetch, Q, QuerySet

from intake.models import Case, CaseEvent, CaseLink, Petitioner
from intake.rules import tracking_code_normalise


def case_get_public(*, code: str, phone_last4: str) -> Case | None:
    """The case for the public tracking page, or None.

    A wrong phone answers exactly like a code that does not exist.
    """
    normalised = tracking_code_normalise(code)
    if normalised is None or not (len(phone_last4) == 4 and phone_last4.isdigit()):
        return None
    case = (
        Case.objects.filter(tracking_code=normalised)
        .prefetch_related(
            Prefetch("petitioners", queryset=Petitioner.objects.only("case_id", "phone", "is_primary")),
            Prefetch(
                "events", queryset=CaseEvent.objects.filter(public=True).order_by("at", "pk"), to_attr="public_events"
            ),
        )
        .first()
    )
    if case is None:
        return None
    if not any(hmac.compare_digest(p.phone[-4:], phone_last4) for p in case.petitioners.all()):
        return None
    return case


def case_links_for(case: Case) -> QuerySet[CaseLink]:
    return case.links.select_related("earlier").order_by("-earlier__received_at")


def case_visible_q(user):
    """Which cases ``user`` may see, as a Q: delegates to THE rule in ``mediation.selectors``.

    (Director and superusers: all; discipline office: all; petition office: every case that is
    not a conduct complaint; units: what they lead or assist; leaders: what they own or
    supervise; and on top of every grant the deny of 信访工作条例 art. 30.)
    """
    from mediation.selectors import case_visible_q as visible_q

    return visible_q(user)


def case_list_for_user(user) -> QuerySet[Case]:
    from mediation.selectors import case_list_for_user as list_for_user

    return list_for_user(user)


def case_get_for_user(user, *, code: str) -> Case:
    """One case, or Http404 alike for a missing case and one the user may not see."""
    from mediation.selectors import case_get_for_user as get_for_user

    return get_for_user(user, code=code)


def earlier_cases_for(*, phone: str = "", id_number: str = "", user, limit: int = 20) -> QuerySet[Case]:
    """Earlier cases of the same person (by phone or ID number) that ``user`` may see."""
    match = Q()
    if phone:
        match |= Q(petitioners__phone=phone)
    if id_number:
        match |= Q(petitioners__id_number=id_number)
    if not match:
        return Case.objects.none()
    return case_list_for_user(user).filter(match).distinct().order_by("-received_at")[:limit]
