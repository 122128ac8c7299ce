"""One case: what it is, where the rulebook sends it, who has it, and what the person may do."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases.permissions import viewer_for
from cases.selectors import case_get_for_user
from departments.models import Leader, Unit
from mediation import history, permissions, selectors, services
from mediation.forms.routing import (
    AssignForm,
    FindingForm,
    ObjectionDecisionForm,
    ReasonForm,
    ReassignForm,
    RoutingConfirmForm,
    RoutingFactsForm,
)
from mediation.org import parse_leader_ref
from mediation.views.clocks import clocks_context
from mediation.views.common import act
from mediation.views.escalation import escalation_context
from mediation.views.handling import handling_context


def _proposal_display(routing) -> dict:
    """The stored proposal with names instead of codes and leader ids."""
    if routing is None or not routing.proposal:
        return {}
    proposal = routing.proposal
    codes = [proposal.get("lead_unit"), *proposal.get("assisting_units", [])]
    names = dict(Unit.objects.filter(code__in=[c for c in codes if c]).values_list("code", "name"))
    leader_ids = [parse_leader_ref(ref) for ref in [proposal.get("owner"), *proposal.get("assisting_leaders", [])]]
    leaders = {leader.pk: str(leader) for leader in Leader.objects.filter(pk__in=[i for i in leader_ids if i])}
    return {
        "lead_unit": names.get(proposal.get("lead_unit"), ""),
        "assisting_units": [names.get(code, code) for code in proposal.get("assisting_units", [])],
        "owner": leaders.get(parse_leader_ref(proposal.get("owner")), ""),
        "assisting_leaders": [leaders.get(parse_leader_ref(r), "") for r in proposal.get("assisting_leaders", [])],
        "leader_led": proposal.get("leader_led"),
        "reasons": proposal.get("reasons", []),
        "gaps": proposal.get("gaps", []),
    }


def _confirm_initial(routing) -> dict:
    proposal = (routing.proposal or {}) if routing else {}
    codes = [proposal.get("lead_unit"), *proposal.get("assisting_units", [])]
    units = {u.code: u for u in Unit.objects.filter(code__in=[c for c in codes if c])}
    return {
        "lead_unit": units.get(proposal.get("lead_unit")),
        "assisting_units": [units[c] for c in proposal.get("assisting_units", []) if c in units],
        "owner": parse_leader_ref(proposal.get("owner")),
        "leader_led": proposal.get("leader_led", False),
    }


@login_required
@require_GET
def case_detail(request, code: str):
    viewer = viewer_for(request.user)
    case = case_get_for_user(request.user, code=code, viewer=viewer)
    routing = getattr(case, "routing", None)
    actions = permissions.case_actions_for(request.user, case, viewer=viewer)
    context = {
        "case": case,
        "routing": routing,
        "assisting": routing.assisting_units.all() if routing else [],
        "proposal": _proposal_display(routing),
        "actions": actions,
        "history": history.with_unit_names(selectors.case_history(case)),
        "findings": selectors.findings_for(case),
        "objections": selectors.objections_for(case),
        "objection_deadline": services.objection_deadline(routing) if routing else None,
    }
    context.update(handling_context(request, case, actions=actions))
    if "confirm_routing" in actions:
        context["facts_form"] = RoutingFactsForm(
            initial={
                "kind": routing.kind if routing else "",
                "line_office": routing.line_office_id if routing else None,
            }
        )
        context["confirm_form"] = RoutingConfirmForm(initial=_confirm_initial(routing))
    if "assign_directly" in actions:
        context["assign_form"] = AssignForm(unit=routing.lead_unit)
    if "reassign" in actions:
        context["reassign_form"] = ReassignForm()
    if "decide_objection" in actions:
        context["decision_form"] = ObjectionDecisionForm()
    if "object" in actions:
        context["object_form"] = ReasonForm()
    if "add_finding" in actions:
        context["finding_form"] = FindingForm()
    context["escalation"] = escalation_context(request, case)  # escalated cases (issue 5)
    context.update(clocks_context(request, case, actions=actions))  # deadline clocks and extensions (issue 5)
    return render(request, "mediation/case_detail.html", context)


@login_required
@require_POST
def routing_facts(request, code: str):
    return act(
        request,
        code,
        lambda case, d: services.case_routing_set_facts(
            case=case, actor=request.user, kind=d["kind"], line_office=d["line_office"]
        ),
        form_class=RoutingFactsForm,
        success=_("The routing was proposed again."),
    )


@login_required
@require_POST
def routing_confirm(request, code: str):
    return act(
        request,
        code,
        lambda case, d: services.case_routing_confirm(
            case=case,
            actor=request.user,
            lead_unit=d["lead_unit"],
            assisting_units=list(d["assisting_units"]),
            owner=d["owner"],
            leader_led=d["leader_led"],
            reason=d["reason"],
        ),
        form_class=RoutingConfirmForm,
        success=_("The routing is confirmed; the case waits for the assignment sign-off."),
    )


@login_required
@require_POST
def sign(request, code: str):
    return act(
        request,
        code,
        lambda case, d: services.case_sign_assignment(case=case, actor=request.user),
        success=_("Assignment signed: the case is in the lead unit's queue."),
    )


@login_required
@require_POST
def pick(request, code: str):
    return act(
        request,
        code,
        lambda case, d: services.case_pick(case=case, actor=request.user),
        success=_("You picked the case."),
    )


@login_required
@require_POST
def release(request, code: str):
    return act(
        request,
        code,
        lambda case, d: services.case_release(case=case, actor=request.user),
        success=_("The case is back in the queue."),
    )


@login_required
@require_POST
def assign(request, code: str):
    return act(
        request,
        code,
        lambda case, d: services.case_assign(case=case, actor=request.user, assignee=d["assignee"]),
        form_class=AssignForm,
        form_kwargs=lambda case: {"unit": case.routing.lead_unit if hasattr(case, "routing") else None},
        success=_("The case is assigned."),
    )


@login_required
@require_POST
def take_back(request, code: str):
    return act(
        request,
        code,
        lambda case, d: services.case_take_back(case=case, actor=request.user),
        success=_("The case was taken back into the queue."),
    )


@login_required
@require_POST
def object_to(request, code: str):
    return act(
        request,
        code,
        lambda case, d: services.case_object(case=case, actor=request.user, reason=d["reason"]),
        form_class=ReasonForm,
        success=_("Your objection is recorded; the director will decide."),
    )


@login_required
@require_POST
def objection_decide(request, code: str):
    def run(case, d):
        uphold = d["decision"] == ObjectionDecisionForm.UPHOLD
        services.objection_decide(case=case, actor=request.user, uphold=uphold, note=d["note"], unit=d["unit"])

    return act(request, code, run, form_class=ObjectionDecisionForm, success=_("The objection is decided."))


@login_required
@require_POST
def reassign(request, code: str):
    return act(
        request,
        code,
        lambda case, d: services.case_reassign(case=case, actor=request.user, unit=d["unit"], reason=d["reason"]),
        form_class=ReassignForm,
        success=_("The case is reassigned."),
    )


@login_required
@require_POST
def finding_add(request, code: str):
    return act(
        request,
        code,
        lambda case, d: services.assist_finding_add(case=case, actor=request.user, text=d["text"]),
        form_class=FindingForm,
        success=_("Your finding is recorded."),
    )
