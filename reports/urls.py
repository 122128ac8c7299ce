from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("staff/reports/", views.report_list, name="list"),
    path("staff/reports/<uuid:pk>/status/", views.report_status, name="status"),
    path("staff/reports/<uuid:pk>/<str:fmt>/", views.report_download, name="download"),
]
