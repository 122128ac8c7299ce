"""The statistics pages: a period's figures, targets and trend, and the cases behind a figure."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cases.rules.status import STATUS_LABELS
from mediation.clocktext import clock_label
from stats.analytic import analytic
from stats.dimensions import BY_CODE
from stats.forms import PeriodForm, period_message
from stats.kept import figures_for, quick_periods
from stats.rules.periods import PeriodError, neighbours, period_parse
from stats.scope import stats_scope_for
from stats.selectors.measures import LABELS, measure_q

PAGE_SIZE = 50


def _refused(request, message, status=403):
    return render(request, "refused.html", {"message": message}, status=status)


def _no_scope(request):
    return _refused(request, _("Statistics are read by the director, the discipline office, unit heads and leaders."))


@login_required
@require_GET
def period_page(request):
    scope = stats_scope_for(request.user)
    if scope is None:
        return _no_scope(request)
    today = timezone.localdate()
    form = PeriodForm(request.GET, today=today)
    if not form.is_valid():
        return render(request, "stats/period.html", {"form": form, "today": today}, status=400)
    period, dimension = form.chosen, form.cleaned_data["dimension"]
    figures = figures_for(
        scope, period, dimension, today=today, user_id=request.user.pk, fresh=request.GET.get("fresh") == "1"
    )
    recount = request.GET.copy()
    recount["fresh"] = "1"
    before, after = neighbours(period)
    return render(
        request,
        "stats/period.html",
        {
            "form": form,
            "scope": scope,
            "period": period,
            "before": before,
            "after": after,
            "quick": quick_periods(today),
            "dimension": dimension,
            "dimensions": BY_CODE.values(),
            "figures": figures,
            "recount": "?" + recount.urlencode(),
        },
    )


def _value_q(dimension, value: str) -> Q | None:
    if value == "none":
        return Q(**{f"{dimension.path}__isnull": True})
    if dimension.model is not None:
        return Q(**{dimension.path: int(value)}) if value.isdigit() else None
    return Q(**{dimension.path: value}) if value in dict(dimension.choices) else None


@login_required
@require_GET
@analytic()
def period_cases(request):
    scope = stats_scope_for(request.user)
    if scope is None:
        return _no_scope(request)
    today = timezone.localdate()
    try:
        period = period_parse(request.GET.get("period", ""))
    except PeriodError as error:
        return _refused(request, period_message(error.code), status=400)
    code = request.GET.get("measure", "")
    rule = measure_q(code, period, today=today)
    if rule is None:
        return _refused(request, _("There is no such figure."), status=400)
    dimension, value_q = None, Q()
    if "by" in request.GET:
        dimension = BY_CODE.get(request.GET["by"])
        value_q = _value_q(dimension, request.GET.get("value", "")) if dimension else None
        if value_q is None:
            return _refused(request, _("There is no such row in the breakdown."), status=400)
    cases = (
        scope.cases.filter(rule & value_q)
        .select_related("routing", "routing__lead_unit", "village")
        .order_by("received_at", "pk")
    )
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    value = request.GET.get("value", "")
    value_name = dimension.names([int(value) if value.isdigit() else value]) if dimension else {}
    state, _sep, clock = code.partition(":")
    label = f"{LABELS[state]}（{clock_label(clock)}）" if clock else LABELS[code]
    return render(
        request,
        "stats/cases.html",
        {
            "period": period,
            "label": label,
            "page": page,
            "dimension": dimension,
            "value_name": next(iter(value_name.values()), _("not set")),
            "statuses": STATUS_LABELS,
            "query": request.GET.copy(),
        },
    )
