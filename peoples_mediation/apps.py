from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeoplesMediationConfig(AppConfig):
    """People's mediation (人民调解): parties, mediators, sessions, the agreement, judicial confirmation."""

    name = "peoples_mediation"
    verbose_name = _("People's mediation")
