"""Assisting units: what they found, for the lead unit."""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from cases.errors import ActionRefused, NotAllowed
from cases.models import Case
from departments import permissions as perms
from departments.models import Unit
from mediation.models import AssistFinding
from mediation.services.common import event, load, now_or, unit_ref

FINDING_MAX = 5000


@transaction.atomic
def assist_finding_add(
    *, case: Case, actor, text: str, unit: Unit | None = None, now: datetime | None = None
) -> AssistFinding:
    """A member of an assisting unit records a finding on the case (read-only to them otherwise)."""
    now = now_or(now)
    loaded = load(case, actor, lock=False)
    routing = loaded.routing
    mine = loaded.viewer.units(perms.WORK_UNIT_CASES)
    assisting = set(routing.assisting_units.values_list("pk", flat=True)) if routing is not None else set()
    candidates = sorted(assisting & mine)
    if unit is not None:
        candidates = [unit.pk] if unit.pk in candidates else []
    if not candidates:
        raise NotAllowed(_("Only the assisting units can add findings."), code="not_assisting")
    text = (text or "").strip()
    if not text:
        raise ActionRefused(_("Write the finding."), code="text_required")
    if len(text) > FINDING_MAX:
        raise ActionRefused(_("The finding is longer than 5000 characters."), code="text_too_long")
    finding = AssistFinding.objects.create(case=loaded.case, unit_id=candidates[0], author=actor, at=now, text=text)
    event(loaded.case, actor, "assist_finding_added", now, unit=unit_ref(finding.unit))
    return finding
