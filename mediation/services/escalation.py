"""A case becomes leader-led at any time, not only at intake (一（四）, issue 17).

Rulebook 沥工委〔2020〕38号 一（四）: repeat (3rd time), skip-level (to Shaoxing, the province or
Beijing), collective (5+) and extreme cases "必须由分管领导（或片长）直接负责承办". What happens after
intake is recorded here by staff: a skip-level petition, a group visit, extreme behaviour. A repeat
comes from confirming a repeat link (``intake.services.case_link_decide``). Either way
``case_leader_led_apply`` makes the case leader-led, names its owner when it has none, tells them,
and raises the warning slip (二（二）) when the case is already signed out. The joint-reception alert
of a group or extreme visit (一（三）) belongs to the lobby: the entry point,
``lobby.services.escalation.case_escalation_record``, raises it in the same transaction.
"""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from cases.errors import ActionRefused
from cases.models import Case
from departments.models import Leader, Unit
from mediation.org import parse_leader_ref
from mediation.rules import oversight as ov
from mediation.rules.escalation import COLLECTIVE_THRESHOLD
from mediation.selectors.escalation import assessment_of
from mediation.services.common import event, load, now_or
from mediation.services.notifications import notify
from mediation.services.oversight import checked, required_text
from mediation.services.routing import _leader_is_conflicted, case_route_propose
from mediation.services.warning_slips import warning_slips_raise

GROUP_MAX = 10_000
NOTE_MAX = 2000


def _owner_for(case: Case, lead: Unit | None, proposal: dict) -> Leader | None:
    """一（四） "分管领导（或片长）": the area chief of a liaison team's area, else a leader supervising the
    lead unit, else the proposal's owner; never one who must stand aside; the director otherwise."""
    candidates: list[Leader] = []
    if lead is not None:
        if lead.kind == Unit.Kind.LIAISON_TEAM and lead.area_id and lead.area.chief_id:
            candidates.append(lead.area.chief)
        candidates += list(Leader.objects.filter(supervised_units=lead, is_director=False).order_by("pk"))
    pk = parse_leader_ref(proposal.get("owner"))
    if pk:
        candidates += list(Leader.objects.filter(pk=pk))
    for leader in candidates:
        if not _leader_is_conflicted(case, leader):
            return leader
    return Leader.objects.filter(is_director=True).first()


@transaction.atomic(savepoint=False)  # part of the action that recorded the trigger
def case_leader_led_apply(*, case: Case, actor, now: datetime) -> bool:
    """Make an escalated case leader-led: owner named, told, warning slip raised if signed out.

    Returns whether the case became leader-led now (False if it was already, or meets no trigger).
    A case not routed yet needs nothing more: its proposal, made again here, is leader-led and the
    clerk confirms it.
    """
    if not assessment_of(case).escalated:
        return False
    routing = case_route_propose(case=case, now=now)
    if routing.confirmed_at is None:
        return False
    if routing.leader_led and routing.owner_id is not None:
        warning_slips_raise(case=case, now=now)
        return False
    routing.leader_led = True
    if routing.owner_id is None:
        routing.owner = _owner_for(case, routing.lead_unit, routing.proposal)
    routing.save(update_fields=["leader_led", "owner"])
    owner = routing.owner
    event(
        case,
        actor,
        "leader_led",
        now,
        owner=f"leader:{owner.pk}" if owner else None,
        owner_name=str(owner.user.get_full_name() or owner.user.username) if owner else "",
        reasons=list(assessment_of(case).reasons),
    )
    if owner is not None:
        notify(
            users=[owner.user_id],
            kind="leader_led",
            message=_(
                "Case %(code)s is now leader-led, and you own it: the five duties, the case conference and a "
                "proactive appointment come before its completion."
            )
            % {"code": case.display_code},
            case=case,
            key=now.isoformat(),
            now=now,
        )
    warning_slips_raise(case=case, now=now)
    return True


@transaction.atomic
def case_escalation_store(
    *,
    case: Case,
    actor,
    skip_level_to: str = "",
    group_size: int | None = None,
    extreme: bool = False,
    note: str,
    now: datetime | None = None,
) -> Case:
    """Record what escalated the case after intake: a skip-level petition (where to), a group visit
    (how many came), extreme behaviour. The case becomes leader-led (``case_leader_led_apply``)."""
    now = now_or(now)
    loaded = load(case, actor)
    checked(ov.RECORD_ESCALATION, loaded)
    case = loaded.case
    if skip_level_to and skip_level_to not in ov.SKIP_LEVEL_DESTINATIONS:
        raise ActionRefused(_("Choose where the petitioner went."), code="skip_level_to")
    if group_size is not None and not 1 <= group_size <= GROUP_MAX:
        raise ActionRefused(_("The number of people must be between 1 and 10000."), code="group_size")
    grows = group_size is not None and group_size >= COLLECTIVE_THRESHOLD and group_size > case.group_size
    if not (skip_level_to or grows or extreme):
        raise ActionRefused(
            _("Record a skip-level petition, a visit of 5 or more people, or extreme behaviour."), code="nothing"
        )
    note = required_text(note, message=_("Write what happened."), code="note", limit=NOTE_MAX)
    fields = []
    if skip_level_to:
        case.skip_level = True
        fields.append("skip_level")
    if grows:
        case.group_size = group_size
        fields.append("group_size")
    if extreme:
        case.extreme_behaviour = True
        fields.append("extreme_behaviour")
    case.save(update_fields=fields)
    event(
        case,
        actor,
        "escalation_recorded",
        now,
        skip_level_to=skip_level_to,
        skip_level_label=ov.SKIP_LEVEL_DESTINATIONS.get(skip_level_to, ""),
        group_size=group_size if grows else None,
        extreme=extreme,
        note=note,
    )
    case_leader_led_apply(case=case, actor=actor, now=now)
    return case
