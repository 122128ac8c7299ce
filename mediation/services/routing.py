"""Routing a case: the rulebook's proposal, the clerk's confirmation or override, the signature."""

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from cases.errors import ActionRefused, Conflict
from cases.models import Case, CaseKind, ReportRoute, Routing
from cases.permissions import is_report, viewer_for
from cases.selectors import deny_q
from departments.models import Delegation, Leader, Unit, Village
from mediation.org import RoutingOrg, leader_ref, parse_leader_ref, person_refs, routing_org, with_people
from mediation.rules.routing import CaseFacts, RoutingDecision, route_case
from mediation.rules.routing.reports import DEFAULT_REPORT_ROUTES, ReportDestination, route_report
from mediation.services.clocks import case_clocks_refresh, case_next_due_at_filing
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
from mediation.services.due import next_due_store
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


def _area(case: Case) -> str | None:
    if case.village_id:
        return case.village.area.code
    primary = case.petitioners.filter(village__isnull=False).select_related("village__area").first()
    return primary.village.area.code if primary else None


def _facts(
    case: Case, routing: Routing, *, area: str | None, accused_units: frozenset[str], accused: dict[int, str]
) -> CaseFacts:
    return CaseFacts(
        kind=routing.kind,
        line_office=routing.line_office.code if routing.line_office_id else None,
        area=area,
        repeat_count=max(1, case.repeat_count),
        skip_level=case.skip_level,
        group_size=max(1, case.group_size),
        extreme_behaviour=case.extreme_behaviour,
        accused_units=accused_units,
        accused_persons=frozenset(accused.values()),
    )


def _units_current(decision: RoutingDecision) -> bool:
    """Whether every unit the decision names is still there and active (one indexed query)."""
    codes = {decision.lead_unit, *decision.assisting_units} - {None}
    return not codes or Unit.objects.filter(code__in=codes, is_active=True).count() == len(codes)


def _decide(facts: CaseFacts, accused: dict[int, str], org: RoutingOrg) -> tuple[RoutingDecision, bool]:
    """The rulebook's decision on the cached organisation; never a unit gone or deactivated since.

    The cached copy follows every save of the organisation, but a change made by a queryset
    update, or while the shared cache was away, is only noticed here: then the organisation is
    read again (and its version moved) before deciding.
    """
    decision = route_case(facts, with_people(org.snapshot, accused), org.table)
    if not _units_current(decision):
        org = routing_org(fresh=True)
        decision = route_case(facts, with_people(org.snapshot, accused), org.table)
    return decision, org.table_ok


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


@transaction.atomic(savepoint=False)
def case_route_propose(*, case: Case, now: datetime | None = None) -> Routing:
    """Propose the case's lead unit, assisting units and owner by the rulebook (and store it).

    Called whenever the clerk changes the case's kind or responsible line office, or whom a
    complaint is about (filing uses ``case_route_propose_at_filing``). What the clerk already
    confirmed is kept.
    """
    now = now_or(now)
    routing = Routing.objects.select_for_update().filter(pk=case.pk).first()
    new = routing is None
    if routing is None:
        routing = Routing(case=case, kind=default_kind(case))
    elif routing.kind_set_by_id is None:
        routing.kind = default_kind(case, routing.line_office)
    accused = person_refs(case.accused_persons.values_list("pk", flat=True))
    units = frozenset(case.accused_units.values_list("code", flat=True))
    facts = _facts(case, routing, area=_area(case), accused_units=units, accused=accused)
    routing = _propose_store(case, routing, new=new, decided=_decide(facts, accused, routing_org()), now=now)
    if new:
        next_due_store([case.pk])  # a case routed after filing may have clocks already
    return routing


def case_route_propose_at_filing(
    *, case: Case, village: Village | None, accused_units: Sequence[Unit], accused_persons: Sequence, now: datetime
) -> Routing:
    """Part of filing (in its transaction): the first proposal of a case just stored.

    It is made from what filing holds (the village that places the case, whom it accuses), so that
    nothing of the case is read back; the organisation comes from its cached copy.
    """
    org = routing_org()
    routing = Routing(case=case, kind=default_kind(case))
    report = _report_route(case, org)
    if report is not None:
        routing.kind = report.kind
        routing.line_office = Unit.objects.filter(code=report.line_office).first() if report.line_office else None
    # Filing starts the clocks next (``case_clocks_start``), none of them met: store their earliest
    # due date now, in the INSERT, rather than update the routing again after them.
    routing.next_due_on = case_next_due_at_filing(case)
    accused = person_refs(p.pk for p in accused_persons)
    facts = _facts(
        case,
        routing,
        area=org.area_of_village.get(village.pk) if village is not None else None,
        accused_units=frozenset(u.code for u in accused_units),
        accused=accused,
    )
    decision, table_ok = _decide(facts, accused, org)
    if report is not None:
        decision = replace(decision, reasons=(report.reason, *decision.reasons))
    return _propose_store(case, routing, new=True, decided=(decision, table_ok), now=now)


def _report_route(case: Case, org: RoutingOrg) -> ReportDestination | None:
    """A report not about an official's conduct: its competent unit by its category, from the table kept in
    the admin (``cases.ReportRoute``) over the default rows of the rules."""
    if not is_report(case) or not case.report_category or case.is_conduct_complaint:
        return None
    stored = ReportRoute.objects.filter(category=case.report_category).values_list("unit__code", flat=True).first()
    routes = {**DEFAULT_REPORT_ROUTES, **({case.report_category: stored} if stored else {})}
    return route_report(case.report_category, conduct=False, units=org.snapshot.units, routes=routes)


def _propose_store(
    case: Case, routing: Routing, *, new: bool, decided: tuple[RoutingDecision, bool], now: datetime
) -> Routing:
    decision, table_ok = decided
    routing.proposal = _proposal(decision, table_ok=table_ok)
    routing.proposed_at = now
    routing.confidential = decision.confidential or case.is_conduct_complaint
    if routing.confirmed_at is None:
        routing.leader_led = decision.leader_led
    if new and routing.next_due_on is None:
        routing.next_due_on = case.reply_due_on  # until ``next_due_store`` reads the case's clocks
    routing.save(force_insert=new)
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


def _proposed_ref(routing: Routing) -> dict:
    proposal = routing.proposal or {}
    return {
        "lead_unit": proposal.get("lead_unit"),
        "assisting_units": sorted(proposal.get("assisting_units", [])),
        "owner": proposal.get("owner"),
        "leader_led": bool(proposal.get("leader_led")),
    }


def _confirmed_ref(routing: Routing, *, change: bool) -> dict | None:
    """The routing as confirmed (for a change), None before the first confirmation.

    Refuses a confirmation of a routing already confirmed, and a change of one not confirmed yet."""
    if routing.confirmed_at is None or routing.lead_unit_id is None:
        if change:
            raise Conflict(_("The routing is not confirmed yet: confirm it first."), code="not_confirmed")
        return None
    if not change:
        raise Conflict(
            _("The routing is already confirmed. To change it, use “Change the routing” and give a reason."),
            code="already_confirmed",
        )
    return _routing_ref(routing.lead_unit, list(routing.assisting_units.all()), routing.owner, routing.leader_led)


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
    change: bool = False,
    now: datetime | None = None,
) -> Routing:
    """The clerk confirms the proposed routing, or overrides it with a reason (recorded from/to).

    Once confirmed, the routing stays as confirmed: confirming again is refused, so that a stale
    form (or the old button pressed twice) never re-routes in silence. A change is asked for with
    ``change=True`` and always needs a reason; it is recorded from the confirmed routing to the new.
    """
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
    chosen = _routing_ref(lead_unit, assisting, owner, leader_led)
    confirmed = _confirmed_ref(routing, change=change)
    if confirmed is not None:
        if chosen == confirmed:
            raise ActionRefused(_("This is the routing already confirmed: nothing changes."), code="unchanged")
        reason = reason_clean(reason)
    proposed = _proposed_ref(routing)
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
    if confirmed is not None:
        event(loaded.case, actor, "routing_changed", now, reason=reason, **{"from": confirmed, "to": chosen})
    elif overridden:
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
