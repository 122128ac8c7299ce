"""Escalated cases on the staff pages: the section of the case page, its forms, the printable slip."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases.permissions import viewer_for
from cases.rules import status as st
from cases.selectors import case_get_for_user
from mediation import permissions, services
from mediation.forms.escalation import (
    CaseConferenceForm,
    EscalationForm,
    OwnershipDutyForm,
    ProactiveAppointmentForm,
    ReinvestigationReportForm,
    ReinvestigationReturnForm,
    SupervisionAnswerForm,
    SupervisionOrderForm,
)
from mediation.rules import oversight as ov
from mediation.rules import supervision as sv
from mediation.selectors.escalation import (
    appointments_for,
    completion_missing,
    conferences_for,
    duties_for,
    is_assigned,
    oversight_for,
    oversight_roles,
    reply_missing,
    supervision_orders_for,
)
from mediation.views.common import act

SIGNED_OFF_SERVICES = frozenset({"petition", "complaint"})
"""Services whose case is finished by the director's completion signature (办结签)."""


def escalation_context(request, case, *, viewer=None) -> dict:
    """What ``includes/escalation.html`` shows: the slips, reports, duties, conferences and forms."""
    oversight = oversight_for(case)
    duties = list(duties_for(case))
    conferences = list(conferences_for(case))
    shown = oversight.state.escalated or bool(oversight.slips or duties or conferences)
    # An appointment is recorded only on an escalated case, which then has its slip or duties too.
    appointments = list(appointments_for(case)) if shown else []
    actions = permissions.escalation_actions(request.user, case, oversight.state, viewer=viewer)
    if not shown:
        # Not escalated (yet): only the form to record what escalated it after intake (issue 17).
        if ov.RECORD_ESCALATION not in actions:
            return {"shown": False}
        return {"shown": False, "record_only": True, "actions": actions, "escalation_form": EscalationForm()}
    done = {}
    for record in duties:
        done.setdefault(record.duty, []).append(record)
    context = {
        "shown": True,
        "reasons": oversight.assessment.reasons,
        "slips": oversight.slips,
        "open_slip": oversight.open_slip,
        "pending_report": oversight.pending_report,
        "actions": actions,
        "duties": [(code, ov.DUTY_LABELS[code], done.get(code, [])) for code in ov.DUTIES],
        "outstanding": [ov.DUTY_LABELS[code] for code in ov.duties_outstanding(done)],
        "conferences": conferences,
        "appointments": appointments,
        # 二（二）、二（四）、一（二）: what the completion signature (and the reply) still waits for.
        "missing": [ov.REQUIREMENT_LABELS[c] for c in reply_missing(case) + completion_missing(case)],
        # A petition (or complaint) is finished by the completion signature; the other services by their own
        # closing step (``cases.rules.status.FINISHING_ACTIONS``, people's mediation's answer).
        "signs_completion": case.service in SIGNED_OFF_SERVICES,
    }
    if ov.FILE_REPORT in actions:
        context["report_form"] = ReinvestigationReportForm()
    if ov.RETURN_REPORT in actions:
        context["return_form"] = ReinvestigationReturnForm()
    if ov.RECORD_DUTY in actions:
        # The first duty not yet recorded, dated today: what the leader most likely records next.
        todo = [code for code in ov.DUTIES if code not in done]
        context["duty_form"] = OwnershipDutyForm(
            initial={"duty": todo[0] if todo else ov.DUTIES[0], "done_on": timezone.localdate()}
        )
    if ov.RECORD_CONFERENCE in actions:
        context["conference_form"] = CaseConferenceForm()
    if ov.RECORD_APPOINTMENT in actions and not case.is_anonymous:
        context["appointment_form"] = ProactiveAppointmentForm(initial={"on": timezone.localdate()})
    if ov.RECORD_ESCALATION in actions:
        context["escalation_form"] = EscalationForm()
    return context


def supervision_context(request, case, *, viewer=None) -> dict:
    """What ``includes/supervision.html`` shows: the case's supervision orders, and the form the person may use."""
    orders = list(supervision_orders_for(case))
    today = timezone.localdate()
    for order in orders:
        order.overdue = sv.is_overdue(order.answer_by, today, answered=not order.is_open)
    open_order = next((o for o in orders if o.is_open), None)
    roles = oversight_roles(viewer or viewer_for(request.user), case)
    actions = sv.allowed_actions(
        terminal=case.status in st.TERMINAL_STATUSES,
        assigned=is_assigned(case),
        order_open=open_order is not None,
        roles=roles,
    )
    if not orders and not actions:
        return {"shown": False}
    context = {"shown": True, "orders": orders, "open_order": open_order, "actions": actions}
    if sv.ISSUE in actions:
        context["order_form"] = SupervisionOrderForm()
    if sv.ANSWER in actions:
        context["answer_form"] = SupervisionAnswerForm()
    return context


@login_required
@require_GET
def warning_slip(request, code: str):
    """The printable warning slip (the latest one, or ``?slip=<number in the list>``)."""
    case = case_get_for_user(request.user, code=code)
    slips = oversight_for(case).slips
    if not slips:
        raise Http404("no warning slip")
    slip = slips[-1]
    wanted = request.GET.get("slip", "")
    if wanted:
        slip = next((s for s in slips if str(s.pk) == wanted), None)
        if slip is None:
            raise Http404("no such warning slip")
    return render(request, "mediation/warning_slip.html", {"case": case, "slip": slip})


@login_required
@require_POST
def warning_slip_issue(request, code: str):
    return act(
        request,
        code,
        lambda case, d: services.warning_slip_issue(case=case, actor=request.user),
        success=_("The warning slip is issued."),
    )


@login_required
@require_POST
def reinvestigation_file(request, code: str):
    return act(
        request,
        code,
        lambda case, d: services.reinvestigation_report_file(case=case, actor=request.user, **d),
        form_class=ReinvestigationReportForm,
        form_name="escalation.report_form",
        success=_("The re-investigation report is filed; it waits for the supervising leader's signature."),
    )


@login_required
@require_POST
def reinvestigation_sign(request, code: str):
    return act(
        request,
        code,
        lambda case, d: services.reinvestigation_report_sign(case=case, actor=request.user),
        success=_("The re-investigation report is signed."),
    )


@login_required
@require_POST
def reinvestigation_return(request, code: str):
    return act(
        request,
        code,
        lambda case, d: services.reinvestigation_report_return(case=case, actor=request.user, reason=d["reason"]),
        form_class=ReinvestigationReturnForm,
        form_name="escalation.return_form",
        success=_("The re-investigation report is returned to the lead unit."),
    )


@login_required
@require_POST
def ownership_duty(request, code: str):
    return act(
        request,
        code,
        lambda case, d: services.ownership_duty_record(case=case, actor=request.user, **d),
        form_class=OwnershipDutyForm,
        form_name="escalation.duty_form",
        success=_("The duty is recorded."),
    )


@login_required
@require_POST
def case_conference(request, code: str):
    return act(
        request,
        code,
        lambda case, d: services.case_conference_record(
            case=case,
            actor=request.user,
            held_on=d["held_on"],
            place=d["place"],
            attendees=list(d["attendees"]),
            other_attendees=d["other_attendees"],
            analysis=d["analysis"],
            decisions=d["decisions"],
            follow_up_actions=d["follow_up_actions"],
        ),
        form_class=CaseConferenceForm,
        form_name="escalation.conference_form",
        success=_("The case conference is recorded."),
    )


@login_required
@require_POST
def proactive_appointment(request, code: str):
    return act(
        request,
        code,
        lambda case, d: services.proactive_appointment_record(case=case, actor=request.user, **d),
        form_class=ProactiveAppointmentForm,
        form_name="escalation.appointment_form",
        success=_("The proactive appointment is recorded."),
    )


@login_required
@require_POST
def supervision_issue(request, code: str):
    return act(
        request,
        code,
        lambda case, d: services.supervision_order_issue(case=case, actor=request.user, **d),
        form_class=SupervisionOrderForm,
        form_name="supervision.order_form",
        success=_("The supervision order is issued; the lead unit is told."),
    )


@login_required
@require_POST
def supervision_answer(request, code: str):
    return act(
        request,
        code,
        lambda case, d: services.supervision_order_answer(case=case, actor=request.user, **d),
        form_class=SupervisionAnswerForm,
        form_name="supervision.answer_form",
        success=_("The answer is recorded; the leader is told."),
    )
