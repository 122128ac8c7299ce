"""Reads of the ledgers, through THE visibility rule (``cases.selectors``).

``ledger_queryset`` is what a page lists and an export writes: the cases the person may see, in the
ledger's scope, with its columns annotated (a report's reporter blank for all but its handlers,
``reporter_hidden_q``; in a register that names no reporter, for everyone), narrowed by the same
filters and search as the page. ``ledger_rows`` turns it into spreadsheet rows: plain tuples read
in chunks, so memory stays flat.
"""

import datetime
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise

from cases.models import Case
from cases.permissions import Viewer
from cases.rules.tracking import tracking_code_display
from cases.selectors import case_list_for_user, report_q, reporter_hidden_q
from ledgers.filters import LedgerFilterSet
from ledgers.registers import DAY, LIST, TIME, Col, Ledger, common_annotations
from mediation.workbench.access import case_viewer
from mediation.workbench.filters import case_search

CHUNK = 5000


def people_hidden_q(ledger: Ledger, viewer: Viewer | None) -> Q:
    """The cases whose people the reader may not know in this ledger: every report's, in a register
    that names no reporter; else those ``reporter_hidden_q`` hides from ``viewer``."""
    return reporter_hidden_q(viewer) if ledger.names_reporters else report_q()


def ledger_base_queryset(user, ledger: Ledger, *, viewer: Viewer | None = None) -> QuerySet[Case]:
    """The ledger's cases ``user`` may see, with its columns: before filters, search and ordering."""
    viewer = viewer or case_viewer(user)
    visible = case_list_for_user(user, viewer=viewer).filter(ledger.scope)
    return visible.annotate(**common_annotations(people_hidden_q(ledger, viewer)), **ledger.extra())


def ledger_queryset(user, ledger: Ledger, params: Mapping[str, str]) -> QuerySet[Case]:
    """As the ledger's page lists it for these query parameters (filters, ``q``, ``ordering``)."""
    viewer = case_viewer(user)
    queryset = ledger_base_queryset(user, ledger, viewer=viewer)
    filters = LedgerFilterSet(params, queryset=queryset)
    if filters.is_valid():
        queryset = filters.filter_queryset(queryset)
    text = (params.get("q") or "").strip()
    if text:
        queryset = case_search(queryset, text, hidden_people=people_hidden_q(ledger, viewer))
    return queryset.order_by(*ledger_ordering(ledger, params.get("ordering")))


def ledger_ordering(ledger: Ledger, asked: str | None) -> tuple[str, ...]:
    """The page's sort (a column of the ledger, ``-`` for descending), else the ledger's own; then by pk."""
    keys = {col.key for col in ledger.columns}
    if asked and asked.lstrip("-") in keys:
        return (asked, "-pk")
    return (ledger.ordering, "-pk")


def local_time(value: datetime.datetime | None) -> datetime.datetime | None:
    """Excel has no time zones: the time as read on the center's clock (Beijing)."""
    return timezone.localtime(value).replace(tzinfo=None) if value is not None else None


def _local_time_function() -> Callable:
    zone = timezone.get_current_timezone()  # read once per export, not once per cell

    def local(value):
        return value.astimezone(zone).replace(tzinfo=None) if value is not None else None

    return local


@contextmanager
def jit_off():
    """PostgreSQL's JIT compiles the ledger's query for seconds (2.8 s of 4.9 s for 100,000 rows,
    ``bench/run ledger``) and gains nothing on its per-row subqueries: off while an export reads."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET jit = off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET jit")


def _local_day_function() -> Callable:
    local = _local_time_function()

    def day(value):
        return local(value).date() if value is not None else None

    return day


def _identity(value):
    return value


def _joined(value) -> str:
    """A list kept as JSON (a warning slip's reasons), one cell: the items joined by "；"."""
    if not value:
        return ""
    return "；".join(str(item) for item in value) if isinstance(value, list) else str(value)


def cell_function(col: Col) -> Callable:
    """How ``col``'s stored value becomes a cell: names for codes, dates as dates, local times and days."""
    if col.key == "tracking_code":
        return tracking_code_display
    if col.kind == TIME:
        return _local_time_function()
    if col.kind == DAY:
        return _local_day_function()
    if col.kind == LIST:
        return _joined
    if col.labels is not None:
        labels = {code: str(label) for code, label in col.labels.items()}  # translated once
        return lambda value: labels.get(value, "" if value is None else str(value))
    return _identity  # text, dates and numbers are cells as they are read


def ledger_headings(ledger: Ledger) -> list[str]:
    return [str(col.heading) if isinstance(col.heading, Promise) else col.heading for col in ledger.columns]


def ledger_rows(queryset: QuerySet[Case], ledger: Ledger) -> Iterator[list]:
    """The rows of the export, one per case, read ``CHUNK`` at a time (server-side on PostgreSQL)."""
    converted = [(i, cell_function(col)) for i, col in enumerate(ledger.columns)]
    converted = [(i, cell) for i, cell in converted if cell is not _identity]
    keys = [col.key for col in ledger.columns]
    with jit_off():
        for values in queryset.values_list(*keys).iterator(chunk_size=CHUNK):
            row = list(values)
            for i, cell in converted:
                row[i] = cell(row[i])
            yield row
