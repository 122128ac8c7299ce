from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    """The public site: Wagtail pages that editors write."""

    name = "cms"
    verbose_name = _("Public site")

    def ready(self):
        # deferred: signals and the form page's cache need the models, which load after this module.
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from cms.formcache import on_model_change, version_bump, watched_models

        for model in watched_models(self.apps.get_models()):
            label = model._meta.label_lower
            post_save.connect(on_model_change, sender=model, dispatch_uid=f"cms.formcache.save.{label}")
            post_delete.connect(on_model_change, sender=model, dispatch_uid=f"cms.formcache.delete.{label}")
        page_published.connect(version_bump, dispatch_uid="cms.formcache.published")
        page_unpublished.connect(version_bump, dispatch_uid="cms.formcache.unpublished")
        post_page_move.connect(version_bump, dispatch_uid="cms.formcache.moved")
