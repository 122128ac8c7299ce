from django.urls import path, re_path
from wagtail import urls as wagtail_urls

from cms import views

app_name = "cms"

urlpatterns = [
    path("file-a-case/", views.file_entry, name="file"),
]

# Wagtail's own URLs (last in the project's list), its page serving wrapped by the form page's cache.
page_patterns = [
    *(pattern for pattern in wagtail_urls.urlpatterns if getattr(pattern, "name", None) != "wagtail_serve"),
    re_path(wagtail_urls.serve_pattern, views.page_serve, name="wagtail_serve"),
]
