"""The week template of the duty roster and its exceptions in the Wagtail admin (大厅与屏幕 is the
lobby's own menu; this one is 领导职责). Saving either fills the roster of the coming weeks."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, DeleteView, EditView, SnippetViewSet, SnippetViewSetGroup

from leadership.models import DutyException, DutyWeekday
from leadership.services import duty_roster_fill

FILL_WEEKS = 4


class FillingCreateView(CreateView):
    def save_instance(self):
        instance = super().save_instance()
        duty_roster_fill(weeks=FILL_WEEKS)
        return instance


class FillingEditView(EditView):
    def save_instance(self):
        instance = super().save_instance()
        duty_roster_fill(weeks=FILL_WEEKS)
        return instance


class FillingDeleteView(DeleteView):
    def delete_action(self):
        super().delete_action()
        duty_roster_fill(weeks=FILL_WEEKS)


class FillingViewSet(SnippetViewSet):
    add_view_class = FillingCreateView
    edit_view_class = FillingEditView
    delete_view_class = FillingDeleteView


class DutyWeekdayViewSet(FillingViewSet):
    model = DutyWeekday
    icon = "date"
    menu_label = _("Duty week template")
    list_display = ["weekday", "leader"]


class DutyExceptionViewSet(FillingViewSet):
    model = DutyException
    icon = "warning"
    menu_label = _("Duty exceptions")
    list_display = ["date", "leader", "note"]


class LeadershipGroup(SnippetViewSetGroup):
    menu_label = _("Leaders' duties")
    menu_icon = "group"
    menu_order = 215
    items = (DutyWeekdayViewSet, DutyExceptionViewSet)


register_snippet(LeadershipGroup)
