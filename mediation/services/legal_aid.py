"""The legal-aid decision: the legal-service unit grants or refuses legal aid, which meets its 7-day clock.

《中华人民共和国法律援助法》第四十三条 gives the legal-aid body 7 days from the application to decide.
The clock (``legal_aid_decision``) is met by the ``legal_aid_decided`` event; this is the one place
that writes it, and it meets the clock in the same transaction rather than waiting for the sweep.
"""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from cases.models import Case, CaseEvent
from departments.models import Membership, Unit
from mediation.models import CaseClock
from mediation.rules import clocks as rules
from mediation.services.common import REASON_MAX, event, load, now_or, unit_ref
from mediation.services.errors import ServiceError

CLOCK = "legal_aid_decision"
KIND = "legal_aid_decided"
GRANTED, REFUSED = "granted", "refused"


def legal_service_unit_of(actor) -> Unit | None:
    """The active legal-service unit the actor works in, if any (clerk, handler or head)."""
    membership = (
        Membership.objects.filter(
            user_id=actor.pk, user__is_active=True, unit__kind=Unit.Kind.LEGAL_SERVICE, unit__is_active=True
        )
        .select_related("unit")
        .order_by("unit_id")
        .first()
    )
    return membership.unit if membership is not None else None


def may_decide_legal_aid(actor, case: Case) -> bool:
    """Whether the page offers the decision: a legal-aid case not yet decided, and a legal-service worker."""
    return (
        case.service == "legal_aid"
        and not CaseEvent.objects.filter(case=case, kind=KIND).exists()
        and legal_service_unit_of(actor) is not None
    )


@transaction.atomic
def case_legal_aid_decide(*, case: Case, actor, granted: bool, reason: str = "", now: datetime | None = None):
    """Record the legal-service unit's decision on a legal-aid application and meet its clock."""
    now = now_or(now)
    loaded = load(case, actor)
    unit = legal_service_unit_of(actor)
    if unit is None:
        raise ServiceError(_("Only the legal-service unit decides on legal aid."), code="role_not_allowed")
    if loaded.case.service != "legal_aid":
        raise ServiceError(_("This case is not an application for legal aid."), code="wrong_service")
    if CaseEvent.objects.filter(case=loaded.case, kind=KIND).exists():
        raise ServiceError(_("Legal aid has already been decided for this case."), code="already_decided")
    reason = (reason or "").strip()[:REASON_MAX]
    if not granted and not reason:
        raise ServiceError(_("Give the reason for refusing legal aid."), code="reason")
    recorded = event(
        loaded.case,
        actor,
        "legal_aid_decided",
        now,
        decision=GRANTED if granted else REFUSED,
        reason=reason,
        unit=unit_ref(unit),
    )
    CaseClock.objects.filter(case=loaded.case, clock=CLOCK, met_at__isnull=True).update(
        met_at=now, state=rules.MET, updated_at=now
    )
    return recorded
