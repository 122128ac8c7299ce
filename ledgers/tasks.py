"""Background work of the ledgers (django-tasks): writing a big export (``manage.py db_worker``)."""

from django.tasks import task

from ledgers.services import ledger_export_write


@task()
def ledger_export_task(export_id: str) -> int:
    """Write one ``LedgerExport``; the rows written."""
    return ledger_export_write(export_id=export_id).rows_done
