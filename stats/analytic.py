"""Queries that read a whole period of rows: PostgreSQL's parallel query, turned on where it pays.

PostgreSQL can split one query over several processes (``max_parallel_workers_per_gather``). The
portal's pages read a page of rows through an index; for them, starting those processes costs more
than the query itself (a unit's queue at a million cases: 20 ms more per page, with two extra
processes taking cores from the other requests), so every connection starts with it off
(``center.settings``). The statistics scan a period's rows and group them, where two processes
nearly halve the time: they run inside ``analytic()``, which turns it on for their transaction only
(``SET LOCAL``, undone when the transaction ends, so a pooled connection goes back as it came).

They also get more memory per sort or hash (``work_mem``, 64 MB instead of PostgreSQL's 4 MB). A
figure such as "completed" asks whether each case is among those with an answering event
(``IN (SELECT case_id ...)``); PostgreSQL hashes that list only when it fits in ``work_mem``, and
otherwise scans it again for every case. At a million cases the list no longer fits in 4 MB and the
year page's first query took more than seven minutes instead of a second.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, transaction


@contextmanager
def analytic() -> Iterator[None]:
    """A transaction in which PostgreSQL may run each query in parallel; used as a decorator too.

    Elsewhere nothing is opened: SQLite has no parallel query, and the embedded default's
    transactions take the write lock when they begin, which a long read must not hold.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('max_parallel_workers_per_gather', %s, true), set_config('work_mem', %s, true)",
                [str(settings.DB_ANALYTIC_PARALLEL_WORKERS), settings.DB_ANALYTIC_WORK_MEM],
            )
        yield
