"""The routing table in the Wagtail admin (Settings → 路由表), and the report routing table (举报分流表).

Saving runs the model's validation (``table_from_rows``), so a table that would drop a case kind
or name an unknown role is refused with a Chinese message naming the row; Wagtail logs each edit.
"""

from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.contrib.settings.registry import register_setting
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cases.models import ReportRoute
from mediation.calendar import calendar_missing_year, may_enter_calendar
from mediation.models import ProxyMatter, RoutingTable
from mediation.todo_panel import todo_panel
from mediation.views.calendar_admin import calendar_enter
from mediation.workbench import cases_list

register_setting(RoutingTable, icon="list-ul")


class ReportRouteViewSet(SnippetViewSet):
    """The report routing table (举报分流表): a row overrides the default unit of its category."""

    model = ReportRoute
    icon = "list-ul"
    menu_label = _("Report routing table")
    add_to_settings_menu = True
    list_display = ["category", "unit"]
    form_fields = ["category", "unit"]


register_snippet(ReportRouteViewSet)


class ProxyMatterViewSet(SnippetViewSet):
    """代办件工作清单: the published list of matters a proxy agent may file and carry (issue 17)."""

    model = ProxyMatter
    icon = "list-ul"
    menu_label = _("Proxy list")
    add_to_settings_menu = True
    list_display = ["name", "service", "order", "is_active"]
    list_filter = ["service", "is_active"]
    form_fields = ["name", "service", "description", "order", "is_active"]


register_snippet(ProxyMatterViewSet)
cases_list.register()  # the all-cases list (issue 13)


# --- the official calendar (issue 5): entry screen, menu item, dashboard warning ------------------


@hooks.register("register_admin_urls")
def calendar_urls():
    return [path("calendar/enter/", calendar_enter, name="mediation_calendar_enter")]


class CalendarMenuItem(MenuItem):
    def is_shown(self, request):
        return may_enter_calendar(request.user)


@hooks.register("register_settings_menu_item")
def calendar_menu_item():
    return CalendarMenuItem(_("Official calendar"), reverse("mediation_calendar_enter"), icon_name="date", order=900)


class CalendarWarningPanel(Component):
    """On the admin dashboard, for administrators: next year's official schedule is missing."""

    name = "calendar_warning"
    order = 50
    template_name = "mediation/admin/calendar_panel.html"

    def __init__(self, year: int) -> None:
        self.year = year

    def get_context_data(self, parent_context):
        return {"year": self.year, "url": reverse("mediation_calendar_enter")}


@hooks.register("construct_homepage_panels")
def calendar_warning_panel(request, panels):
    if not may_enter_calendar(request.user):
        return
    year = calendar_missing_year(timezone.localdate())
    if year is not None:
        panels.append(CalendarWarningPanel(year))


# --- the staff workbench (issue 13): the to-do lists on the dashboard ---------------------------
hooks.register("construct_homepage_panels", todo_panel)
