"""Lobby kiosks in the Wagtail admin: list, rename, deactivate (enroll with `manage.py kiosk_enroll`)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cases.models import Kiosk


class KioskViewSet(SnippetViewSet):
    model = Kiosk
    icon = "desktop"
    menu_label = _("Kiosks")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "enrolled_at", BooleanColumn("is_active", label=_("active"))]
    form_fields = ["name", "is_active"]


register_snippet(KioskViewSet)
