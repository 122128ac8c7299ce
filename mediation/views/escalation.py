"""Escalated cases on the staff pages: the section of the case page, its forms, the printable slip."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases.selectors import case_get_for_user
from mediation import permissions, services
from mediation.forms.escalation import (
    CaseConferenceForm,
    OwnershipDutyForm,
    ReinvestigationReportForm,
    ReinvestigationReturnForm,
)
from mediation.rules import oversight as ov
from mediation.selectors.escalation import conferences_for, duties_for, oversight_for
from mediation.views.common import act


def escalation_context(request, case) -> dict:
    """What ``includes/escalation.html`` shows: the slips, reports, duties, conferences and forms."""
    oversight = oversight_for(case)
    duties = list(duties_for(case))
    conferences = list(conferences_for(case))
    shown = oversight.state.escalated or bool(oversight.slips or duties or conferences)
    if not shown:
        return {"shown": False}
    actions = permissions.escalation_actions(request.user, case, oversight.state)
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
