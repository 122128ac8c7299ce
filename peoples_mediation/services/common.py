"""What every mediation service shares: fetch-and-authorize with the mediation row locked, the
stage move, the audit event, and the case's answer (the outcome moves the case to ``replied``)."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from cases.errors import ActionRefused, Conflict
from cases.models import Case
from cases.rules import status as st
from mediation.services.common import Loaded, broadcast, event, leader_led_gate, load
from peoples_mediation import permissions
from peoples_mediation.models import Mediation
from peoples_mediation.rules import flow

TEXT_MAX = 5000


@dataclass
class Step:
    """A mediation step about to be taken: the case as loaded, its mediation row, the stage it leads to."""

    loaded: Loaded
    record: Mediation
    after: str

    @property
    def case(self) -> Case:
        return self.loaded.case


@transaction.atomic
def step(case: Case, actor, action: str) -> Step:
    """Load the case (404 alike for missing and hidden), lock its mediation row, check the step."""
    loaded = load(case, actor)
    permissions.check_mediation_case(loaded.case)
    Mediation.objects.get_or_create(case=loaded.case)
    record = Mediation.objects.select_for_update().get(case=loaded.case)
    after = permissions.check_mediation_action(loaded.viewer, actor.pk, loaded.case, record.stage, action)
    return Step(loaded, record, after)


def rule(check, *args, **kwargs) -> None:
    """Run a pure rule check, its refusal as the refused-action error."""
    try:
        check(*args, **kwargs)
    except flow.MediationRefused as error:
        raise permissions.refusal(error) from error


def text(value: str, *, label: str, required: bool = True, max_length: int = TEXT_MAX) -> str:
    cleaned = (value or "").strip()
    if required and not cleaned:
        raise ActionRefused(_("Fill in “%(field)s”.") % {"field": label}, code="required")
    if len(cleaned) > max_length:
        raise ActionRefused(
            _("“%(field)s” is longer than %(max)d characters.") % {"field": label, "max": max_length},
            code="too_long",
        )
    return cleaned


def stage_set(s: Step, stage: str) -> None:
    if s.record.stage != stage:
        s.record.stage = stage
        s.record.save(update_fields=["stage"])


def record_event(s: Step, actor, kind: str, now: datetime, *, public: bool = False, **data):
    """The audit event of a mediation step; the lead unit's screens hear of the change after commit."""
    recorded = event(s.case, actor, kind, now, public=public, **data)
    routing = s.loaded.routing
    broadcast(s.case.pk, "updated", routing.lead_unit_id if routing else None)
    return recorded


def answer(s: Step, actor, outcome: str, now: datetime, **data) -> None:
    """The outcome is the case's written answer: ``in_progress`` → ``replied``, meeting the reply clock.

    The answer finishes the case (the director's completion signature is not asked for), so a leader-led
    case (一（四）) is held here as the petition's completion signature is (``leader_led_gate``): the
    agreement, the end after a failure and the end after a party's refusal, each with its referral, wait
    until the owner has recorded the five duties, held the case conference, had the re-investigation signed
    and made (or offered) the proactive appointment (二（二）、二（四））."""
    leader_led_gate(s.case)
    rows = Case.objects.filter(pk=s.case.pk, status=st.IN_PROGRESS).update(status=st.REPLIED)
    if rows != 1:
        raise Conflict(_("The case changed in the meantime. Reload it and try again."), code="changed")
    s.case.status = st.REPLIED
    s.record.concluded_at = now
    s.record.concluded_by = actor
    s.record.stage = outcome
    s.record.save()
    record_event(
        s,
        actor,
        "mediation_concluded",
        now,
        public=True,
        outcome=outcome,
        **{"from": st.IN_PROGRESS, "to": st.REPLIED},
        **data,
    )
