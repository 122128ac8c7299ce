from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LobbyConfig(AppConfig):
    """The center's hall, live: service windows and queue tickets, the lobby display, live staff
    screens, joint-reception alerts and who has a case open."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "lobby"
    verbose_name = _("Lobby and live screens")
