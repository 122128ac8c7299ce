"""Reads of intake data, with who-may-see-what applied."""

import hmac

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

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
    """Which cases ``user`` may see, as a Q; False for none.

    - the director and superusers: every case;
    - the discipline office: every case, for oversight;
    - the petition office: every case that is not a conduct complaint;
    and on top of every grant, the deny of 信访工作条例 art. 30: a complaint
    never reaches the person or the unit complained about.
    """
    from departments.models import Membership, Unit
    from departments.selectors import user_is_director

    if not user.is_authenticated or not user.is_active:
        return False
    deny = Q(accused_persons=user) | Q(accused_units__memberships__user=user)
    hidden = ~Q(pk__in=Case.objects.filter(deny).values("pk"))
    if user.is_superuser or user_is_director(user):
        return hidden
    kinds = set(Membership.objects.filter(user=user, unit__is_active=True).values_list("unit__kind", flat=True))
    if Unit.Kind.DISCIPLINE_OFFICE in kinds:
        return hidden
    if Unit.Kind.PETITION_OFFICE in kinds:
        return Q(is_conduct_complaint=False) & hidden
    return False


def case_list_for_user(user) -> QuerySet[Case]:
    q = case_visible_q(user)
    if q is False:
        return Case.objects.none()
    return Case.objects.filter(q)


def case_get_for_user(user, *, code: str) -> Case:
    """One case, or Http404 alike for a missing case and one the user may not see."""
    normalised = tracking_code_normalise(code)
    case = case_list_for_user(user).filter(tracking_code=normalised).first() if normalised else None
    if case is None:
        raise Http404("no such case")
    return case


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
