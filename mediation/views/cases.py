"""One case: what it is, where the rulebook sends it, who has it, and what the person may do."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from cases.errors import ActionRefused, CaseNotFound
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
from mediation.selectors.consultation import consultation_items_for
from mediation.views.clocks import clocks_context
from mediation.views.common import act
from mediation.views.escalation import escalation_context, supervision_context
from mediation.views.handling import handling_context
from mediation.views.legal import legal_context
from mediation.views.petitioners import petitioner_context
from mediation.views.proxy import proxy_context


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


NEXT_STEPS = (
    ("give_consultation", gettext_lazy("Record the legal consultation")),
    ("hold_consultation", gettext_lazy("Record the booked consultation as held")),
    ("rebook_consultation", gettext_lazy("Book the missed consultation again")),
    ("confirm_routing", gettext_lazy("Confirm routing")),
    ("sign_assignment", gettext_lazy("Sign the assignment")),
    ("decide_objection", gettext_lazy("Decide the objection")),
    ("pick", gettext_lazy("Pick")),
    ("record_first_contact", gettext_lazy("Record the first phone call")),
    ("draft_reply", gettext_lazy("Draft the reply")),
    ("submit_for_signoff", gettext_lazy("Submit for the completion signature")),
    ("sign_completion", gettext_lazy("Sign completion")),
    ("deliver_reply", gettext_lazy("Record the delivery")),
    ("record_follow_up", gettext_lazy("Record the follow-up visit")),
    ("decide_extension", gettext_lazy("Decide the extension request")),
    ("close", gettext_lazy("Close the case")),
)
"""What the summary at the top of the case page names as the person's next step, in this order."""


def _next_steps(actions: frozenset[str], contacts, routing, *, anonymous: bool = False) -> list[str]:
    done = set()
    # An anonymous report has nobody to phone: the first call is never its next step.
    if anonymous or any(c.kind == "first_contact" for c in contacts):
        done.add("record_first_contact")
    if routing is not None and routing.confirmed_at is not None:
        done.add("confirm_routing")
    return [str(label) for action, label in NEXT_STEPS if action in actions and action not in done]


def _confirm_initial(routing) -> dict:
    """The routing form's values: as confirmed once it is, else the rulebook's proposal."""
    if routing is not None and routing.confirmed_at is not None and routing.lead_unit_id is not None:
        return {
            "lead_unit": routing.lead_unit,
            "assisting_units": list(routing.assisting_units.all()),
            "owner": routing.owner_id,
            "leader_led": routing.leader_led,
            "change": True,
        }
    proposal = (routing.proposal or {}) if routing else {}
    codes = [proposal.get("lead_unit"), *proposal.get("assisting_units", [])]
    units = {u.code: u for u in Unit.objects.filter(code__in=[c for c in codes if c])}
    return {
        "lead_unit": units.get(proposal.get("lead_unit")),
        "assisting_units": [units[c] for c in proposal.get("assisting_units", []) if c in units],
        "owner": parse_leader_ref(proposal.get("owner")),
        "leader_led": proposal.get("leader_led", False),
    }


def _routing_forms(context: dict, routing, actions: frozenset[str]) -> None:
    """The forms of routing, queueing and objections the person may use now (unbound)."""
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


def _with_bound(context: dict, bound: dict) -> None:
    """Put forms as they were posted in place of the fresh ones (``section.name`` for a section's form)."""
    for name, form in bound.items():
        section, _dot, key = name.rpartition(".")
        target = context.get(section) if section else context
        if isinstance(target, dict):
            target[key] = form


def case_page(request, case, *, viewer=None, bound: dict | None = None, revealed: int | None = None, status: int = 200):
    """The staff case page; ``bound``: forms that came back refused, shown as typed with their errors."""
    viewer = viewer or viewer_for(request.user)
    routing = getattr(case, "routing", None)
    actions = permissions.case_actions_for(request.user, case, viewer=viewer)
    context = {
        "case": case,
        "routing": routing,
        "routing_confirmed": routing is not None and routing.confirmed_at is not None,
        "assisting": routing.assisting_units.all() if routing else [],
        "proposal": _proposal_display(routing),
        "actions": actions,
        "history": history.with_unit_names(selectors.case_history(case)),
        "findings": selectors.findings_for(case),
        "objections": selectors.objections_for(case),
        "objection_deadline": services.objection_deadline(routing) if routing else None,
        "files": case.attachments.all(),
        "viewer": viewer,  # for sections of apps above (leadership's return missions): no second viewer_for
    }
    context.update(petitioner_context(request, case, viewer=viewer, revealed=revealed))
    context.update(handling_context(request, case, actions=actions))
    _routing_forms(context, routing, actions)
    context["escalation"] = escalation_context(request, case, viewer=viewer)  # escalated cases (issue 5)
    context["supervision"] = supervision_context(request, case, viewer=viewer)  # supervision orders (issue 17)
    context["proxy"] = proxy_context(request, case, viewer=viewer)  # the proxy agent (issue 17)
    context["consultation_items"] = consultation_items_for(case)  # weekly consultation decisions (issue 17)
    context.update(clocks_context(request, case, actions=actions))  # deadline clocks and extensions (issue 5)
    context.update(legal_context(request, case, actions=actions))  # the legal consultation (issue 16)
    context["next_steps"] = _next_steps(actions, context["contacts"], routing, anonymous=case.is_anonymous)
    _with_bound(context, bound or {})
    response = render(request, "mediation/case_detail.html", context, status=status)
    if revealed is not None:
        response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def case_detail(request, code: str):
    viewer = viewer_for(request.user)
    return case_page(request, case_get_for_user(request.user, code=code, viewer=viewer), viewer=viewer)


@login_required
@require_POST
def petitioner_reveal(request, code: str):
    """The petitioner's full ID number, on asking: recorded on the case, shown on this answer only."""
    case = case_get_for_user(request.user, code=code)
    raw = request.POST.get("petitioner", "")
    try:
        petitioner = services.petitioner_id_reveal(
            case=case, actor=request.user, petitioner_id=int(raw) if raw.isdigit() else 0
        )
    except CaseNotFound as missing:
        raise Http404("no such case") from missing
    except ActionRefused as error:
        messages.error(request, error.message)
        return redirect("mediation:case", code=case.tracking_code)
    return case_page(request, case, revealed=petitioner.pk)


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
        form_name="facts_form",
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
            change=d["change"],
        ),
        form_class=RoutingConfirmForm,
        form_name="confirm_form",
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
        form_name="assign_form",
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
        form_name="object_form",
        success=_("Your objection is recorded; the director will decide."),
    )


@login_required
@require_POST
def objection_decide(request, code: str):
    def run(case, d):
        uphold = d["decision"] == ObjectionDecisionForm.UPHOLD
        services.objection_decide(case=case, actor=request.user, uphold=uphold, note=d["note"], unit=d["unit"])

    return act(
        request,
        code,
        run,
        form_class=ObjectionDecisionForm,
        form_name="decision_form",
        success=_("The objection is decided."),
    )


@login_required
@require_POST
def reassign(request, code: str):
    return act(
        request,
        code,
        lambda case, d: services.case_reassign(case=case, actor=request.user, unit=d["unit"], reason=d["reason"]),
        form_class=ReassignForm,
        form_name="reassign_form",
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
        form_name="finding_form",
        success=_("Your finding is recorded."),
    )
