"""What each live screen shows, rendered with the same templates its page includes.

A page renders its regions server-side (so it works without JavaScript); a consumer sends the
same regions as a snapshot, then single rows or re-rendered regions as things change. Messages:

* ``{"type": "snapshot", "regions": {name: html}, "texts": {name: text}}``
* ``{"type": "update", "rows": [{"id", "region" | None, "html", "sort"}], "regions": ..., "texts": ...,
  "announce": {...}}`` (a row with region None leaves the screen)

The functions here are synchronous (the consumers run them in a worker thread) and take the
language to render in; nothing here decides who may see what: the selectors do.
"""

from datetime import UTC, datetime

from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from lobby import queues, selectors
from lobby.models import AlertRecipient, ServiceWindow
from lobby.queues import case_visible_to


def render(template: str, context: dict, language: str) -> str:
    with translation.override(language):
        return render_to_string(template, context)


def _sort(moment, pk: int) -> str:
    """A key that sorts as text in time order (the client inserts rows by it)."""
    return f"{moment.timestamp() if moment else 0:017.6f}|{pk:012d}"


def _texts(counts: dict) -> dict[str, str]:
    return {name: str(value) for name, value in counts.items()}


# --- a unit's queue -----------------------------------------------------------------------------


def _row_texts() -> dict[str, str]:
    """A queue row's fixed words in the active language: translated once per list, not per row."""
    return {
        "code": _("Tracking code"),
        "leader_led": _("leader-led"),
        "received": _("Received"),
        "request": _("Request"),
        "reply_due": _("Reply due"),
        "overdue": _("overdue"),
        "due_soon": _("due soon"),
        "status": _("Status"),
        "handled_by": _("Handled by"),
        "pick": _("Pick"),
    }


def queue_rows_html(region: str, cases, clock, language: str, csrf_token: str = "") -> list[dict]:
    """The rows of ``cases`` in ``region``: one template, looked up once, in one language switch,
    with the words and the queue's own address worked out once for all the rows."""
    template = get_template("lobby/includes/queue_row.html")
    found = []
    back: dict[int, str] = {}  # the lead unit's live queue, where a pick comes back to
    with translation.override(language):
        texts = _row_texts()
        for case in cases:
            routing = case.routing
            sort = _sort(routing.queued_at if region == "waiting" else routing.picked_at, case.pk)
            unit = routing.lead_unit_id
            if unit not in back:
                back[unit] = reverse("lobby:queue", args=[routing.lead_unit.code])
            context = {
                "case": case,
                "region": region,
                "due": clock.state(case),
                "sort": sort,
                "csrf_token": csrf_token,
                "t": texts,
                "back": back[unit],
            }
            found.append({"id": case.pk, "region": region, "html": template.render(context), "sort": sort})
    return found


def queue_snapshot(user, unit, *, language: str, csrf_token: str = "") -> dict:
    """The queue's regions; a page passes its CSRF token (a socket's rows get it from the page)."""
    lists = queues.queue_lists_for_user(user, unit)
    regions = {}
    for region in ("waiting", "held"):
        found = queue_rows_html(region, getattr(lists, region), lists.clock, language, csrf_token)
        rows = [row["html"] for row in found]
        more = getattr(lists, f"more_{region}")
        regions[region] = render(
            "lobby/includes/queue_rows.html", {"rows": rows, "region": region, "more": more}, language
        )
    return {"regions": regions, "texts": _texts(lists.counts), "ids": sorted(lists.ids)}


def queue_row(case_id: int, region: str, *, language: str) -> dict | None:
    """The row of a case the caller has found visible (rendered once per change for everyone)."""
    case = queues.queue_case(case_id)
    if case is None:
        return None
    return queue_rows_html(region, [case], queues.Clock.now(), language)[0]


# --- the director's screen ----------------------------------------------------------------------


def center_snapshot(user, *, language: str) -> dict:
    summary = queues.center_summary_for_user(user)
    context = {"summary": summary}
    return {
        "regions": {
            "units": render("lobby/includes/center_units.html", context, language),
            "urgent": render("lobby/includes/center_urgent.html", context, language),
        },
        "texts": _texts(summary.totals),
    }


def center_update(user, case_id: int, change: str, at: float, key: str, *, language: str) -> dict | None:
    """The director's screen after a change: None if the case is not one the person may see."""
    case = queues.case_for_feed(user, case_id)
    if case is None:
        return None
    snapshot = center_snapshot(user, language=language)
    moment = datetime.fromtimestamp(at, tz=UTC)
    sort = _sort(moment, case.pk)
    context = {"case": case, "change": change, "at": moment, "key": key, "sort": sort}
    html = render("lobby/includes/center_feed_row.html", context, language)
    row = {"id": key, "region": "feed", "html": html, "sort": sort}
    return {**snapshot, "rows": [row]}


# --- the lobby display and a window's console ---------------------------------------------------

BOARD_REGIONS = ("latest", "windows", "recent", "services", "duty", "notices")


def board_snapshot(*, language: str) -> dict:
    board = selectors.lobby_board()
    return {
        "regions": {
            name: render(f"lobby/includes/board_{name}.html", {"board": board}, language) for name in BOARD_REGIONS
        }
    }


def announcement(ticket: str, window_id: int, call: str, *, language: str) -> dict:
    """What the display says aloud and shows big when a ticket is called (labels only)."""
    window = ServiceWindow.objects.filter(pk=window_id).values_list("name", flat=True).first() or ""
    with translation.override(language):
        text = translation.gettext("Ticket %(ticket)s, please go to %(window)s.") % {"ticket": ticket, "window": window}
    return {"ticket": ticket, "window": window, "call": call, "text": text}


WINDOW_REGIONS = ("current", "services", "recent")


def window_snapshot(window: ServiceWindow, *, language: str, csrf_token: str = "") -> dict:
    console = selectors.window_console(window)
    context = {"console": console, "csrf_token": csrf_token}
    return {
        "regions": {name: render(f"lobby/includes/window_{name}.html", context, language) for name in WINDOW_REGIONS}
    }


# --- alerts and presence ------------------------------------------------------------------------


def alert_board_snapshot(user, *, language: str) -> dict:
    alerts = selectors.alert_board_for_user(user)
    return {"regions": {"alerts": render("lobby/includes/alert_board.html", {"alerts": alerts}, language)}}


def alert_message(recipient: AlertRecipient, user, *, language: str) -> dict:

    alert = recipient.alert
    visible = case_visible_to(user, alert.case_id)
    html = render(
        "lobby/includes/alert_modal.html", {"alert": alert, "recipient": recipient, "case_visible": visible}, language
    )
    return {"id": alert.pk, "html": html, "ack_url": reverse("lobby:alert-acknowledge", args=[alert.pk])}


def presence_snapshot(others: list[str], *, language: str) -> dict:
    return {"regions": {"presence": render("lobby/includes/presence.html", {"others": others}, language)}}
