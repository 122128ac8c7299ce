"""Legal aid (法律援助): the decision to grant or refuse, and the lawyer assigned after a grant.

《中华人民共和国法律援助法》第四十三条 gives the legal-aid body 7 days from the complete application to
decide (what is missing is told in one go) and, once it grants legal aid, 3 days from the decision to
assign a legal-aid lawyer. Both are calendar days (日), as ``mediation.rules.deadlines`` counts them
(``legal_aid_decision_7_days``, ``legal_aid_lawyer_3_days``).

- The decision clock (``legal_aid_decision``) starts when the documents checklist first becomes
  complete (``case_legal_aid_documents_record``) and is met by the ``legal_aid_decided`` event.
  Until then the case page shows it waiting for a complete application.
- A grant starts the lawyer clock (``legal_aid_lawyer``), met by the ``legal_aid_lawyer_assigned``
  event of the assignment step.

This is the one place that writes either event, and writing it (``services.common.event``) meets
its clock in the same transaction rather than waiting for the sweep.
"""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from cases.errors import ActionRefused
from cases.models import Case, CaseEvent
from mediation import permissions
from mediation.models import LegalAidChecklist
from mediation.rules import legal_aid as documents
from mediation.services.clocks import case_clocks_refresh
from mediation.services.common import REASON_MAX, event, load, move, now_or, unit_ref
from mediation.services.handling import text_clean

CLOCK = "legal_aid_decision"
LAWYER_CLOCK = "legal_aid_lawyer"
KIND = permissions.LEGAL_AID_DECIDED
GRANTED, REFUSED = "granted", "refused"
NAME_MAX = 60
FIRM_MAX = 100


@transaction.atomic
def case_legal_aid_decide(*, case: Case, actor, granted: bool, reason: str = "", now: datetime | None = None):
    """Record the legal-service unit's decision on a legal-aid application and meet its clock.

    A grant starts the 3-day clock for assigning the lawyer."""
    now = now_or(now)
    loaded = load(case, actor)
    unit = permissions.check_legal_aid_decision(actor, loaded.case)
    reason = (reason or "").strip()[:REASON_MAX]
    if not granted and not reason:
        raise ActionRefused(_("Give the reason for refusing legal aid."), code="reason")
    # A refusal ends the application (法律援助法 第四十三条); a grant waits for the lawyer.
    moved = {} if granted else dict(zip(("from", "to"), move(loaded, "refuse_legal_aid"), strict=True))
    recorded = event(
        loaded.case,
        actor,
        "legal_aid_decided",
        now,
        decision=GRANTED if granted else REFUSED,
        reason=reason,
        unit=unit_ref(unit),
        **moved,
    )
    if granted:
        case_clocks_refresh(loaded.case, now)
    return recorded


@transaction.atomic
def case_legal_aid_lawyer_assign(
    *, case: Case, actor, lawyer: str, firm: str = "", now: datetime | None = None
) -> CaseEvent:
    """Assign the legal-aid lawyer after a grant (法律援助法 第四十三条) and meet the 3-day clock."""
    now = now_or(now)
    loaded = load(case, actor)
    unit = permissions.check_legal_aid_lawyer(actor, loaded.case)
    lawyer = text_clean(lawyer, label=_("Legal-aid lawyer"), max_length=NAME_MAX)
    firm = text_clean(firm, label=_("Law firm"), required=False, max_length=FIRM_MAX)
    # The lawyer takes the matter over: the center's part of the application ends here.
    before, after = move(loaded, "hand_over_to_lawyer")
    return event(
        loaded.case,
        actor,
        "legal_aid_lawyer_assigned",
        now,
        public=True,
        lawyer=lawyer,
        firm=firm,
        unit=unit_ref(unit),
        **{"from": before, "to": after},
    )


@transaction.atomic
def case_legal_aid_documents_record(
    *, case: Case, actor, received: list[str], by_agent: bool = False, now: datetime | None = None
) -> LegalAidChecklist:
    """Record which documents of the application are in; the first time none is missing, it is complete.

    Until then the event names everything still to be supplied, so that the applicant is told in one
    go (法律援助法 第四十三条). Becoming complete starts the 7-day decision clock. A document recorded
    missing afterwards neither stops nor restarts it: the application was complete on that day, and
    what the body finds missing later is its own to settle within the 7 days (the stricter reading,
    in the applicant's favour). Once legal aid is decided the checklist no longer changes."""
    now = now_or(now)
    loaded = load(case, actor)
    unit = permissions.check_legal_aid_documents(actor, loaded.case)
    try:
        missing = documents.missing_documents(received, by_agent=by_agent)
    except documents.UnknownDocument as error:
        raise ActionRefused(_("Choose documents from the list."), code="documents") from error
    checklist = LegalAidChecklist.objects.select_for_update().filter(case=loaded.case).first()
    checklist = checklist or LegalAidChecklist(case=loaded.case)
    became_complete = not missing and checklist.complete_at is None
    checklist.received = [d.code for d in documents.DOCUMENTS if d.code in set(received)]
    checklist.by_agent = by_agent
    checklist.updated_by = actor
    checklist.updated_at = now
    if became_complete:
        checklist.complete_at = now
    checklist.save()
    event(
        loaded.case,
        actor,
        "legal_aid_application_complete" if became_complete else "legal_aid_documents_recorded",
        now,
        documents=checklist.received,
        missing=[d.code for d in missing],
        unit=unit_ref(unit),
    )
    if became_complete:
        case_clocks_refresh(loaded.case, now)
    return checklist
