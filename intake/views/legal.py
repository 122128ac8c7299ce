"""The legal-service window (issue 16): register a walk-in consultation and go straight to recording it.

The staff of the legal-service unit (司法所) sit at their own window. A resident who walks up with
a question is registered here in a few fields, and the case page opens at the consultation form:
answered on the spot, the case is closed in minutes. Consultations filed at the kiosk or online
(ticket C) wait in the list beside the form.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from intake.forms import WalkInConsultationForm
from intake.services import case_file
from intake.tokens import form_token_check, form_token_new
from mediation.selectors.legal import may_work_the_legal_window, open_consultations_for, open_legal_aid_for

SHOWN = 50


@login_required
@require_http_methods(["GET", "POST"])
def walk_in(request):
    if not may_work_the_legal_window(request.user):
        raise Http404("not legal-service staff")
    if request.method == "POST":
        form = WalkInConsultationForm(request.POST)
        token = form_token_check(request.POST.get("token", ""))
        if token is None:
            form.add_error(None, _("The form had expired. Check the entries and register again."))
            form.data = form.data.copy()
            form.data["token"] = form_token_new()
        elif form.is_valid():
            filed = case_file(data=form.case_input(), actor=request.user, submission_token=token)
            return redirect(reverse("mediation:case", args=[filed.case.tracking_code]) + "#consultation")
    else:
        form = WalkInConsultationForm(initial={"token": form_token_new()})
    waiting = open_consultations_for(request.user).select_related("ticket")[:SHOWN]
    legal_aid = open_legal_aid_for(request.user)[:SHOWN]
    return render(request, "intake/legal/walk_in.html", {"form": form, "waiting": waiting, "legal_aid": legal_aid})
