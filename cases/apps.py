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

        from cases.permissions import STANDING_MODELS, standing_relations, viewers_forget

        # A standing read earlier in the request is forgotten when what it is read from changes
        # (``viewers_remembered``). Connected per model: a receiver for every model would stop
        # Django from deleting rows of any model in bulk without loading them.
        for model in STANDING_MODELS:
            for signal, name in ((post_save, "save"), (post_delete, "delete")):
                signal.connect(viewers_forget, sender=model, dispatch_uid=f"viewers_forget.{name}.{model.__name__}")
        for through in standing_relations():
            m2m_changed.connect(viewers_forget, sender=through, dispatch_uid=f"viewers_forget.m2m.{through.__name__}")
