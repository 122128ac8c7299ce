"""The scores pages (季考评、年考核): the periods, a period's table, a subject's lines, the director's actions."""

import io
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases.errors import ActionRefused
from ledgers.xlsx import write_xlsx
from stats import services
from stats.models import ScorePeriod, ScoringScheme
from stats.rules.periods import neighbours, quarter_of, year_of
from stats.scoring_scope import score_scope_for
from stats.selectors.scores import score_explanation, score_subject_get, score_totals_for


def _refused(request, message, status=403):
    return render(request, "refused.html", {"message": message}, status=status)


def _scope_or_refuse(request):
    scope = score_scope_for(request.user)
    if scope is None:
        return None, _refused(
            request, _("Scores are read by the director, the discipline office, unit heads and leaders.")
        )
    return scope, None


def _period(request, code):
    try:
        period = services.score_period_parse(code)
    except ActionRefused as error:
        return None, None, _refused(request, error.message, status=400)
    return period, ScorePeriod.objects.filter(code=period.code).select_related("scheme").first(), None


def _scope_and_period(request, code):
    """The reader's scope, the period the code names and its stored row; or the refusal to answer."""
    scope, refused = _scope_or_refuse(request)
    if refused:
        return None, None, None, refused
    period, row, refused = _period(request, code)
    return scope, period, row, refused


@login_required
@require_GET
def scores_home(request):
    scope, refused = _scope_or_refuse(request)
    if refused:
        return refused
    today = timezone.localdate()
    last_quarter = neighbours(quarter_of(today))[0]
    quick = [quarter_of(today), last_quarter, year_of(today), neighbours(year_of(today))[0]]
    return render(
        request,
        "stats/scores_home.html",
        {
            "scope": scope,
            "quick": quick,
            "periods": ScorePeriod.objects.select_related("scheme").order_by("-start", "code"),
            "schemes": ScoringScheme.objects.order_by("-valid_from", "-version") if scope.is_director else [],
        },
    )


@login_required
@require_GET
def score_period(request, code):
    scope, period, row, refused = _scope_and_period(request, code)
    if refused:
        return refused
    rows = score_totals_for(scope, row) if row else []
    return render(
        request,
        "stats/score_period.html",
        {
            "scope": scope,
            "period": period,
            "row": row,
            "units": [t for t in rows if t.unit_id],
            "villages": [t for t in rows if t.village_id],
        },
    )


@login_required
@require_GET
def score_subject(request, code, kind, subject):
    scope, period, row, refused = _scope_and_period(request, code)
    if refused:
        return refused
    found = score_subject_get(scope, kind, subject)
    if found is None or row is None:
        raise Http404
    context = score_explanation(scope, request.user, row, kind, found)
    return render(
        request,
        "stats/score_subject.html",
        {"scope": scope, "period": period, "row": row, "kind": kind, "subject": found, **context},
    )


def _act(request, action, *, done: str, **kwargs):
    try:
        action(actor=request.user, **kwargs)
    except ActionRefused as error:
        return _refused(request, error.message, status=error.status)
    messages.success(request, done)
    return None


@login_required
@require_POST
def score_compute(request, code):
    refused = _act(request, services.score_period_compute, code=code, done=_("The scores were computed."))
    return refused or redirect("stats:score-period", code=code)


@login_required
@require_POST
def score_publish(request, code):
    refused = _act(
        request, services.score_period_publish, code=code, done=_("The scores were published and are now frozen.")
    )
    return refused or redirect("stats:score-period", code=code)


@login_required
@require_POST
def score_adjust(request, code, kind, subject):
    scope, refused = _scope_or_refuse(request)
    if refused:
        return refused
    found = score_subject_get(scope, kind, subject)
    if found is None:
        raise Http404
    refused = _act(
        request,
        services.score_adjust,
        code=code,
        subject=(kind, found.pk),
        points=request.POST.get("points", ""),
        reason=request.POST.get("reason", ""),
        done=_("The adjustment was recorded."),
    )
    return refused or redirect("stats:score-subject", code=code, kind=kind, subject=subject)


@login_required
@require_POST
def scheme_version(request, pk):
    scheme = ScoringScheme.objects.filter(pk=pk).first()
    if scheme is None:
        raise Http404
    try:
        valid_from = date.fromisoformat(request.POST.get("valid_from", ""))
    except ValueError:
        return _refused(request, _("Give the day the new version is in force from."), status=400)
    refused = _act(
        request,
        services.scheme_new_version,
        scheme=scheme,
        valid_from=valid_from,
        done=_("A new version of the scheme was made: edit its items in the admin."),
    )
    return refused or redirect("stats:scores")


@login_required
@require_GET
def score_export(request, code):
    scope, period, row, refused = _scope_and_period(request, code)
    if refused:
        return refused
    if row is None:
        raise Http404
    out = io.BytesIO()
    write_xlsx(
        out,
        title=_("Scores %(code)s") % {"code": period.code},
        headings=[_("Unit or village"), _("Base"), _("Deductions"), _("Bonuses"), _("Adjustments"), _("Score")],
        rows=(
            [t.name, float(t.base), float(t.deductions), float(t.bonuses), float(t.adjustments), float(t.total)]
            for t in score_totals_for(scope, row)
        ),
        widths=[24, 8, 10, 10, 10, 8],
    )
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="scores-{period.code}.xlsx"'
    return response
