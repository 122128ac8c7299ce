from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CenterConfig(AppConfig):
    name = "center"
    verbose_name = _("One-Window")

    def ready(self) -> None:
        from center import signals  # noqa: F401  (connects the auth signal receivers)
