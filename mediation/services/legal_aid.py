"""The legal-aid decision: the legal-service unit grants or refuses legal aid, which meets its 7-day clock.

《中华人民共和国法律援助法》第四十三条 gives the legal-aid body 7 days from the application to decide.
The clock (``legal_aid_decision``) is met by the ``legal_aid_decided`` event; this is the one place
that writes it, and writing it (``services.common.event``) meets the clock in the same transaction
rather than waiting for the sweep.
"""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from cases.errors import ActionRefused
from cases.models import Case
from mediation import permissions
from mediation.services.common import REASON_MAX, event, load, now_or, unit_ref

CLOCK = "legal_aid_decision"
KIND = permissions.LEGAL_AID_DECIDED
GRANTED, REFUSED = "granted", "refused"


@transaction.atomic
def case_legal_aid_decide(*, case: Case, actor, granted: bool, reason: str = "", now: datetime | None = None):
    """Record the legal-service unit's decision on a legal-aid application and meet its clock."""
    now = now_or(now)
    loaded = load(case, actor)
    unit = permissions.check_legal_aid_decision(actor, loaded.case)
    reason = (reason or "").strip()[:REASON_MAX]
    if not granted and not reason:
        raise ActionRefused(_("Give the reason for refusing legal aid."), code="reason")
    recorded = event(
        loaded.case,
        actor,
        "legal_aid_decided",
        now,
        decision=GRANTED if granted else REFUSED,
        reason=reason,
        unit=unit_ref(unit),
    )
    return recorded
