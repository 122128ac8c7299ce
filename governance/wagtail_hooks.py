"""Grid workers, village staff and incident categories in the Wagtail admin (under the organisation)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from governance.models import GridWorker, IncidentCategory


class GridWorkerViewSet(SnippetViewSet):
    model = GridWorker
    icon = "user"
    menu_label = _("Grid workers and village staff")
    list_display = ["__str__", "kind", "village", "grid", BooleanColumn("is_active", label=_("active"))]
    list_filter = ["kind", "is_active", "village"]


class IncidentCategoryViewSet(SnippetViewSet):
    model = IncidentCategory
    icon = "list-ul"
    menu_label = _("Incident categories")
    list_display = ["name", "code", "order", BooleanColumn("is_active", label=_("active"))]
    list_filter = ["is_active"]


class GovernanceGroup(SnippetViewSetGroup):
    menu_label = _("Governance")
    menu_icon = "site"
    menu_order = 210
    items = (GridWorkerViewSet, IncidentCategoryViewSet)


register_snippet(GovernanceGroup)
