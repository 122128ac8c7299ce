"""Saved filters on the all-cases list: a person names the search and filters in front of them and
opens them again with one click. Each is its owner's alone; opening one runs the list again, so
the visibility rule decides what it shows on the day it is opened."""

from django.contrib import messages
from django.http import HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mediation.models import SavedCaseFilter
from mediation.workbench.access import has_case_work

NAME_MAX = 60
QUERY_MAX = 2000
MAX_PER_PERSON = 30
# Not part of what a filter finds: the page shown, an export, Wagtail's AJAX marker.
NOT_SAVED = {"p", "export", "csrfmiddlewaretoken", "_", "_w_filter_fragment", "query", "name"}


def saved_query(params: QueryDict) -> str:
    """The search and filters of a list's query string, without paging or export."""
    kept = params.copy()
    for key in NOT_SAVED:
        kept.pop(key, None)
    for key in [key for key, values in kept.lists() if not any(value.strip() for value in values)]:
        kept.pop(key)
    return kept.urlencode()


def saved_filters_for(user) -> list[SavedCaseFilter]:
    return list(SavedCaseFilter.objects.filter(user=user).only("pk", "name", "query"))


def _index(query: str = "") -> HttpResponseRedirect:
    url = reverse("all_cases:index")
    return HttpResponseRedirect(f"{url}?{query}" if query else url)


@require_POST
def saved_filter_create(request):
    if not has_case_work(request.user):
        return HttpResponseRedirect(reverse("wagtailadmin_home"))
    name = request.POST.get("name", "").strip()
    query = saved_query(QueryDict(request.POST.get("query", "")))
    if not name:
        messages.error(request, _("Give the filter a name to save it."))
        return _index(query)
    if len(name) > NAME_MAX:
        messages.error(request, _("A filter's name can be at most %(max)d characters.") % {"max": NAME_MAX})
        return _index(query)
    if len(query) > QUERY_MAX:
        messages.error(request, _("These filters are too long to save."))
        return _index(query)
    mine = SavedCaseFilter.objects.filter(user=request.user)
    if not mine.filter(name=name).exists() and mine.count() >= MAX_PER_PERSON:
        text = _("You can keep at most %(max)d saved filters: delete one first.")
        messages.error(request, text % {"max": MAX_PER_PERSON})
        return _index(query)
    SavedCaseFilter.objects.update_or_create(user=request.user, name=name, defaults={"query": query})
    messages.success(request, _("Filter “%(name)s” saved.") % {"name": name})
    return _index(query)


@require_POST
def saved_filter_delete(request, pk: int):
    saved = get_object_or_404(SavedCaseFilter, pk=pk, user=request.user)
    saved.delete()
    messages.success(request, _("Filter “%(name)s” deleted.") % {"name": saved.name})
    return _index()
