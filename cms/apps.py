from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    """The public site: Wagtail pages that editors write."""

    name = "cms"
    verbose_name = _("Public site")
