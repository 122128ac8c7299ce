from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    """The case record every other app stands on (see ``cases.models``)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "cases"
    verbose_name = _("cases")

    def ready(self) -> None:
        # deferred: ready() runs once every app is loaded; cases.permissions needs the models
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from cases.permissions import viewers_forget

        # A standing read earlier in the request is forgotten on any write (see ``viewers_remembered``).
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(viewers_forget, dispatch_uid=f"cases.viewers_forget.{id(signal)}")
