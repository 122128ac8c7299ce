"""Writing a ledger to a spreadsheet: at once for a small one, in the background worker for a big one.

Both write the rows of ``ledgers.selectors.ledger_queryset`` with ``ledgers.xlsx`` (constant
memory): a small export (up to ``SYNC_ROWS`` rows) is written to a temporary file and sent; a big
one becomes a ``LedgerExport`` that the worker writes under ``PRIVATE_MEDIA_ROOT/ledgers/``,
counting its rows as it goes, for the progress page and then the download.
"""

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from django.conf import settings
from django.utils import timezone

from ledgers.registers import Ledger
from ledgers.selectors import ledger_headings, ledger_rows
from ledgers.xlsx import write_xlsx

SYNC_ROWS = 5000
PROGRESS_EVERY = 2000


def export_file_name(ledger: Ledger, extension: str = "xlsx") -> str:
    """What the clerk's download is called: the ledger's title and the day, e.g. 登记台账-2026-11-30.xlsx."""
    return f"{ledger.title}-{timezone.localdate().isoformat()}.{extension}"


def export_dir() -> Path:
    path = Path(settings.PRIVATE_MEDIA_ROOT) / "ledgers"
    path.mkdir(parents=True, exist_ok=True)
    return path


def ledger_write_xlsx(out: IO[bytes], ledger: Ledger, queryset, *, on_rows=None) -> int:
    """The ledger's rows of ``queryset`` into ``out``: Chinese headings, one row per case; the rows written."""
    return write_xlsx(
        out,
        title=str(ledger.title),
        headings=ledger_headings(ledger),
        rows=ledger_rows(queryset, ledger),
        widths=[col.width for col in ledger.columns],
        on_rows=on_rows,
        every=PROGRESS_EVERY,
    )


class _Echo:
    def write(self, value):
        return value


def ledger_csv_lines(ledger: Ledger, queryset) -> Iterator[str]:
    """The same rows as CSV, line by line (a byte-order mark first, so Excel reads the Chinese)."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(ledger_headings(ledger))
    for row in ledger_rows(queryset, ledger):
        yield writer.writerow(["" if value is None else value for value in row])
