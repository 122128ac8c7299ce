from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    """Comprehensive governance (综治 / 社会治理): grid workers' incidents and the monthly dispute screening."""

    name = "governance"
    verbose_name = _("Governance")
