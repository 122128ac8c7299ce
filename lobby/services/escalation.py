"""Recording a later escalation, with the joint reception it may call for (一（三）、一（四）, issue 17).

The case's side (fields, owner, warning slip) is ``mediation.services.case_escalation_store``; a
group of 5 or more or extreme behaviour also calls the heads down at once, which is the lobby's
alert. Both happen in one transaction, so the alert never goes out for an escalation not stored.
"""

from datetime import datetime

from django.db import transaction

from cases.models import Case
from lobby.services.alerts import joint_reception_alert_raise
from mediation.services import case_escalation_store
from mediation.services.common import now_or


@transaction.atomic
def case_escalation_record(
    *,
    case: Case,
    actor,
    skip_level_to: str = "",
    group_size: int | None = None,
    extreme: bool = False,
    note: str,
    now: datetime | None = None,
) -> Case:
    """Staff record a skip-level petition, a group visit or extreme behaviour after intake: the case
    becomes leader-led and, for a group or extreme visit, the joint-reception alert goes out."""
    now = now_or(now)
    case = case_escalation_store(
        case=case,
        actor=actor,
        skip_level_to=skip_level_to,
        group_size=group_size,
        extreme=extreme,
        note=note,
        now=now,
    )
    joint_reception_alert_raise(case=case, now=now)
    return case
