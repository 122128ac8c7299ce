"""The scoring scheme in the Wagtail admin (考核方案 / 考核项目), and the log actions of scoring.

A scheme that scored a published period is locked: its form and its items' forms refuse to save
(``ScoringScheme.clean``), and the director makes a new version from the scores page."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import DeleteView, SnippetViewSet, SnippetViewSetGroup

from stats.models import LOCKED_MESSAGE, ScoringItem, ScoringScheme


class LockedDeleteView(DeleteView):
    """Deleting a locked scheme, or an item of one, is refused like editing it."""

    def form_valid(self, form):
        scheme = self.object if isinstance(self.object, ScoringScheme) else self.object.scheme
        if scheme.locked:
            messages.error(self.request, LOCKED_MESSAGE)
            return HttpResponseRedirect(reverse(self.index_url_name))
        return super().form_valid(form)


class ScoringSchemeViewSet(SnippetViewSet):
    model = ScoringScheme
    icon = "tasks"
    menu_label = _("Scoring schemes")
    list_display = ["name", "version", "valid_from", "base_points"]
    delete_view_class = LockedDeleteView


class ScoringItemViewSet(SnippetViewSet):
    model = ScoringItem
    icon = "list-ul"
    menu_label = _("Scoring items")
    list_display = ["label", "scheme", "trigger", "points", "applies_to", "cap_quarter", "cap_year"]
    list_filter = ["scheme", "trigger", "applies_to"]
    delete_view_class = LockedDeleteView


class ScoringGroup(SnippetViewSetGroup):
    menu_label = _("Unit scoring")
    menu_icon = "tasks"
    menu_order = 230
    items = (ScoringSchemeViewSet, ScoringItemViewSet)


register_snippet(ScoringGroup)


@hooks.register("register_log_actions")
def register_scoring_log_actions(actions):
    actions.register_action("stats.score_compute", _("Compute scores"), _("Scores computed"))
    actions.register_action("stats.score_publish", _("Publish scores"), _("Scores published"))
    actions.register_action("stats.score_adjust", _("Adjust a score"), _("Score adjusted"))
