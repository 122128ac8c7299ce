from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediationConfig(AppConfig):
    """Cases being worked: routing, queues, handling, replies, escalation."""

    name = "mediation"
    verbose_name = _("Case handling")

    def ready(self) -> None:
        # deferred: ready() runs once every app is loaded; the receivers need the models
        from mediation import signals

        signals.connect()
