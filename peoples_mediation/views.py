"""The people's mediation section of the staff case page: the forms it posts, and its documents.

Each POST parses one form and calls one service (``mediation.views.common.act``: a case the person may
not see is a 404, a refusal comes back as a message in Chinese); each PDF answers only those who may
see the case (``case_get_for_user``), and a document that does not exist yet is a 404 too.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases.selectors import case_get_for_user
from mediation.printing import pdf_response
from mediation.views.common import act
from peoples_mediation import forms, services
from peoples_mediation.printing import agreement_pdf, confirmation_application_pdf, session_notice_pdf
from peoples_mediation.selectors import mediation_file

SERVICE = "mediation"


def _case_kwargs(case) -> dict:
    return {"case": case}


@login_required
@require_POST
def party_add(request, code: str):
    return act(
        request,
        code,
        lambda case, d: services.mediation_party_add(
            case=case,
            actor=request.user,
            kind=d["kind"],
            name=d["name"],
            phone=d["phone"],
            address=d["address"],
            side=d["side"],
        ),
        form_class=forms.PartyForm,
        success=_("The party is recorded."),
    )


@login_required
@require_POST
def mediator_choose(request, code: str):
    return act(
        request,
        code,
        lambda case, d: services.mediation_mediator_choose(
            case=case,
            actor=request.user,
            mediator=d["mediator"],
            related_party=d["related_party"],
            relation=d["relation"],
        ),
        form_class=forms.MediatorChoiceForm,
        form_kwargs=_case_kwargs,
        success=_("The mediator is chosen."),
    )


@login_required
@require_POST
def consent(request, code: str):
    return act(
        request,
        code,
        lambda case, d: services.mediation_consent_record(
            case=case,
            actor=request.user,
            party=d["party"],
            consent=d["decision"] == forms.ConsentForm.AGREE,
            referral=d["referral"],
            note=d["note"],
        ),
        form_class=forms.ConsentForm,
        form_kwargs=_case_kwargs,
        success=_("The party's answer is recorded."),
    )


@login_required
@require_POST
def session_schedule(request, code: str):
    return act(
        request,
        code,
        lambda case, d: services.mediation_session_schedule(
            case=case, actor=request.user, at=d["at"], place=d["place"]
        ),
        form_class=forms.SessionScheduleForm,
        success=_("The session is scheduled; print a notice for each party."),
    )


@login_required
@require_POST
def session_record(request, code: str):
    return act(
        request,
        code,
        lambda case, d: services.mediation_session_record(
            case=case,
            actor=request.user,
            session=d["session"],
            held_on=d["held_on"],
            said=d["said"],
            agreed=d["agreed"],
        ),
        form_class=forms.SessionRecordForm,
        form_kwargs=_case_kwargs,
        success=_("The session is recorded."),
    )


@login_required
@require_POST
def agreement_record(request, code: str):
    return act(
        request,
        code,
        lambda case, d: services.mediation_agreement_record(
            case=case,
            actor=request.user,
            facts=d["facts"],
            dispute=d["dispute"],
            signed_on=d["signed_on"],
            obligations=[services.ObligationInput(*row) for row in d["obligation_rows"]],
        ),
        form_class=forms.AgreementForm,
        form_kwargs=_case_kwargs,
        success=_("The mediation agreement is recorded; print it for signature."),
    )


@login_required
@require_POST
def failure_record(request, code: str):
    return act(
        request,
        code,
        lambda case, d: services.mediation_failure_record(
            case=case, actor=request.user, referral=d["referral"], note=d["note"]
        ),
        form_class=forms.FailureForm,
        success=_("Mediation is ended and the parties' other ways are recorded."),
    )


@login_required
@require_POST
def performance_record(request, code: str):
    def run(case, d):
        form = forms.PerformanceForm(request.POST, case=case)
        form.is_valid()
        services.mediation_performance_record(
            case=case,
            actor=request.user,
            performance=form.performance(),
            method=d["method"],
            satisfaction=d["satisfaction"],
            at=d["at"],
        )

    return act(
        request,
        code,
        run,
        form_class=forms.PerformanceForm,
        form_kwargs=_case_kwargs,
        success=_("The performance of the agreement is recorded."),
    )


@login_required
@require_POST
def confirmation_record(request, code: str):
    return act(
        request,
        code,
        lambda case, d: services.mediation_confirmation_record(
            case=case,
            actor=request.user,
            applied=d["decision"] == forms.ConfirmationForm.APPLIED,
            court=d["court"],
            applied_on=d["applied_on"],
        ),
        form_class=forms.ConfirmationForm,
        success=_("The parties' decision on judicial confirmation is recorded."),
    )


def _file(request, code: str):
    case = case_get_for_user(request.user, code=code)
    if case.service != SERVICE:
        raise Http404("not a mediation case")
    return mediation_file(case)


@login_required
@require_GET
def session_notice(request, code: str, number: int, party: int):
    """The notice of one session to one party (调解通知书)."""
    file = _file(request, code)
    session = next((s for s in file.sessions if s.number == number), None)
    addressee = next((p for p in file.parties if p.pk == party), None)
    if session is None or addressee is None:
        raise Http404("no such session or party")
    content = session_notice_pdf(file, session, addressee)
    return pdf_response(content, f"mediation-notice-{file.case.tracking_code}-{number}-{party}.pdf")


@login_required
@require_GET
def agreement_document(request, code: str):
    """The 调解协议书 for the parties' and the mediators' signatures."""
    file = _file(request, code)
    if file.agreement is None:
        raise Http404("no agreement yet")
    return pdf_response(agreement_pdf(file), f"mediation-agreement-{file.case.tracking_code}.pdf")


@login_required
@require_GET
def confirmation_application(request, code: str):
    """The parties' joint application for judicial confirmation (司法确认申请书), to fill in and sign."""
    file = _file(request, code)
    if file.agreement is None:
        raise Http404("no agreement yet")
    content = confirmation_application_pdf(file)
    return pdf_response(content, f"judicial-confirmation-{file.case.tracking_code}.pdf")
