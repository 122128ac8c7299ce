"""The monthly dispute screening: a grid worker or the village's staff file the village's list; the director and the
governance office see who has filed this month and which items became cases."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cases.errors import ActionRefused
from governance import permissions, selectors
from governance.forms import ScreeningForm, ScreeningItemFormSet
from governance.services import screening_file


@login_required
@require_http_methods(["GET", "POST"])
def screening(request):
    worker = permissions.grid_worker_for(request.user)
    if worker is None:
        return render(
            request,
            "refused.html",
            {"message": _("Only a grid worker or the village's staff file the village's screening.")},
            status=403,
        )
    today = timezone.localdate()
    filed = selectors.screening_for_worker(worker, today=today)
    form = ScreeningForm(request.POST or None)
    formset = ScreeningItemFormSet(request.POST or None, prefix="items")
    status = 200
    if request.method == "POST" and filed is None:
        if form.is_valid() and formset.is_valid():
            items = [f.item() for f in formset.forms if f.has_changed() and f.cleaned_data]
            try:
                done = screening_file(actor=request.user, items=items, note=form.cleaned_data["note"])
            except ActionRefused as error:
                form.add_error(None, error.message)
                status = error.status
            else:
                escalated = sum(1 for item in done.items.all() if item.case_id)
                messages.success(
                    request,
                    _("The screening is filed: %(count)d disputes, %(cases)d of them high-risk and sent to the center.")
                    % {"count": done.items.count(), "cases": escalated},
                )
                return redirect("governance:screening")
        else:
            status = 400
    elif request.method == "POST":
        messages.error(request, _("This month's screening is already filed; a month is filed once."))
        status = 409
    return render(
        request,
        "governance/screening.html",
        {"worker": worker, "filed": filed, "form": form, "formset": formset, "today": today},
        status=status,
    )


@login_required
@require_GET
def overview(request):
    if not permissions.may_oversee(request.user):
        return render(
            request, "refused.html", {"message": _("Only the governance office and the director see this.")}, status=403
        )
    context = selectors.screening_overview(request.user, today=timezone.localdate())
    return render(request, "governance/screening_overview.html", context)
