"""Whom a complaint is about: the proposal from the free text, the discipline office's
confirmation, and the referral to the district when the center's own top is accused.

信访工作条例 art. 30: a complaint never reaches the person or unit it is about. The accused
recorded here feed the one visibility rule (``mediation.selectors``): recorded or proposed, they
are kept away at once; while a proposal waits (``Case.accused_pending``) only the discipline
office and the director see the case.
"""

from collections.abc import Iterable, Sequence
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from cases.errors import ActionRefused, NotAllowed
from cases.models import Case
from cases.permissions import is_conduct
from departments import permissions as perms
from departments.models import Leader, Membership, Unit
from departments.rules import accused_match
from departments.selectors import accusable_people, accused_candidates
from mediation.services.common import event, load, now_or
from mediation.services.routing import case_route_propose


def _refs(units: Iterable[Unit], persons: Iterable) -> dict:
    return {
        "units": sorted({u.code for u in units}),
        "persons": sorted(({"id": p.pk, "name": str(p)} for p in persons), key=lambda p: p["id"]),
    }


def _current(case: Case) -> dict:
    return _refs(case.accused_units.all(), case.accused_persons.all())


def district_reasons(case: Case) -> list[str]:
    """Why the complaint must go to the district (上级纪委): the director, the discipline office
    or its head among the accused. Empty when it stays with the center."""
    reasons = []
    persons = set(case.accused_persons.values_list("pk", flat=True))
    if Leader.objects.filter(is_director=True, user_id__in=persons).exists():
        reasons.append("director")
    heads = Membership.objects.filter(
        unit__kind=Unit.Kind.DISCIPLINE_OFFICE, role=Membership.Role.HEAD, user_id__in=persons
    )
    if heads.exists():
        reasons.append("discipline_head")
    if case.accused_units.filter(kind=Unit.Kind.DISCIPLINE_OFFICE).exists():
        reasons.append("discipline_office")
    return reasons


def _refer_if_needed(case: Case, actor, now: datetime) -> None:
    reasons = district_reasons(case)
    if reasons and not case.refer_to_district:
        Case.objects.filter(pk=case.pk).update(refer_to_district=True)
        case.refer_to_district = True
        event(case, actor, "referred_to_district", now, reasons=reasons)


def case_accused_record_at_filing(
    *, case: Case, units: Sequence[Unit] = (), persons: Sequence = (), actor=None, now: datetime | None = None
) -> tuple[list[Unit], list]:
    """Part of filing (in its transaction): record the accused the desk named, or propose them.

    A conduct complaint whose accused nobody named (kiosk, online form, API, or a desk entry with
    only the free text) gets a proposal matched from ``accused_description`` against the
    organisation, and waits for the discipline office (``accused_pending``). Returns the units and
    persons recorded (for the routing proposal, which then need not read them back).
    """
    now = now_or(now)
    units, persons = list(units), list(persons)
    if units or persons:
        case.accused_units.set(units)
        case.accused_persons.set(persons)
        event(case, actor, "accused_recorded", now, **_refs(units, persons))
    elif case.is_conduct_complaint:
        unit_ids, person_ids = accused_match(case.accused_description, accused_candidates())
        units = list(Unit.objects.filter(pk__in=unit_ids))
        persons = list(get_user_model().objects.filter(pk__in=person_ids))
        case.accused_units.set(units)
        case.accused_persons.set(persons)
        Case.objects.filter(pk=case.pk).update(accused_pending=True)
        case.accused_pending = True
        event(case, None, "accused_proposed", now, **_refs(units, persons))
    else:
        return [], []
    _refer_if_needed(case, actor, now)
    return units, persons


@transaction.atomic
def case_accused_confirm(
    *, case: Case, actor, units: Sequence[Unit], persons: Sequence, now: datetime | None = None
) -> Case:
    """The discipline office's clerk confirms or corrects whom a conduct complaint is about.

    Recorded from/to on the case; the routing proposal is made again (until it is confirmed);
    the case goes to the district if the director or the discipline office is among the accused.
    """
    now = now_or(now)
    loaded = load(case, actor)
    if not loaded.viewer.units_of_kind(Unit.Kind.DISCIPLINE_OFFICE, perms.REGISTER_CASES):
        raise NotAllowed(_("Only the discipline office confirms whom a complaint is about."), code="not_discipline")
    fresh = loaded.case
    if not is_conduct(fresh):
        raise ActionRefused(_("Only a complaint about an official's conduct names accused."), code="not_conduct")
    units = list(dict.fromkeys(units))
    persons = list(dict.fromkeys(persons))
    if any(not u.is_active for u in units):
        raise ActionRefused(_("This unit is not active."), code="unit_inactive")
    allowed = set(accusable_people().filter(pk__in=[p.pk for p in persons]).values_list("pk", flat=True))
    if any(p.pk not in allowed for p in persons):
        raise ActionRefused(_("Name staff members or leaders of the center."), code="not_staff")
    if not units and not persons:
        raise ActionRefused(_("Name at least one unit or person the complaint is about."), code="accused_required")
    before = _current(fresh)
    fresh.accused_units.set(units)
    fresh.accused_persons.set(persons)
    Case.objects.filter(pk=fresh.pk).update(accused_pending=False)
    fresh.accused_pending = False
    event(fresh, actor, "accused_confirmed", now, **{"from": before, "to": _refs(units, persons)})
    routing = loaded.routing
    if routing is None or routing.confirmed_at is None:
        case_route_propose(case=fresh, now=now)
    _refer_if_needed(fresh, actor, now)
    return fresh
