"""Reception days: the duty leader's day with its reception log, and the public duty roster."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cases.errors import ActionRefused
from cases.permissions import reporter_identity_visible, viewer_for
from leadership import forms, selectors, services
from leadership.rules import duty as rules
from lobby.selectors import duty_leader_for


def _day(value: str | None, today: date) -> date:
    try:
        return date.fromisoformat(value) if value else today
    except ValueError:
        return today


@login_required
@require_http_methods(["GET", "POST"])
def reception(request):
    """The duty leader's day (today unless ``?day=``): the reception log and, today, its form."""
    viewer = viewer_for(request.user)
    today = timezone.localdate()
    day = _day(request.GET.get("day"), today)
    roles = selectors.reception_roles(viewer, day=today)
    may_record = rules.may_record(roles) and day == today
    form = forms.ReceptionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if not may_record:
            form.add_error(
                None, _("Only today's duty leader, the petition office or the director writes the reception log.")
            )
            status = 403
        elif form.is_valid():
            data = dict(form.cleaned_data)
            for key in ("file_here", "name", "phone", "village", "is_conduct_complaint", "accused_description"):
                data.pop(key)
            try:
                visit = services.reception_visit_record(actor=request.user, filing=form.filing(), **data)
            except ActionRefused as error:
                form.add_error(None, error.message)
                status = error.status
            else:
                messages.success(
                    request, _("Visit recorded, linked to case %(code)s.") % {"code": visit.case.display_code}
                )
                return redirect("leadership:reception")
    visits = list(selectors.reception_list_for_user(request.user, day=day, viewer=viewer)[:300])
    for visit in visits:
        visit.shown = reporter_identity_visible(viewer, visit.case) or visit.recorded_by_id == request.user.pk
    context = {
        "day": day,
        "today": today,
        "duty_leader": duty_leader_for(day),
        "visits": visits,
        "form": form if may_record else None,
        "is_duty_leader": rules.DUTY_LEADER in roles,
    }
    return render(request, "leadership/reception.html", context, status=status)


@require_GET
def public_roster(request):
    """The public duty roster (领导接访安排): who receives visitors on each of the coming working days."""
    return render(request, "leadership/public_roster.html", {"days": selectors.duty_week(days=14)})
