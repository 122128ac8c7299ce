"""The proxy agent's pages that take files (代办, issue 17): filing for a resident, the receipt, and a
document carried. Only an active proxy agent files; only the agent who carries a case records its
documents (the service checks, the case answers 404 to anyone who may not see it)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.errors import ActionRefused
from cases.selectors import case_get_for_user
from intake.attachments import attachments_check
from intake.printing import acknowledgement_filename, acknowledgement_pdf
from intake.proxy import active_agent_of, case_file_for_resident, proxy_document_record
from intake.proxy_forms import AgentFilingForm
from intake.tokens import form_token_check, form_token_new
from mediation.forms.proxy import ProxyDocumentForm
from mediation.models import ProxyMatter
from mediation.printing import pdf_response
from mediation.views.common import act

FILING_FIELDS = {"matter", "consent_method", "consent_on", "consent_file", "request"}


def _agent_or_404(request):
    agent = active_agent_of(request.user)
    if agent is None:
        raise Http404("not a proxy agent")
    return agent


@login_required
@require_http_methods(["GET", "POST"])
def file_for_resident(request):
    """The agent files a resident's case, on the proxy list, with the resident's recorded consent."""
    agent = _agent_or_404(request)
    status = 200
    if request.method == "POST":
        form = AgentFilingForm(request.POST, request.FILES)
        status = 400
        token = form_token_check(request.POST.get("token", ""))
        if token is None:
            form.add_error(None, _("The form had expired. Check the entries, attach the files again and register."))
            form.data = form.data.copy()
            form.data["token"] = form_token_new()
        elif form.is_valid():
            try:
                filed = case_file_for_resident(
                    actor=request.user,
                    filing=form.filing(),
                    files=form.cleaned_data["attachments"],
                    submission_token=token,
                )
            except ActionRefused as error:
                form.add_error(error.code if error.code in FILING_FIELDS else None, error.message)
                status = error.status
            else:
                return redirect("intake:proxy-filed", code=filed.case.tracking_code)
    else:
        initial = {"token": form_token_new(), "consent_on": timezone.localdate(), "village": agent.village_id}
        form = AgentFilingForm(initial=initial)
    context = {"form": form, "agent": agent, "matters": ProxyMatter.objects.filter(is_active=True)}
    return render(request, "intake/proxy/file.html", context, status=status)


@login_required
@require_GET
def filed(request, code: str):
    """The agent's receipt: the resident's tracking code and the acknowledgement to print for them."""
    _agent_or_404(request)
    case = case_get_for_user(request.user, code=code)
    if not _carries(request.user, case):
        raise Http404("not carried by this agent")
    return render(request, "intake/proxy/filed.html", {"case": case})


def _carries(user, case) -> bool:
    handling = getattr(case, "proxy", None)
    return handling is not None and handling.agent.user_id == user.pk


@login_required
@require_GET
def acknowledgement(request, code: str):
    """The acknowledgement of receipt (受理告知书) the agent prints for the resident of a case they carry."""
    _agent_or_404(request)
    case = case_get_for_user(request.user, code=code)
    if not _carries(request.user, case):
        raise Http404("not carried by this agent")
    return pdf_response(acknowledgement_pdf(request, case), acknowledgement_filename(case))


def _document(request, case, data):
    upload = data.pop("copy", None)
    try:
        copy = attachments_check([upload])[0] if upload else None
    except ValidationError as error:
        raise ActionRefused(" ".join(error.messages), code="copy") from error
    return proxy_document_record(case=case, actor=request.user, copy=copy, **data)


@login_required
@require_POST
def document_record(request, code: str):
    return act(
        request,
        code,
        lambda case, d: _document(request, case, dict(d)),
        form_class=ProxyDocumentForm,
        form_kwargs={"files": request.FILES},
        form_name="proxy.document_form",
        success=_("The document carried is recorded."),
    )
