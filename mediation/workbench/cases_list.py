"""All cases a person may see, in the Wagtail admin (issue 13): search, filters, Excel export.

Wagtail's own listing does the work (``ModelViewSet`` with its ``IndexView``: table, pagination,
django-filter filters, the search box and the spreadsheet export). What is ours: the queryset
comes from THE visibility rule (``CasePermissionPolicy`` → ``cases.selectors``), so the list, its
count, its search results and its export hold the same cases; each row links to the staff case
page; the export has Chinese headers, local times and dates as dates.
"""

import datetime

from django.contrib.auth.models import Permission
from django.db.models import Case as Case_
from django.db.models import F, IntegerField, OuterRef, Subquery, Value, When
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.coreutils import multigetattr
from wagtail.permissions import register_permission_policy

from cases.models import Case, Petitioner
from cases.rules import status as st
from cases.selectors import reporter_hidden_q
from mediation.workbench.access import CasePermissionPolicy, case_staff_menu, case_viewer
from mediation.workbench.filters import CaseFilterSet, case_search
from mediation.workbench.saved import saved_filter_create, saved_filter_delete, saved_filters_for, saved_query

XLSX, CSV = IndexView.FORMAT_XLSX, IndexView.FORMAT_CSV


def case_url(case: Case) -> str:
    return reverse("mediation:case", kwargs={"code": case.tracking_code})


def status_label(value: str) -> str:
    return st.ALL_STATUS_LABELS.get(value, value)


def yes_no(value) -> str:
    return "" if value is None else str(_("yes") if value else _("no"))


def local_time(value: datetime.datetime) -> datetime.datetime:
    """Excel has no time zones: the time as read on the center's clock."""
    return timezone.localtime(value).replace(tzinfo=None)


class AllCasesIndexView(IndexView):
    any_permission_required = ["view"]
    template_name = "mediation/admin/all_cases_index.html"  # Wagtail's, with the workbench's CSS
    is_searchable = True
    page_title = _("All cases")
    results_template_name = "mediation/admin/all_cases_results.html"

    def get_base_queryset(self):
        visible = self.permission_policy.instances_user_has_permission_for(self.request.user, "view")
        primary = Petitioner.objects.filter(case=OuterRef("pk"), is_primary=True).values("name")[:1]
        # A report's reporter is named only to those who handle it: blank in the list and the export.
        hidden = reporter_hidden_q(self.viewer)
        return visible.select_related("village", "routing__lead_unit", "routing__owner__user").annotate(
            petitioner_name=Case_(When(hidden, then=Value("")), default=Subquery(primary)),
            # How often the reporter raised it before would point at them: 1, as on the case page.
            times_raised=Case_(When(hidden, then=Value(1)), default=F("repeat_count"), output_field=IntegerField()),
        )

    @cached_property
    def viewer(self):
        return case_viewer(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["saved_filters"] = saved_filters_for(self.request.user)
        context["saved_query"] = saved_query(self.request.GET)
        return context

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return case_search(queryset, self.search_query, hidden_people=reporter_hidden_q(self.viewer))

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "tracking_code",
                label=_("tracking code"),
                accessor="display_code",
                sort_key="tracking_code",
                get_url=case_url,
                classname="case-code",  # workbench.css: a code never wraps
            ),
            Column("petitioner_name", label=_("petitioner"), classname="case-name"),
            DateColumn("received_at", label=_("received at"), sort_key="received_at", classname="case-date"),
            Column("service", label=_("service"), accessor="get_service_display", classname="case-short"),
            Column(
                "status",
                label=_("status"),
                accessor=lambda case: st.status_label(case.status, case.service),
                sort_key="status",
                classname="case-status",
            ),
            Column("lead_unit", label=_("lead unit"), accessor="routing.lead_unit", classname="case-unit"),
            Column("owner", label=_("owning leader"), accessor="routing.owner", classname="case-unit"),
            Column("reply_due_on", label=_("reply due"), sort_key="reply_due_on", classname="case-date"),
        ]

    list_export = [
        "display_code",
        "received_at",
        "get_channel_display",
        "get_service_display",
        "status",
        "petitioner_name",
        "village",
        "routing.lead_unit",
        "routing.owner",
        "routing.leader_led",
        "reply_due_on",
        "times_raised",
        "request",
    ]
    export_headings = {
        "display_code": _("tracking code"),
        "received_at": _("received at"),
        "get_channel_display": _("channel"),
        "get_service_display": _("service"),
        "status": _("status"),
        "petitioner_name": _("petitioner"),
        "village": _("village"),
        "routing.lead_unit": _("lead unit"),
        "routing.owner": _("owning leader"),
        "routing.leader_led": _("leader-led"),
        "reply_due_on": _("reply due"),
        "times_raised": _("times raised"),
        "request": _("request"),
    }
    custom_field_preprocess = {
        "received_at": {XLSX: local_time, CSV: lambda value: local_time(value).isoformat(" ", "minutes")},
        "status": {XLSX: status_label, CSV: status_label},
        "routing.leader_led": {XLSX: yes_no, CSV: yes_no},
    }

    def to_row_dict(self, item):
        return {field: _value(item, field) for field in self.list_export}


def _value(item, field: str):
    """A cell of the export; empty where the case has no such thing yet (no routing, no village)."""
    try:
        return multigetattr(item, field)
    except AttributeError:
        return None


class AllCasesViewSet(ModelViewSet):
    """Only the list: cases are changed on the staff pages, through the services."""

    model = Case
    name = "all_cases"
    url_prefix = "cases"
    icon = "folder-open-inverse"
    menu_label = _("All cases")
    menu_name = "all-cases"
    menu_order = 150
    add_to_admin_menu = True
    index_view_class = AllCasesIndexView
    filterset_class = CaseFilterSet
    ordering = "-received_at"
    list_per_page = 50
    export_filename = "cases"
    add_to_reference_index = False

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("saved/", saved_filter_create, name="saved-create"),
            path("saved/<int:pk>/delete/", saved_filter_delete, name="saved-delete"),
        ]

    def get_permissions_to_register(self):
        return Permission.objects.none()  # nothing to grant in the group editor: the rule decides

    def register_admin_url_finder(self):
        pass  # no edit view here: a case's page is the staff page


def register() -> None:
    """Called once from ``mediation.wagtail_hooks``."""
    register_permission_policy(Case, CasePermissionPolicy(Case))
    hooks.register("register_admin_viewset", AllCasesViewSet)
    hooks.register("construct_main_menu", case_staff_menu)
