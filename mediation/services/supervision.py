"""督办 (二（一） 分管领导督办): a leader orders the lead unit about a case; the unit answers (issue 17).

Each action loads the case through the visibility rule, asks ``mediation.rules.supervision``, writes,
appends the case event and tells the other side after commit. The deadline sweep tells the supervising
leaders (and the owning leader) of an overdue reply (``mediation.tasks._insert_leaders``).
"""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.errors import ActionRefused, Conflict, NotAllowed
from cases.models import Case
from cases.rules import status as st
from mediation.models import SupervisionOrder
from mediation.rules import supervision as rules
from mediation.selectors.escalation import is_assigned, oversight_roles
from mediation.services.common import Loaded, event, load, now_or, person
from mediation.services.notifications import notify
from mediation.services.oversight import heads_of, required_text

INSTRUCTIONS_MAX = 2000
ANSWER_MAX = 5000


def _open_order(case: Case) -> SupervisionOrder | None:
    return SupervisionOrder.objects.select_for_update().filter(case=case, answered_at__isnull=True).first()


def _checked(action: str, loaded: Loaded, order: SupervisionOrder | None) -> None:
    refused = rules.refusal(
        action,
        terminal=loaded.case.status in st.TERMINAL_STATUSES,
        assigned=is_assigned(loaded.case),
        order_open=order is not None,
        roles=oversight_roles(loaded.viewer, loaded.case),
    )
    if refused == rules.REFUSED_ROLE:
        if action == rules.ISSUE:
            raise NotAllowed(
                _(
                    "Only the leader supervising the lead unit, the owning leader or the director issues a "
                    "supervision order."
                ),
                code=refused,
            )
        raise NotAllowed(_("Only the lead unit's head or its handlers answer the supervision order."), code=refused)
    if refused is not None:
        raise Conflict(
            {
                rules.REFUSED_CLOSED: _("The case is closed."),
                rules.REFUSED_NOT_ASSIGNED: _("The case has not been signed out to a lead unit yet."),
                rules.REFUSED_ORDER_OPEN: _("A supervision order on this case waits for its answer."),
                rules.REFUSED_NO_ORDER: _("No supervision order waits for an answer."),
            }[refused],
            code=refused,
        )


@transaction.atomic
def supervision_order_issue(
    *, case: Case, actor, instructions: str, answer_by: date | None, now: datetime | None = None
) -> SupervisionOrder:
    """A leader orders the lead unit about the case: what to do, and the date to answer by."""
    now = now_or(now)
    loaded = load(case, actor)
    _checked(rules.ISSUE, loaded, _open_order(loaded.case))
    text = required_text(
        instructions, message=_("Write the instructions."), code="instructions", limit=INSTRUCTIONS_MAX
    )
    if answer_by is None:
        raise ActionRefused(_("Give the date to answer by."), code="answer_by")
    if not rules.answer_by_valid(answer_by, timezone.localdate(now)):
        raise ActionRefused(_("The date to answer by cannot be in the past."), code="answer_by")
    unit_id = loaded.routing.lead_unit_id
    order = SupervisionOrder.objects.create(
        case=loaded.case, unit_id=unit_id, issued_by=actor, issued_at=now, instructions=text, answer_by=answer_by
    )
    event(
        loaded.case,
        actor,
        "supervision_issued",
        now,
        order=order.pk,
        leader=person(actor),
        instructions=text,
        answer_by=answer_by.isoformat(),
    )
    notify(
        users=[*heads_of([unit_id]).get(unit_id, []), loaded.routing.picked_by_id],
        kind="supervision_issued",
        message=_("Supervision order on case %(code)s: answer by %(day)s.")
        % {"code": loaded.case.display_code, "day": answer_by.isoformat()},
        case=loaded.case,
        key=f"order-{order.pk}",
        now=now,
    )
    return order


@transaction.atomic
def supervision_order_answer(*, case: Case, actor, answer: str, now: datetime | None = None) -> SupervisionOrder:
    """The lead unit answers the open supervision order in writing; the leader who issued it is told."""
    now = now_or(now)
    loaded = load(case, actor)
    order = _open_order(loaded.case)
    _checked(rules.ANSWER, loaded, order)
    order.answer = required_text(answer, message=_("Write the answer."), code="answer", limit=ANSWER_MAX)
    order.answered_by = actor
    order.answered_at = now
    order.save(update_fields=["answer", "answered_by", "answered_at"])
    event(loaded.case, actor, "supervision_answered", now, order=order.pk, answer=order.answer)
    notify(
        users=[order.issued_by_id],
        kind="supervision_answered",
        message=_("Case %(code)s: the lead unit answered your supervision order.") % {"code": loaded.case.display_code},
        case=loaded.case,
        key=f"order-{order.pk}",
        now=now,
    )
    return order
