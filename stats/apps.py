from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    """Statistics by period (统计) and the rulebook's targets (二（三）): read-only figures over the case record."""

    name = "stats"
    verbose_name = _("Statistics")
