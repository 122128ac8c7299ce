from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    """Cases coming in: the kiosk, the online form and the petition-office desk."""

    name = "intake"
    verbose_name = _("Intake")
