"""Routing a case: the rulebook's proposal, the clerk's confirmation or override, the signature."""

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from cases.errors import ActionRefused
from cases.models import Case, CaseKind, Routing
from cases.permissions import viewer_for
from cases.selectors import deny_q
from departments.models import Delegation, Leader, Unit
from mediation.models import RoutingTable
from mediation.org import leader_ref, org_snapshot, parse_leader_ref, person_refs
from mediation.rules.routing import (
    DEFAULT_ROUTING_TABLE,
    CaseFacts,
    RoutingDecision,
    RoutingRule,
    RoutingTableError,
    route_case,
    table_from_rows,
)
from mediation.services.clocks import case_clocks_refresh
from mediation.services.common import (
    broadcast,
    check,
    check_unit_may_lead,
    event,
    excluded_unit_ids,
    load,
    move,
    now_or,
    person,
    reason_clean,
    unit_ref,
)
from mediation.services.delegation import delegation_in_force
from mediation.services.warning_slips import warning_slips_raise

TABLE_FALLBACK_REASON = "已保存的路由表无法使用，本次按默认路由表提出建议"


def default_kind(case: Case, line_office: Unit | None = None) -> str:
    """The kind a case gets until the clerk sets one, from its service and conduct flag."""
    if case.is_conduct_complaint:
        return CaseKind.CONDUCT
    if case.service in {"legal_consultation", "legal_aid"}:
        return CaseKind.LEGAL
    if case.service == "mediation":
        return CaseKind.MEDIATION
    if case.service == "governance":
        return CaseKind.GOVERNANCE
    return CaseKind.POLICY if line_office is not None else CaseKind.EXECUTION


def routing_table() -> tuple[tuple[RoutingRule, ...], bool]:
    """The administrators' table, or the default one (and False) if the stored one is unusable."""
    try:
        return table_from_rows(RoutingTable.load().rows), True
    except (RoutingTableError, TypeError, AttributeError):
        return DEFAULT_ROUTING_TABLE, False


def _facts(case: Case, routing: Routing) -> CaseFacts:
    area = None
    if case.village_id:
        area = case.village.area.code
    else:
        primary = case.petitioners.filter(village__isnull=False).select_related("village__area").first()
        area = primary.village.area.code if primary else None
    accused_users = list(case.accused_persons.values_list("pk", flat=True))
    return CaseFacts(
        kind=routing.kind,
        line_office=routing.line_office.code if routing.line_office_id else None,
        area=area,
        repeat_count=max(1, case.repeat_count),
        skip_level=case.skip_level,
        group_size=max(1, case.group_size),
        extreme_behaviour=case.extreme_behaviour,
        accused_units=frozenset(case.accused_units.values_list("code", flat=True)),
        accused_persons=frozenset(person_refs(accused_users).values()),
    )


def _proposal(decision: RoutingDecision, *, table_ok: bool) -> dict:
    reasons = list(decision.reasons) + ([] if table_ok else [TABLE_FALLBACK_REASON])
    escalation = decision.escalation
    return {
        "lead_unit": decision.lead_unit,
        "assisting_units": list(decision.assisting_units),
        "assisting_leaders": list(decision.assisting_leaders),
        "owner": decision.owner,
        "leader_led": decision.leader_led,
        "confidential": decision.confidential,
        "escalation": {
            "repeat": escalation.repeat,
            "skip_level": escalation.skip_level,
            "collective": escalation.collective,
            "extreme": escalation.extreme,
            "joint_reception": escalation.joint_reception,
            "warning_slip": escalation.warning_slip,
        },
        "reasons": reasons,
        "gaps": list(decision.gaps),
    }


@transaction.atomic
def case_route_propose(*, case: Case, now: datetime | None = None) -> Routing:
    """Propose the case's lead unit, assisting units and owner by the rulebook (and store it).

    Called at the end of filing, in the filing's transaction, and again whenever the clerk changes
    the case's kind or responsible line office. What the clerk already confirmed is kept.
    """
    now = now_or(now)
    routing = Routing.objects.select_for_update().filter(pk=case.pk).first()
    if routing is None:
        routing = Routing(case=case, kind=default_kind(case))
    elif routing.kind_set_by_id is None:
        routing.kind = default_kind(case, routing.line_office)
    facts = _facts(case, routing)
    table, table_ok = routing_table()
    decision = route_case(facts, org_snapshot(people=case.accused_persons.values_list("pk", flat=True)), table)
    routing.proposal = _proposal(decision, table_ok=table_ok)
    routing.proposed_at = now
    routing.confidential = decision.confidential or case.is_conduct_complaint
    if routing.confirmed_at is None:
        routing.leader_led = decision.leader_led
    routing.save()
    event(
        case,
        None,
        "routing_proposed",
        now,
        kind=routing.kind,
        lead_unit=decision.lead_unit,
        owner=decision.owner,
        gaps=len(decision.gaps),
    )
    return routing


@transaction.atomic
def case_routing_set_facts(
    *, case: Case, actor, kind: str, line_office: Unit | None, now: datetime | None = None
) -> Routing:
    """The clerk sets the case kind and responsible line office; the proposal is made again."""
    now = now_or(now)
    loaded = load(case, actor)
    check("confirm_routing", loaded)
    if kind not in CaseKind.values:
        raise ActionRefused(_("Unknown case kind."), code="kind")
    if line_office is not None and (line_office.kind != Unit.Kind.LINE_OFFICE or not line_office.is_active):
        raise ActionRefused(_("Choose an active line office."), code="line_office")
    routing = loaded.routing or case_route_propose(case=loaded.case, now=now)
    before = {"kind": routing.kind, "line_office": routing.line_office.code if routing.line_office_id else None}
    routing.kind = kind
    routing.kind_set_by = actor
    routing.line_office = line_office
    routing.save(update_fields=["kind", "kind_set_by", "line_office"])
    after = {"kind": kind, "line_office": line_office.code if line_office else None}
    if before != after:
        event(loaded.case, actor, "routing_facts_changed", now, **{"from": before, "to": after})
    return case_route_propose(case=loaded.case, now=now)


def _leader_is_conflicted(case: Case, leader: Leader) -> bool:
    """Whether the leader must stand aside: the visibility rule's deny applies to them (accused,
    or answerable for an accused unit as member, supervisor or area chief), or they belong to or
    supervise the unit of an accused person."""
    viewer = viewer_for(leader.user)
    if viewer is None:
        return True
    if Case.objects.filter(deny_q(viewer), pk=case.pk).exists():
        return True
    return bool(excluded_unit_ids(case) & (viewer.member_of | viewer.supervised))


def _routing_ref(lead: Unit | None, assisting: Sequence[Unit], owner: Leader | None, leader_led: bool) -> dict:
    return {
        "lead_unit": lead.code if lead else None,
        "assisting_units": sorted(u.code for u in assisting),
        "owner": leader_ref(owner.pk) if owner else None,
        "leader_led": leader_led,
    }


@transaction.atomic
def case_routing_confirm(
    *,
    case: Case,
    actor,
    lead_unit: Unit,
    assisting_units: Sequence[Unit] = (),
    owner: Leader | None = None,
    leader_led: bool = False,
    reason: str = "",
    now: datetime | None = None,
) -> Routing:
    """The clerk confirms the proposed routing, or overrides it with a reason (recorded from/to)."""
    now = now_or(now)
    loaded = load(case, actor)
    check("confirm_routing", loaded)
    if loaded.case.accused_pending:
        # Who may lead, own and sign depends on whom the complaint is about: that comes first.
        raise ActionRefused(_("Confirm whom the complaint is about before its routing."), code="accused_pending")
    routing = loaded.routing or case_route_propose(case=loaded.case, now=now)
    conduct = loaded.case.is_conduct_complaint or routing.kind == CaseKind.CONDUCT
    if lead_unit is None:
        raise ActionRefused(_("Choose the lead unit."), code="lead_required")
    check_unit_may_lead(loaded.case, lead_unit, conduct=conduct)
    assisting = [u for u in dict.fromkeys(assisting_units) if u.pk != lead_unit.pk]
    excluded = excluded_unit_ids(loaded.case)
    if any(u.pk in excluded or not u.is_active for u in assisting):
        raise ActionRefused(_("A unit the case is about, or one of its people, cannot take part."), code="excluded")
    if owner is not None and _leader_is_conflicted(loaded.case, owner):
        raise ActionRefused(_("This leader must stand aside from this case."), code="owner_conflicted")
    proposal = routing.proposal or {}
    proposed = {
        "lead_unit": proposal.get("lead_unit"),
        "assisting_units": sorted(proposal.get("assisting_units", [])),
        "owner": proposal.get("owner"),
        "leader_led": bool(proposal.get("leader_led")),
    }
    chosen = _routing_ref(lead_unit, assisting, owner, leader_led)
    overridden = chosen != proposed
    reason = reason_clean(reason, required=overridden)
    move(loaded, "confirm_routing")
    routing.lead_unit = lead_unit
    routing.owner = owner
    routing.leader_led = leader_led
    routing.confirmed_by = actor
    routing.confirmed_at = now
    routing.save(update_fields=["lead_unit", "owner", "leader_led", "confirmed_by", "confirmed_at"])
    routing.assisting_units.set(assisting)
    if overridden:
        event(loaded.case, actor, "routing_overridden", now, reason=reason, **{"from": proposed, "to": chosen})
    else:
        event(loaded.case, actor, "routing_confirmed", now, **chosen)
    return routing


@transaction.atomic
def case_sign_assignment(*, case: Case, actor, now: datetime | None = None) -> Routing:
    """二（一） 交办签: the director (or the duty leader by delegation) signs the case out to its lead unit."""
    now = now_or(now)
    loaded = load(case, actor)
    routing = loaded.routing
    if routing is None or routing.lead_unit_id is None:
        raise ActionRefused(_("Confirm the routing before signing the assignment."), code="not_routed")
    delegation = None if loaded.viewer.is_director else delegation_in_force(actor, now, Delegation.Scope.ASSIGNMENT)
    move(loaded, "sign_assignment")
    routing.signed_by = actor
    routing.signed_at = now
    routing.signed_under = delegation
    routing.assigned_at = now
    routing.queued_at = now
    routing.picked_by = None
    routing.picked_at = None
    routing.save(
        update_fields=["signed_by", "signed_at", "signed_under", "assigned_at", "queued_at", "picked_by", "picked_at"]
    )
    event(
        loaded.case,
        actor,
        "assignment_signed",
        now,
        unit=unit_ref(routing.lead_unit),
        signer=person(actor),
        delegation=delegation.pk if delegation else None,
    )
    broadcast(loaded.case.pk, "new", routing.lead_unit_id)
    # Escalation (issue 5): an escalated case signed out without a warning slip gets one now (二（二））.
    warning_slips_raise(case=loaded.case, now=now)
    # Deadline clocks (issue 5): the first-contact clock starts at the assignment.
    case_clocks_refresh(loaded.case, now)
    return routing


def parse_owner(ref: str | None) -> Leader | None:
    pk = parse_leader_ref(ref)
    return Leader.objects.filter(pk=pk).first() if pk else None
