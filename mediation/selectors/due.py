"""A case's next due date: the earliest due date of its open clocks, its reply date while it has none.

``case_next_due`` is THE definition. ``mediation.services.due`` stores its value on the case's
routing (``Routing.next_due_on``) in the same transaction as every change of a clock, so that the
queues, their counts and the director's screen read a column through an index instead of running
this subquery once per case (a million times for a district's queue).
"""

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from cases.models import Case, CaseEvent
from mediation.models import CaseClock
from mediation.rules import clocks as clock_rules


def open_clocks(clocks=None) -> QuerySet[CaseClock]:
    """Clocks not met: no ``met_at`` and no meeting event recorded since the clock started."""
    qs = CaseClock.objects.filter(met_at__isnull=True)
    if clocks is not None:
        qs = qs.filter(clock__in=list(clocks))
    for clock, kinds in clock_rules.MET_BY.items():
        meeting = CaseEvent.objects.filter(case=OuterRef("case"), kind__in=kinds, at__date__gte=OuterRef("started_on"))
        qs = qs.exclude(Q(clock=clock) & Exists(meeting))
    return qs


def case_next_due(case_ref: str = "pk"):
    """The expression of the next due date of the case whose id is the outer query's ``case_ref``."""
    earliest = open_clocks().filter(case=OuterRef(case_ref)).order_by("due_on").values("due_on")[:1]
    reply = Case.objects.filter(pk=OuterRef(case_ref)).values("reply_due_on")[:1]
    return Coalesce(Subquery(earliest), Subquery(reply))
