"""The to-do lists on the Wagtail admin dashboard: one panel with each of the person's lists and
its count, linking to the full list on the staff inbox (``mediation.selectors.todo``)."""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from mediation.selectors.todo import todo_counts, todo_total


class TodoPanel(Component):
    name = "todo"
    order = 40
    template_name = "mediation/admin/todo_panel.html"

    def __init__(self, lists) -> None:
        self.lists = lists

    def get_context_data(self, parent_context):
        inbox = reverse("mediation:inbox")
        return {
            "rows": [(item, f"{inbox}#todo-{item.key}") for item in self.lists],
            "total": todo_total(self.lists),
            "inbox": inbox,
        }


def todo_panel(request, panels) -> None:
    """``construct_homepage_panels``: the panel for anyone with a to-do list (counts in one query)."""
    lists = todo_counts(request.user)
    if lists:
        panels.append(TodoPanel(lists))
