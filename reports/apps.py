from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Monthly and quarterly reports (月报、季报): the statistics as a PDF and a workbook, written by the worker."""

    name = "reports"
    verbose_name = _("Reports")
