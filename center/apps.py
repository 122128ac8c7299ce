from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CenterConfig(AppConfig):
    name = "center"
    verbose_name = _("One-Window")

    def ready(self) -> None:
        # deferred: ready() runs once every app is loaded; signal receivers and form patches wait for it
        from django import forms

        from center import signals  # noqa: F401  (connects the auth signal receivers)
        from center.text import validate_text

        # Every text field of every form (ours, Wagtail's, Django's) refuses bad text with a field
        # error: one definition (center.text) for forms and JSON alike.
        if validate_text not in forms.CharField.default_validators:
            forms.CharField.default_validators = [*forms.CharField.default_validators, validate_text]
