"""Keep ``Routing.next_due_on`` equal to ``mediation.selectors.due.case_next_due``.

Called in the transaction of every write that can move it: clocks created, updated or met, a
reply date moved, an extension approved, a routing created for a case that already has clocks.
One UPDATE for any number of cases.
"""

from collections.abc import Iterable

from cases.models import Routing
from mediation.selectors.due import case_next_due


def next_due_store(case_ids: Iterable[int]) -> int:
    """Recompute and store the next due date of the listed cases' routings; how many were stored."""
    ids = sorted(set(case_ids))
    if not ids:
        return 0
    return Routing.objects.filter(pk__in=ids).update(next_due_on=case_next_due("pk"))
