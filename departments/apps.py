from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DepartmentsConfig(AppConfig):
    name = "departments"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        # deferred: ready() runs once every app is loaded; the receivers need the models
        from departments import signals

        signals.connect()
