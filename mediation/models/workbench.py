"""A person's saved searches on the all-cases list."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SavedCaseFilter(models.Model):
    """A named search and set of filters on the all-cases list (``/admin/cases/``), its owner's alone.

    Only the query string is kept: opening it runs the list again through the visibility rule, so a
    saved filter never shows more than its owner may see that day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_case_filters")
    name = models.CharField(_("name"), max_length=60)
    query = models.CharField(_("search and filters"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved filter")
        verbose_name_plural = _("saved filters")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="saved_case_filter_name_unique")]

    def __str__(self) -> str:
        return self.name
