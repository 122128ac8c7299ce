"""Shared queues, the person's own cases, and the inboxes of the clerk and the director."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.errors import ActionRefused
from cases.permissions import viewer_for
from departments.models import Delegation
from departments.selectors import unit_get_for_user
from mediation import permissions, selectors, services
from mediation.forms.delegation import DelegationForm
from mediation.selectors import BadCursor, Page
from mediation.selectors.todo import todo_lists_for_user


def _page(request, param: str, fetch) -> Page:
    """A keyset page; a cursor we did not make starts again from the first page."""
    try:
        return fetch(request.GET.get(param) or None)
    except BadCursor:
        return fetch(None)


@login_required
@require_GET
def queue_index(request):
    return render(
        request,
        "mediation/queue_index.html",
        {
            "units": selectors.queue_units_for_user(request.user),
            "mine": _page(request, "after", lambda after: selectors.my_cases(request.user, after=after)),
        },
    )


@login_required
@require_GET
def queue_detail(request, unit: str):
    unit_obj = unit_get_for_user(request.user, code=unit)
    viewer = viewer_for(request.user)
    waiting = _page(
        request, "after", lambda after: selectors.queue_for_unit(request.user, unit_obj, after=after, viewer=viewer)
    )
    held = _page(
        request,
        "held_after",
        lambda after: selectors.in_hand_for_unit(request.user, unit_obj, after=after, viewer=viewer),
    )
    return render(request, "mediation/queue.html", {"unit": unit_obj, "waiting": waiting, "held": held})


@login_required
@require_GET
def inbox(request):
    """The person's to-do lists, per role (``mediation.selectors.todo``), each with its own pages."""
    user = request.user
    cursors = {key[: -len("_after")]: value for key, value in request.GET.items() if key.endswith("_after")}
    try:
        lists = todo_lists_for_user(user, cursors=cursors)
    except BadCursor:
        lists = todo_lists_for_user(user)
    return render(
        request,
        "mediation/inbox.html",
        {"lists": lists, "accused_waiting": selectors.accused_intake(user, limit=1).items},
    )


@login_required
@require_GET
def assisting(request):
    page = _page(request, "after", lambda after: selectors.assisting_cases_for_user(request.user, after=after))
    return render(request, "mediation/assisting.html", {"page": page})


def _director_only(request):
    if not permissions.may_delegate(request.user):
        raise Http404("not the director")


@login_required
@require_http_methods(["GET", "POST"])
def delegations(request):
    _director_only(request)
    form = DelegationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.delegation_grant(actor=request.user, **form.cleaned_data)
        except ActionRefused as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The delegation is recorded."))
            return redirect("mediation:delegations")
    records = Delegation.objects.select_related("leader__user", "created_by", "revoked_by")[:200]
    return render(request, "mediation/delegations.html", {"form": form, "delegations": records})


@login_required
@require_POST
def delegation_revoke(request, pk: int):
    _director_only(request)
    delegation = get_object_or_404(Delegation, pk=pk)
    services.delegation_revoke(actor=request.user, delegation=delegation)
    messages.success(request, _("The delegation is revoked."))
    return redirect("mediation:delegations")
