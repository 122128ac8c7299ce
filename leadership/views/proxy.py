"""代办 rates (二（三）, issue 17): per agent and village for a period, against the targets, with the
cases behind each shortfall; and the director's rewards and penalties beside them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cases.errors import ActionRefused
from departments.models import ProxyAgent, Village
from leadership import services
from leadership.forms import ProxyRewardForm
from leadership.proxy_rates import rates_for, rates_scope_for, shortfall_cases
from leadership.services.proxy import may_set_rewards
from stats.forms import period_message
from stats.rules import targets
from stats.rules.periods import PeriodError, month_of, neighbours, period_parse, quarter_of, year_of

TARGET_LABELS = {
    targets.PROXY.code: _("proxy rate ≥ 50 %"),
    targets.COMPLETION.code: _("completion rate 100 %"),
    targets.SATISFACTION.code: _("satisfaction rate ≥ 95 %"),
}


def _refused(request):
    message = _("Proxy rates are read by the director, area chiefs and the proxy agents themselves.")
    return render(request, "refused.html", {"message": message}, status=403)


def _period(request, today):
    try:
        return period_parse(request.GET["period"]) if request.GET.get("period") else month_of(today), None
    except PeriodError as error:
        return None, period_message(error.code)


@login_required
@require_http_methods(["GET", "POST"])
def rates(request):
    scope = rates_scope_for(request.user)
    if scope is None:
        return _refused(request)
    today = timezone.localdate()
    period, error = _period(request, today)
    if period is None:
        return render(request, "leadership/proxy_rates.html", {"error": error, "today": today}, status=400)
    may_reward = may_set_rewards(request.user)
    form = ProxyRewardForm(request.POST or None, initial={"period": period.code})
    status = 200
    if request.method == "POST":
        if not may_reward:
            return render(
                request,
                "refused.html",
                {"message": _("Only the director sets proxy agents' rewards and penalties.")},
                status=403,
            )
        status = 400
        if form.is_valid():
            try:
                services.proxy_reward_record(actor=request.user, **form.cleaned_data)
            except ActionRefused as refused:
                form.add_error(None, refused.message)
                status = refused.status
            else:
                messages.success(request, _("The reward or penalty is recorded."))
                return redirect(f"{reverse('leadership:proxy-rates')}?period={period.code}")
    agents, villages = rates_for(scope, period)
    before, after = neighbours(period)
    context = {
        "scope": scope,
        "period": period,
        "before": before,
        "after": after,
        "quick": [month_of(today), neighbours(month_of(today))[0], quarter_of(today), year_of(today)],
        "agents": agents,
        "villages": villages,
        "target_labels": TARGET_LABELS,
        "form": form if may_reward else None,
    }
    return render(request, "leadership/proxy_rates.html", context, status=status)


@login_required
@require_GET
def rate_cases(request):
    """The cases behind one figure of the rates page (those the person may open, and how many it counts)."""
    scope = rates_scope_for(request.user)
    if scope is None:
        return _refused(request)
    period, error = _period(request, timezone.localdate())
    if period is None:
        raise Http404(error)
    agent = village = None
    if request.GET.get("agent", "").isdigit():
        agent = ProxyAgent.objects.select_related("user", "village").filter(pk=request.GET["agent"]).first()
    if request.GET.get("village", "").isdigit():
        village = Village.objects.filter(pk=request.GET["village"]).first()
    found = shortfall_cases(scope, period, request.GET.get("measure", ""), agent=agent, village=village)
    if found is None:
        raise Http404("no such figure")
    cases, counted = found
    shown = list(cases[:200])
    context = {
        "period": period,
        "agent": agent,
        "village": village,
        "measure": request.GET["measure"],
        "cases": shown,
        "counted": counted,
        "hidden": counted - len(shown) if counted > len(shown) else 0,
    }
    return render(request, "leadership/proxy_rate_cases.html", context)
