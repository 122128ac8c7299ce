from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    """Cases coming in: the kiosk, the online form and the petition-office desk."""

    name = "intake"
    verbose_name = _("Intake")

    def ready(self) -> None:
        # deferred: ready() runs once every app is loaded; the receivers need the models
        from intake import proxy_public

        proxy_public.connect()
