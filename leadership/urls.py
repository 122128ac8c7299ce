from django.urls import path

from leadership.views import duty, proxy, returns

app_name = "leadership"

urlpatterns = [
    path("duty-roster/", duty.public_roster, name="roster"),
    path("staff/reception/", duty.reception, name="reception"),
    path("staff/returns/", returns.mission_list, name="returns"),
    path("staff/returns/<int:pk>/", returns.mission_page, name="return"),
    path("staff/returns/<int:pk>/team/", returns.mission_team, name="return-team"),
    path("staff/returns/<int:pk>/dispatch/", returns.mission_dispatch, name="return-dispatch"),
    path("staff/returns/<int:pk>/return/", returns.mission_return, name="return-return"),
    path("staff/returns/<int:pk>/interview/", returns.mission_interview, name="return-interview"),
    path("staff/returns/<int:pk>/call-off/", returns.mission_call_off, name="return-call-off"),
    # 代办 (issue 17): rates per agent and village against the targets, rewards and penalties.
    path("staff/proxy-rates/", proxy.rates, name="proxy-rates"),
    path("staff/proxy-rates/cases/", proxy.rate_cases, name="proxy-rate-cases"),
    path("staff/cases/<str:code>/returns/open/", returns.mission_open, name="return-open"),
]
