"""SMS templates in the Wagtail admin (Settings → SMS templates): code, text and parameters."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from messaging.models import SmsTemplate


class SmsTemplateViewSet(SnippetViewSet):
    model = SmsTemplate
    icon = "mail"
    menu_label = _("SMS templates")
    add_to_settings_menu = True
    form_fields = ["kind", "code", "text", "parameters", "active"]
    list_display = ["kind", "code", "text", BooleanColumn("active", label=_("active"))]


register_snippet(SmsTemplateViewSet)
