from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    """The case record every other app stands on (see ``cases.models``)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "cases"
    verbose_name = _("cases")
