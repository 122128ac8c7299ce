from django.apps import AppConfig


class LiveConfig(AppConfig):
    """The realtime layer at the bottom of the stack: it imports no first-party app."""

    name = "live"
