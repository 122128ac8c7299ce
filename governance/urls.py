from django.urls import path

from governance.views import incidents, screening

app_name = "governance"

urlpatterns = [
    path("staff/governance/", incidents.home, name="home"),
    path("staff/governance/report/", incidents.report, name="report"),
    path("staff/governance/mine/<str:code>/", incidents.mine, name="mine"),
    path("staff/governance/cases/<str:code>/", incidents.case_page, name="case"),
    path("staff/governance/cases/<str:code>/dispatch/", incidents.dispatch, name="dispatch"),
    path("staff/governance/cases/<str:code>/close/", incidents.close, name="close"),
    path("staff/governance/screening/", screening.screening, name="screening"),
    path("staff/governance/screening/overview/", screening.overview, name="screening-overview"),
]
