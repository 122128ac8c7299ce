"""What the staff views share: running one service from a POSTed form, the way back."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from cases.errors import ActionRefused, CaseNotFound
from cases.selectors import case_get_for_user


def back(request, case) -> str:
    """Where to go after an action: the posted ``next`` if it is ours, else the case page."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("mediation:case", args=[case.tracking_code])


def form_errors(form) -> str:
    return " ".join(str(message) for errors in form.errors.values() for message in errors)


ERROR_FIELDS = {
    "reason_required": "reason",
    "reason_too_long": "reason",
    "lead_required": "lead_unit",
    "owner_conflicted": "owner",
    "excluded": "assisting_units",
    "conduct_lead": "lead_unit",
    "unit_inactive": "lead_unit",
    "method": "method",
    "date_required": "delivered_on",
    "future": "at",
    "too_early": "at",
    "days": "days",
    "booked_for": "booked_for",
}
"""A refusal's code → the form field it is about (when the form has it); the rest go on top of the form."""


def _refused_page(request, case, form, form_name: str, status: int):
    """The case page again, with the form as it was typed and its errors beside the fields."""
    # deferred: the case page's module imports this one (for ``act``).
    from mediation.views.cases import case_page

    return case_page(request, case, bound={form_name: form}, status=status)


def act(request, code: str, run, *, success: str, form_class=None, form_kwargs=None, form_name: str | None = None):
    """Parse the form, call one service, say what happened, and redirect (POST-redirect-GET).

    With ``form_name`` (the form's name in the case page's context), a form the page posted that
    does not parse, or that the service refuses, comes back on the case page as it was typed, with
    the error beside the field it is about. A case the person may not see answers 404, like one
    that does not exist.
    """
    case = case_get_for_user(request.user, code=code)
    data, form = {}, None
    in_place = form_name is not None and not request.POST.get("next")
    if form_class is not None:
        kwargs = form_kwargs(case) if callable(form_kwargs) else (form_kwargs or {})
        form = form_class(request.POST, **kwargs)
        if not form.is_valid():
            messages.error(request, _("Please correct the form: %(errors)s") % {"errors": form_errors(form)})
            if in_place:
                return _refused_page(request, case, form, form_name, 400)
            return redirect(back(request, case))
        data = form.cleaned_data
    try:
        run(case, data)
    except CaseNotFound as missing:
        raise Http404("no such case") from missing
    except ActionRefused as error:
        messages.error(request, error.message)
        if in_place and form is not None:
            field = ERROR_FIELDS.get(error.code)
            form.add_error(field if field in form.fields else None, error.message)
            return _refused_page(request, case, form, form_name, error.status)
    else:
        messages.success(request, success)
    return redirect(back(request, case))
