"""The online form page's GET, served from a cache of its rendered HTML.

The page is the same for every visitor except four things, which the cached HTML holds as marks
and each request fills in: the CSRF token, the one-time form token, the language switch's
``next`` path and any pending messages. A cached copy belongs to one language, host and path, and
to one version of what the page shows: any change to a page, a view restriction, a site or the
village list sets a new version (signals in ``cms.apps``), so the next GET renders afresh. The
version lives in the shared cache, so every server process sees it; the HTML stays in the
process (a dict, no network round trip) and expires on its own after ``ENTRY_SECONDS``, which
bounds staleness after a change made where no signal fires (a bulk update, another process on a
process-local cache).

A page with any view restriction (its own or an ancestor's) is never cached: Wagtail's check
runs on every request then.
"""

import copy
import re
import threading
import time
import uuid

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.translation import get_language
from wagtail.models import Locale, Page, PageViewRestriction, Site

from departments.models import Area, Village
from intake.tokens import form_token_new
from intake.views.public import public_form_blank

VERSION_KEY = "cms.caseform.version"
ENTRY_SECONDS = 600
MAX_ENTRIES = 64

# Private-use characters: nothing an editor or a visitor types, left alone by HTML escaping.
CSRF_MARK = "\ue000ow:csrf\ue000"
TOKEN_MARK = "\ue000ow:token\ue000"  # noqa: S105  (a mark, not a secret)
NEXT_MARK = "\ue000ow:next\ue000"
MESSAGES_MARK = "\ue000ow:messages\ue000"
_MARKS = re.compile("\ue000ow:(csrf|token|next|messages)\ue000")

_entries: dict[tuple[str, str, str], tuple[str, float, str, Page]] = {}
_lock = threading.Lock()


def version_bump(**_kwargs) -> None:
    """Forget every cached copy: now, and again once the change is committed (a request that read
    the old rows in between must not keep its copy)."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    transaction.on_commit(lambda: cache.set(VERSION_KEY, uuid.uuid4().hex, None))


def _version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY) or uuid.uuid4().hex
    return version


def _key(request) -> tuple[str, str, str]:
    return (get_language() or "", request.get_host(), request.path_info)


def _fill(request, html: str) -> HttpResponse:
    """The visitor's own copy: marks replaced in one pass, so no filled-in value is read again."""
    storage = get_messages(request)
    values = {
        "csrf": get_token(request),
        "token": escape(form_token_new()),
        "next": escape(request.get_full_path()),
        "messages": render_to_string("includes/messages.html", {"messages": storage}) if storage else "",
    }
    response = HttpResponse(_MARKS.sub(lambda match: values[match.group(1)], html))
    response["Cache-Control"] = "no-store"
    return response


def _current(request) -> tuple[str, float, str, Page] | None:
    entry = _entries.get(_key(request))
    if entry is None or entry[1] < time.monotonic() or entry[0] != _version():
        return None
    return entry


def cached_response(request) -> HttpResponse | None:
    """The form page from the cache for this GET, or None (then Wagtail routes and serves it)."""
    entry = _current(request)
    return None if entry is None else _fill(request, entry[2])


def cached_page(request) -> Page | None:
    """The form page that this path showed when its copy was cached, or None (Wagtail routes).

    A copy exists only for a page without view restrictions and only while nothing it shows or
    where it is served has changed, so the page is what Wagtail's routing would find. The caller
    gets its own shallow copy: nothing a request sets on it reaches another request.
    """
    entry = _current(request)
    return None if entry is None else copy.copy(entry[3])


def form_page_response(request, *, page, template: str, context: dict) -> HttpResponse:
    """Render the form page with marks, keep the copy when the page may be cached, fill it in."""
    version = _version()  # read before rendering: a change during the render outdates this copy
    form = public_form_blank(token=TOKEN_MARK, allow_files=True)
    marks = {"csrf_token": CSRF_MARK, "form_marks": {"next": NEXT_MARK, "messages": MESSAGES_MARK}}
    html = render_to_string(template, {**context, **marks, "form": form}, request=request)
    if not page.get_view_restrictions().exists():
        with _lock:
            if len(_entries) >= MAX_ENTRIES:
                _entries.clear()
            _entries[_key(request)] = (version, time.monotonic() + ENTRY_SECONDS, html, page)
    return _fill(request, html)


def watched_models(all_models) -> list[type]:
    """The models whose rows can change what the form page shows, or where it is served.

    Every concrete page type is listed: a save signal's sender is the instance's own class.
    Receivers are connected per model, not to every model: one connected to all would make
    Django load and signal each row of every bulk delete in the project.
    """
    watched = (Page, PageViewRestriction, Site, Locale, Village, Area)
    return [model for model in all_models if issubclass(model, watched)]


def on_model_change(sender, **_kwargs) -> None:
    """A saved or deleted row of a watched model."""
    version_bump()
