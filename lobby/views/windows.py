"""A service window's console: call the next ticket, recall, mark a no-show, finish, transfer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases.errors import ActionRefused
from lobby import screens, selectors, services
from lobby.forms import TransferForm
from lobby.models import QueueTicket


def _window(request, code: str):
    return selectors.window_get_for_user(request.user, code=code, day=timezone.localdate())


def _ticket(window, pk: int) -> QueueTicket:
    ticket = QueueTicket.objects.filter(pk=pk, day=timezone.localdate(), lobby_state__window=window).first()
    if ticket is None:
        raise Http404("no such ticket at this window")
    return ticket


@login_required
@require_GET
def window_list(request):
    windows = selectors.window_list_for_user(request.user, day=timezone.localdate())
    return render(request, "lobby/windows.html", {"windows": windows})


@login_required
@require_GET
def window_detail(request, code: str):
    window = _window(request, code)
    snapshot = screens.window_snapshot(window, language=request.LANGUAGE_CODE, csrf_token=get_token(request))
    return render(request, "lobby/window.html", {"window": window, "regions": snapshot["regions"]})


@login_required
@require_POST
def call_next(request, code: str):
    window = _window(request, code)
    try:
        ticket = services.ticket_call_next(window=window, actor=request.user)
    except ActionRefused as error:
        messages.error(request, error.message)
    else:
        if ticket is None:
            messages.info(request, _("Nobody is waiting for this window."))
        else:
            messages.success(request, _("Ticket %(ticket)s is called.") % {"ticket": ticket.label})
    return redirect("lobby:window", code=window.code)


def _act(request, code: str, pk: int, run, success: str, **names):
    window = _window(request, code)
    ticket = _ticket(window, pk)
    try:
        run(window, ticket)
    except ActionRefused as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success % {"ticket": ticket.label, **names})
    return redirect("lobby:window", code=window.code)


@login_required
@require_POST
def recall(request, code: str, pk: int):
    return _act(
        request,
        code,
        pk,
        lambda w, t: services.ticket_recall(window=w, ticket=t, actor=request.user),
        _("Ticket %(ticket)s is called again."),
    )


@login_required
@require_POST
def skip(request, code: str, pk: int):
    return _act(
        request,
        code,
        pk,
        lambda w, t: services.ticket_skip(window=w, ticket=t, actor=request.user),
        _("Ticket %(ticket)s is marked as a no-show."),
    )


@login_required
@require_POST
def finish(request, code: str, pk: int):
    return _act(
        request,
        code,
        pk,
        lambda w, t: services.ticket_finish(window=w, ticket=t, actor=request.user),
        _("Ticket %(ticket)s is served."),
    )


@login_required
@require_POST
def transfer(request, code: str, pk: int):
    window = _window(request, code)
    form = TransferForm(request.POST, window=window)
    if not form.is_valid():
        messages.error(request, _("Choose the window to send the ticket to."))
        return redirect("lobby:window", code=window.code)
    to_window = form.cleaned_data["to_window"]

    def run(w, t):
        services.ticket_transfer(window=w, ticket=t, to_window=to_window, actor=request.user)

    return _act(request, code, pk, run, _("Ticket %(ticket)s is sent to %(window)s."), window=to_window.name)
