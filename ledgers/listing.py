"""The ledgers in the Wagtail admin (台账 menu): lists of cases with filters, search and export.

Built like the all-cases list (``mediation.workbench.cases_list``): Wagtail's ``IndexView`` with
django-filter filters and the search box, and the permission policy that asks THE visibility rule
(``CasePermissionPolicy``). What is ours: the rows are ``ledgers.selectors``' (the ledger's scope
and columns; a report's reporter blank for all but its handlers, and for everyone in the reports
register); the export writes those same
rows with ``ledgers.xlsx``, at once for a small ledger, in the background worker with a progress
page for a big one (``ledgers.exports``).
"""

import tempfile

from django.contrib.auth.models import Permission
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from cases.models import Case
from ledgers.exports import SYNC_ROWS, export_file_name, ledger_csv_lines, ledger_write_xlsx
from ledgers.filters import LedgerFilterSet
from ledgers.registers import DATE, DAY, LEDGERS, TIME, Col, Ledger
from ledgers.selectors import cell_function, ledger_base_queryset, ledger_ordering, people_hidden_q
from ledgers.services import ledger_export_request
from mediation.workbench.access import CasePermissionPolicy, case_viewer
from mediation.workbench.cases_list import case_url
from mediation.workbench.filters import case_search

MATTER_SHOWN = 40


def page_cell(col: Col):
    """A cell as the page shows it: the export's value, times to the minute, long text cut short."""
    convert = cell_function(col)

    def shown(case):
        value = convert(getattr(case, col.key))
        if value is None:
            return ""
        if col.kind == TIME:
            return value.strftime("%Y-%m-%d %H:%M")
        if col.kind in (DATE, DAY):
            return value.isoformat()
        if col.width >= MATTER_SHOWN and isinstance(value, str) and len(value) > MATTER_SHOWN:  # the matter, a question
            return value[:MATTER_SHOWN] + "…"
        return value

    return shown


class LedgerIndexView(IndexView):
    """One ledger; the view is given its ``ledger`` by the viewset."""

    ledger: Ledger | None = None
    any_permission_required = ["view"]
    template_name = "mediation/admin/all_cases_index.html"  # Wagtail's, with the workbench's CSS
    is_searchable = True

    @cached_property
    def viewer(self):
        return case_viewer(self.request.user)

    @property
    def page_title(self):
        return self.ledger.title

    def get_base_queryset(self):
        if not self.permission_policy.user_has_permission(self.request.user, "view"):
            return Case.objects.none()
        return ledger_base_queryset(self.request.user, self.ledger, viewer=self.viewer)

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return case_search(queryset, self.search_query, hidden_people=people_hidden_q(self.ledger, self.viewer))

    def order_queryset(self, queryset):
        return queryset.order_by(*ledger_ordering(self.ledger, self.request.GET.get("ordering")))

    @cached_property
    def columns(self):
        columns = []
        for col in self.ledger.columns:
            if not col.on_page:
                continue
            if col.key == "tracking_code":
                columns.append(
                    TitleColumn(
                        col.key,
                        label=col.heading,
                        accessor="display_code",
                        sort_key=col.key,
                        get_url=case_url,
                        classname="case-code",
                    )
                )
            else:
                columns.append(Column(col.key, label=col.heading, accessor=page_cell(col), sort_key=col.key))
        return columns

    @property
    def list_export(self):
        return [col.key for col in self.ledger.columns]  # shows Wagtail's export buttons

    def as_spreadsheet(self, queryset, spreadsheet_format):
        if spreadsheet_format == self.FORMAT_CSV:
            response = StreamingHttpResponse(ledger_csv_lines(self.ledger, queryset), content_type="text/csv")
            response["Content-Disposition"] = _attachment(export_file_name(self.ledger, "csv"))
            return response
        total = queryset.count()
        if total > SYNC_ROWS:
            export = ledger_export_request(
                user=self.request.user, ledger=self.ledger, query=self.request.GET, rows_total=total
            )
            return redirect("ledgers_export", pk=export.pk)
        out = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the response. Constant memory: the rows go to disk as they are written
        ledger_write_xlsx(out, self.ledger, queryset)
        out.seek(0)
        return FileResponse(out, as_attachment=True, filename=export_file_name(self.ledger))


def _attachment(name: str) -> str:
    return content_disposition_header(True, name)


class LedgerViewSet(ModelViewSet):
    """One ledger: only the list; cases change on the staff pages, through the services."""

    model = Case
    icon = "list-ul"
    index_view_class = LedgerIndexView
    filterset_class = LedgerFilterSet
    list_per_page = 50
    add_to_reference_index = False

    def __init__(self, ledger: Ledger, order: int):
        self.ledger = ledger
        self.menu_order = order
        super().__init__(name=f"ledger_{ledger.slug.replace('-', '_')}", url_prefix=f"ledgers/{ledger.slug}")

    @property
    def menu_label(self):
        return self.ledger.title

    @property
    def menu_name(self):
        return f"ledger-{self.ledger.slug}"

    @cached_property
    def permission_policy(self):
        return CasePermissionPolicy(Case)

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(ledger=self.ledger, **kwargs)

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]

    def get_permissions_to_register(self):
        return Permission.objects.none()

    def register_admin_url_finder(self):
        pass


class LedgerGroup(ViewSetGroup):
    menu_label = _("Ledgers")
    menu_icon = "list-ul"
    menu_order = 170
    items = tuple(LedgerViewSet(ledger, order) for order, ledger in enumerate(LEDGERS.values()))


def ledger_index_url(ledger: Ledger) -> str:
    return reverse(f"ledger_{ledger.slug.replace('-', '_')}:index")
