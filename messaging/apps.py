from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    """SMS to petitioners and work messages to staff, through pluggable gateways (issue 18)."""

    name = "messaging"
    verbose_name = _("Messages")

    def ready(self) -> None:
        from messaging import hooks  # deferred: hooks import models, which need the app registry ready

        hooks.connect()
