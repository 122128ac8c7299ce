"""Writes of the ledgers: asking for a big export, and the worker's writing it."""

import logging

from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone

from ledgers.exports import export_dir, ledger_write_xlsx
from ledgers.models import LedgerExport
from ledgers.registers import LEDGERS, Ledger
from ledgers.selectors import ledger_queryset

logger = logging.getLogger(__name__)
IGNORED_PARAMS = ("export", "p")


@transaction.atomic
def ledger_export_request(*, user, ledger: Ledger, query: QueryDict, rows_total: int) -> LedgerExport:
    """A big export for ``user``: recorded now, written by the worker once the record is committed."""
    from ledgers.tasks import ledger_export_task  # deferred: the task module imports this one

    kept = query.copy()
    for name in IGNORED_PARAMS:
        kept.pop(name, None)
    export = LedgerExport.objects.create(
        user=user, ledger=ledger.slug, query=kept.urlencode(), rows_total=rows_total, created_at=timezone.now()
    )
    transaction.on_commit(lambda: ledger_export_task.enqueue(str(export.pk)))
    return export


def ledger_export_write(*, export_id) -> LedgerExport:
    """Write the export's file as its owner may see the ledger now, counting rows for the progress page.

    Not one transaction: the progress must be visible while the rows are written. A failure marks
    the export failed (the page says so) and leaves no half-written file behind.
    """
    export = LedgerExport.objects.select_related("user").get(pk=export_id)
    if export.state != LedgerExport.State.WAITING:
        return export
    ledger = LEDGERS[export.ledger]
    LedgerExport.objects.filter(pk=export.pk).update(state=LedgerExport.State.RUNNING)
    user = get_user_model().objects.get(pk=export.user_id)  # a fresh object: no standing cached
    queryset = ledger_queryset(user, ledger, QueryDict(export.query))
    path = export_dir() / f"{export.pk}.xlsx"
    progress = LedgerExport.objects.filter(pk=export.pk)
    try:
        with open(path, "wb") as out:
            written = ledger_write_xlsx(out, ledger, queryset, on_rows=lambda n: progress.update(rows_done=n))
    except Exception:
        logger.exception("ledger export %s failed", export.pk)
        path.unlink(missing_ok=True)
        progress.update(state=LedgerExport.State.FAILED, finished_at=timezone.now())
        raise
    progress.update(
        state=LedgerExport.State.DONE,
        rows_done=written,
        rows_total=written,
        file_name=path.name,
        finished_at=timezone.now(),
    )
    export.refresh_from_db()
    return export
