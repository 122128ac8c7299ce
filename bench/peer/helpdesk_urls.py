"""The peer's URLs: the helpdesk under /helpdesk/ (public form /helpdesk/tickets/submit/), the admin."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("django.contrib.auth.urls")),
    path("helpdesk/", include("helpdesk.urls")),
]
