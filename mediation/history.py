"""The audit trail made readable: each event's label (from ``cases.events``) and its details, never raw JSON."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from cases.events import event_label
from cases.models import CaseEvent, CaseKind
from cases.rules import status as st
from mediation.models import FollowUp, Reply

SECTION_LABELS = {
    "understood_request": _("The request as understood"),
    "facts": _("The facts found"),
    "basis": _("Policy and legal basis"),
    "decision": _("Handling decision"),
    "remedies": _("Remedies"),
}


@dataclass(frozen=True)
class Entry:
    event: CaseEvent
    label: str
    details: list[tuple[str, str]]


def _status(value) -> str:
    return st.STATUS_LABELS.get(value, str(value)) if value else "—"


def _name(value) -> str:
    if isinstance(value, dict):
        return str(value.get("name") or value.get("code") or "—")
    return str(value) if value else "—"


def _when(value) -> str:
    moment = parse_datetime(value) if isinstance(value, str) else None
    if moment is None:
        return str(value)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return date_format(moment, "Y-m-d H:i")


def _day(value) -> str:
    day = parse_date(value) if isinstance(value, str) else None
    return date_format(day, "Y-m-d") if day else str(value)


def _choice(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def _yes_no(value) -> str:
    return str(_("yes") if value else _("no"))


def _change_rows(before, after) -> list[tuple[str, str]]:
    """The event's ``from`` → ``to``: a status move, or the changed routing fields or person."""
    rows: list[tuple[str, str]] = []
    if isinstance(before, str) or isinstance(after, str):
        if before != after:
            rows.append((str(_("Status")), f"{_status(before)} → {_status(after)}"))
    elif isinstance(before, dict) or isinstance(after, dict):
        before, after = before or {}, after or {}
        if "kind" in before or "kind" in after:
            rows.append(
                (
                    str(_("Case kind")),
                    f"{_choice(CaseKind, before.get('kind'))} → {_choice(CaseKind, after.get('kind'))}",
                )
            )
        if "lead_unit" in before or "lead_unit" in after:
            rows.append((str(_("Lead unit")), f"{before.get('lead_unit') or '—'} → {after.get('lead_unit') or '—'}"))
        if "name" in before or "name" in after:
            rows.append((str(_("Person")), f"{_name(before)} → {_name(after)}"))
    return rows


def describe(event: CaseEvent) -> list[tuple[str, str]]:
    """The event's details as (label, text) pairs, in a fixed order; keys not known are left out."""
    d = event.data or {}
    rows = _change_rows(d.get("from"), d.get("to"))
    simple = [
        ("made_by", _("Made by"), str),
        ("at", _("When"), _when),
        ("place", _("Place"), str),
        ("request_clear", _("The request is clear"), _yes_no),
        (
            "method",
            _("How"),
            lambda v: _choice(Reply.Delivery, v) if event.kind == "reply_delivered" else _choice(FollowUp.Method, v),
        ),
        ("delivered_on", _("Delivered on"), _day),
        ("satisfaction", _("Satisfaction"), lambda v: _choice(FollowUp.Satisfaction, v)),
        ("unit", _("Unit"), _name),
        ("to_unit", _("Request to"), _name),
        ("lead_unit", _("Lead unit"), _name),
        ("signer", _("Signed by"), _name),
        ("by", _("By"), _name),
        ("held_by", _("Held by"), _name),
        ("reason", _("Reason"), str),
    ]
    for key, label, show in simple:
        value = d.get(key)
        if value in (None, "") or (key == "lead_unit" and not isinstance(value, dict)):
            continue
        rows.append((str(label), show(value)))
    if event.kind == "legal_aid_decided" and d.get("decision"):
        granted = d["decision"] == "granted"
        rows.insert(0, (str(_("Decision")), str(_("legal aid granted") if granted else _("legal aid refused"))))
    if d.get("changed"):
        rows.append((str(_("Sections changed")), "、".join(str(SECTION_LABELS.get(n, n)) for n in d["changed"])))
    if d.get("delegation"):
        rows.append((str(_("Signed by delegation")), str(_("yes"))))
    if d.get("by_petitioner"):
        rows.append((str(_("Reopened by")), str(_("the petitioner, on the tracking page"))))
    return rows


def history_entries(events) -> list[Entry]:
    return [Entry(event, event_label(event.kind), describe(event)) for event in events]
