"""What the staff views share: running one service from a POSTed form, the way back."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from cases.errors import ActionRefused
from cases.selectors import case_get_for_user


def back(request, case) -> str:
    """Where to go after an action: the posted ``next`` if it is ours, else the case page."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("mediation:case", args=[case.tracking_code])


def form_errors(form) -> str:
    return " ".join(str(message) for errors in form.errors.values() for message in errors)


def act(request, code: str, run, *, success: str, form_class=None, form_kwargs=None):
    """Parse the form, call one service, say what happened, and redirect (POST-redirect-GET).

    A case the person may not see answers 404, like one that does not exist.
    """
    case = case_get_for_user(request.user, code=code)
    data = {}
    if form_class is not None:
        kwargs = form_kwargs(case) if callable(form_kwargs) else (form_kwargs or {})
        form = form_class(request.POST, **kwargs)
        if not form.is_valid():
            messages.error(request, _("Please correct the form: %(errors)s") % {"errors": form_errors(form)})
            return redirect(back(request, case))
        data = form.cleaned_data
    try:
        run(case, data)
    except ActionRefused as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect(back(request, case))
