from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from center.api import api
from center.views import health, staff
from cms.urls import page_patterns

staff_patterns = (
    [
        path("", staff.staff_home, name="home"),
        path("login/", staff.StaffLoginView.as_view(), name="login"),
        path("logout/", auth_views.LogoutView.as_view(), name="logout"),
        path("units/<slug:code>/", staff.unit_detail, name="unit"),
    ],
    "staff",
)

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("cms.urls")),
    path("", include("intake.urls")),
    path("", include("mediation.urls")),
    path("", include("governance.urls")),
    path("", include("messaging.urls")),
    path("", include("stats.urls")),
    path("", include("reports.urls")),
    path("", include("leadership.urls")),
    path("", include("peoples_mediation.urls")),
    path("lobby/", include("lobby.urls")),
    path("api/v1/", api.urls),
    path("staff/", include(staff_patterns)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

# Public media (CMS images). Case attachments never live here: they are in
# PRIVATE_MEDIA_ROOT and go out only through views that check permission. A
# proxy in front may serve /media/ itself; daphne alone still serves it.
urlpatterns.append(
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT, "show_indexes": False})
)

# Wagtail's page tree serves everything else (the public site); the online form's GET from a cache.
urlpatterns.append(path("", include(page_patterns)))

# A database out of reach, or a connection pool busy past its timeout, answers 503 with
# Retry-After rather than 500 (center/views/errors.py).
handler500 = "center.views.errors.server_error"
