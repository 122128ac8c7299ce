"""Deadline marks on case lists: due soon or overdue, read for a whole page in one query."""

from django import template
from django.utils import timezone

from mediation.calendar import due_soon_cutoff
from mediation.clocktext import clock_label, state_label
from mediation.rules import clocks as rules
from mediation.selectors.todo import open_clocks

register = template.Library()
_RANK = {rules.DUE_SOON: 1, rules.OVERDUE: 2}


@register.simple_tag
def clock_marks(cases) -> dict[int, dict]:
    """For each listed case with an open clock due soon or overdue today: the worst state and its clocks.

    Open as the to-do lists and the live screens count it (``mediation.selectors.todo.open_clocks``):
    a clock whose meeting event is recorded no longer marks the case, even before the sweep.
    """
    ids = [case.pk for case in cases]
    marks: dict[int, dict] = {}
    if not ids:
        return marks
    today = timezone.localdate()
    not_soon_from = due_soon_cutoff(today)
    rows = open_clocks().filter(case_id__in=ids, due_on__lt=not_soon_from).values_list("case_id", "due_on", "clock")
    for case_id, due_on, clock in rows:
        state = rules.clock_state(due_on, today, not_soon_from)
        mark = marks.setdefault(case_id, {"state": state, "clocks": []})
        if _RANK[state] > _RANK[mark["state"]]:
            mark["state"] = state
        mark["clocks"].append(clock_label(clock))
    for mark in marks.values():
        mark["label"] = state_label(mark["state"])
    return marks


@register.filter
def clock_mark(marks: dict, case_id: int):
    return marks.get(case_id) if marks else None
