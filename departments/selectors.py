"""Reads of the organisation, with permissions applied.

Every page, API answer and socket that lists units asks these functions.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.http import Http404
from guardian.shortcuts import get_objects_for_user

from departments import permissions as perms
from departments.models import Leader, Membership, Unit
from departments.rules import accused_names


def user_is_director(user) -> bool:
    if not user.is_authenticated:
        return False
    return Leader.objects.filter(user=user, is_director=True).exists()


def leader_for_user(user) -> Leader | None:
    """The person's place in the leadership team (the director is one of them), with the units they supervise."""
    if not user.is_authenticated:
        return None
    return Leader.objects.filter(user=user).prefetch_related("supervised_units").first()


def may_see_center(user, *, is_director: bool | None = None) -> bool:
    """Whether the person sees the whole center (every unit, every case, the center screen).

    THE one definition: the director and superusers, signed in and active. ``is_director`` spares
    the query when the caller has already read the person's leader row (``cases.permissions``).
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user_is_director(user) if is_director is None else is_director


def unit_list_for_user(user, *, permission: str = perms.VIEW_UNIT_CASES) -> QuerySet[Unit]:
    """Units on which ``user`` holds ``permission``; the director and superusers see all."""
    if not user.is_authenticated or not user.is_active:
        return Unit.objects.none()
    if may_see_center(user):
        return Unit.objects.filter(is_active=True)
    return get_objects_for_user(
        user, f"departments.{permission}", klass=Unit.objects.filter(is_active=True), accept_global_perms=False
    )


def unit_get_for_user(user, *, code: str, permission: str = perms.VIEW_UNIT_CASES) -> Unit:
    """One unit, or Http404 alike for a unit that is missing and one the user may not see."""
    unit = unit_list_for_user(user, permission=permission).filter(code=code).first()
    if unit is None:
        raise Http404("no such unit")
    return unit


REGISTRATION_OFFICES = (Unit.Kind.PETITION_OFFICE, Unit.Kind.DISCIPLINE_OFFICE)


def user_may_register_cases(user) -> bool:
    """Whether the person registers letters, calls and visits: the desk and the API ask this.

    It takes the registration right of the petition office (or of the discipline office, which
    registers conduct complaints); the same right on any other unit (every unit head holds it)
    does not make a desk clerk. The director and superusers may.
    """
    if user is None or not user.is_authenticated:
        return False
    return unit_list_for_user(user, permission=perms.REGISTER_CASES).filter(kind__in=REGISTRATION_OFFICES).exists()


def membership_list_for_user(user) -> QuerySet[Membership]:
    """The user's own memberships, for their home page."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=user, unit__is_active=True).select_related("unit", "unit__area")


def membership_list_for_unit(user, *, unit: Unit) -> QuerySet[Membership]:
    """The members of a unit, for those who may see the unit."""
    if not unit_list_for_user(user).filter(pk=unit.pk).exists():
        return Membership.objects.none()
    return unit.memberships.select_related("user").order_by("role", "user__username")


def accusable_people():
    """People a complaint may name: active staff (members of a unit) and leaders."""

    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(memberships__isnull=False) | Q(leader__isnull=False))
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def accused_candidates() -> list[tuple[str, int, tuple[str, ...]]]:
    """The organisation's names for matching a complaint's free text: (kind, pk, names).

    Units by name; people by full name (family name first, as written in Chinese) and, for
    leaders, by title.
    """

    found: list[tuple[str, int, tuple[str, ...]]] = [
        ("unit", pk, accused_names(name)) for pk, name in Unit.objects.filter(is_active=True).values_list("pk", "name")
    ]
    titles = dict(Leader.objects.values_list("user_id", "title"))
    for pk, family, given in accusable_people().values_list("pk", "last_name", "first_name"):
        names = [f"{family}{given}".strip()]
        if pk in titles:
            names.extend(accused_names(titles[pk]))
        found.append(("person", pk, tuple(n for n in names if n)))
    return found
