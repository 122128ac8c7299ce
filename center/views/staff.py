"""The staff area's own pages (sign-in, the home page, a unit's page)."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from departments import selectors
from leadership.proxy_rates import rates_scope_for
from mediation.selectors.legal import may_work_the_legal_window
from reports.access import reads_reports
from stats.scope import stats_scope_for


class StaffLoginView(auth_views.LoginView):
    template_name = "staff/login.html"
    redirect_authenticated_user = True


@login_required
@require_GET
def staff_home(request):
    leader = selectors.leader_for_user(request.user)
    scope = stats_scope_for(request.user)
    return render(
        request,
        "staff/home.html",
        {
            "memberships": selectors.membership_list_for_user(request.user),
            "units": selectors.unit_list_for_user(request.user).select_related("area"),
            "leader": leader,
            "is_director": leader is not None and leader.is_director,
            "sees_center": selectors.may_see_center(
                request.user, is_director=leader is not None and leader.is_director
            ),
            "can_register": selectors.user_may_register_cases(request.user),
            "can_consult": may_work_the_legal_window(request.user),
            "reads_stats": scope is not None,
            "reads_reports": reads_reports(scope),
            "reads_proxy_rates": rates_scope_for(request.user) is not None,
        },
    )


@login_required
@require_GET
def unit_detail(request, code: str):
    unit = selectors.unit_get_for_user(request.user, code=code)
    return render(
        request,
        "staff/unit_detail.html",
        {"unit": unit, "members": selectors.membership_list_for_unit(request.user, unit=unit)},
    )
