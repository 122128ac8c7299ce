from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadershipConfig(AppConfig):
    """The leaders' own duties (二（五）、二（六））: emergency returns and reception days."""

    name = "leadership"
    verbose_name = _("Leaders' duties")
