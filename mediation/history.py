"""The audit trail made readable: each event's label (from ``cases.events``) and its details, never raw JSON."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cases.events import event_label
from cases.models import CaseEvent, CaseKind
from cases.rules import status as st
from departments.models import Leader, Unit
from mediation.clocktext import clock_label
from mediation.legaltext import document_label
from mediation.models import Extension, FollowUp, Objection, Reply
from mediation.org import leader_ref, parse_leader_ref

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


@dataclass(frozen=True)
class Names:
    """What people read for the codes events store: unit codes and ``leader:<pk>`` refs."""

    units: dict[str, str] = field(default_factory=dict)
    leaders: dict[str, str] = field(default_factory=dict)

    def unit(self, code) -> str:
        return self.units.get(code, str(code)) if code else "—"

    def unit_list(self, codes) -> str:
        return "、".join(self.unit(code) for code in codes or ()) or "—"

    def leader(self, ref) -> str:
        return self.leaders.get(ref, str(ref)) if ref else "—"


def _unit_codes(data: dict) -> set[str]:
    """Every unit code an event's data names, at the top level or in its ``from``/``to``."""
    codes: set[str] = set()
    for part in (data, data.get("from"), data.get("to")):
        if not isinstance(part, dict):
            continue
        for key in ("lead_unit", "line_office"):
            if isinstance(part.get(key), str):
                codes.add(part[key])
        for key in ("assisting_units", "units"):
            if isinstance(part.get(key), list):
                codes.update(code for code in part[key] if isinstance(code, str))
    return codes


def _leader_refs(data: dict) -> set[str]:
    parts = (data, data.get("from"), data.get("to"))
    return {p["owner"] for p in parts if isinstance(p, dict) and isinstance(p.get("owner"), str)}


def names_for(events, *, leaders: bool = True) -> Names:
    """The names of every unit (and leader) the events name, in two queries at most."""
    codes: set[str] = set()
    refs: set[str] = set()
    for event in events:
        data = event.data or {}
        codes |= _unit_codes(data)
        if leaders:
            refs |= _leader_refs(data)
    units = dict(Unit.objects.filter(code__in=codes).values_list("code", "name")) if codes else {}
    leaders = {}
    ids = {parse_leader_ref(ref) for ref in refs} - {None}
    if ids:
        leaders = {
            leader_ref(leader.pk): str(leader) for leader in Leader.objects.filter(pk__in=ids).select_related("user")
        }
    return Names(units=units, leaders=leaders)


# The words of ``mediation/includes/status.html``, so that a status reads the same everywhere.
STATUS_TEXT = {
    st.REGISTERED: _("Registered, routing to confirm"),
    st.ROUTED: _("Routed, awaiting the assignment sign-off"),
    st.ASSIGNED: _("Assigned, waiting to be picked"),
    st.IN_PROGRESS: _("Being handled"),
    st.OBJECTED: _("Objection pending, the director decides"),
    st.REPLY_DRAFTED: _("Reply drafted"),
    st.AWAITING_SIGNOFF: _("Awaiting the completion sign-off"),
    st.SIGNED_OFF: _("Signed off, reply to deliver"),
    st.REPLIED: _("Replied"),
    st.FOLLOW_UP_DONE: _("Follow-up visit done"),
    st.REOPENED: _("Reopened, to be assigned again"),
    st.CLOSED: _("Settled and closed"),
    st.WITHDRAWN: _("Withdrawn"),
    st.CONSULTATION_BOOKED: _("Booked with the duty lawyer"),
    st.CONSULTATION_MISSED: _("Did not come at the booked time, to book again"),
}
# A governance case's statuses read as dispatch and measure, not as routing, signatures and a reply.
GOVERNANCE_STATUS_TEXT = {
    st.REGISTERED: _("Awaiting dispatch"),
    st.ROUTED: _("Awaiting dispatch"),
    st.REOPENED: _("Awaiting dispatch"),
    st.ASSIGNED: _("Dispatched, waiting for the unit to pick it"),
    st.IN_PROGRESS: _("Being dealt with by the competent unit"),
    st.CLOSED: _("Closed, measure taken"),
}


def status_text(value, service: str = "petition") -> str:
    """A status as people read it (``mediation/includes/status.html`` in Python), by the case's service."""
    if not value:
        return "—"
    if service == "governance" and value in GOVERNANCE_STATUS_TEXT:
        return str(GOVERNANCE_STATUS_TEXT[value])
    return str(STATUS_TEXT[value]) if value in STATUS_TEXT else st.status_label(str(value), service)


def _name(value) -> str:
    if isinstance(value, dict):
        return str(value.get("name") or value.get("code") or "—")
    return str(value) if value else "—"


def _people(value) -> str:
    return "、".join(_name(person) for person in value or ()) or "—"


def _documents(codes) -> str:
    return "、".join(document_label(str(code)) for code in codes or ()) or "—"


def _when(value) -> str:
    moment = parse_datetime(value) if isinstance(value, str) else None
    if moment is None:
        return str(value)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return date_format(moment, "Y-m-d H:i")


def _day(value) -> str:
    day = parse_date(value) if isinstance(value, str) else None
    return date_format(day, "Y-m-d") if day else str(value or "—")


def _choice(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def _yes_no(value) -> str:
    return str(_("yes") if value else _("no"))


def _routing_fields(names: Names) -> list[tuple[str, Promise, Callable]]:
    """The routing facts an event may change (or state), with how each reads."""
    return [
        ("kind", _("Case kind"), lambda v: _choice(CaseKind, v) if v else "—"),
        ("line_office", _("Line office"), names.unit),
        ("lead_unit", _("Lead unit"), names.unit),
        ("assisting_units", _("Assisting units"), names.unit_list),
        ("owner", _("Owning leader"), names.leader),
        ("leader_led", _("Leader-led"), _yes_no),
        ("units", _("Accused units"), names.unit_list),
        ("persons", _("Accused persons"), _people),
    ]


def _change_rows(before, after, names: Names, service: str = "petition") -> list[tuple[str, str]]:
    """The event's ``from`` → ``to``: a status move, a unit or person, or the changed routing facts."""
    rows: list[tuple[str, str]] = []
    if isinstance(before, str) or isinstance(after, str):
        if before != after and (parse_date(before or "") or parse_date(after or "")):
            rows.append((str(_("Due on")), f"{_day(before)} → {_day(after)}"))
        elif before != after:
            rows.append((str(_("Status")), f"{status_text(before, service)} → {status_text(after, service)}"))
        return rows
    if not (isinstance(before, dict) or isinstance(after, dict)):
        return rows
    before, after = before or {}, after or {}
    if "name" in before or "name" in after:
        label = _("Unit") if "code" in before or "code" in after else _("Person")
        return [(str(label), f"{_name(before)} → {_name(after)}")]
    for key, label, show in _routing_fields(names):
        if (key in before or key in after) and before.get(key) != after.get(key):
            rows.append((str(label), f"{show(before.get(key))} → {show(after.get(key))}"))
    return rows


def _stated_rows(d: dict, names: Names) -> list[tuple[str, str]]:
    """Routing facts an event states outright (a proposal, a confirmation, the accused recorded)."""
    rows = []
    for key, label, show in _routing_fields(names):
        value = d.get(key)
        if value in (None, "", []) or isinstance(value, dict):
            continue
        rows.append((str(label), show(value)))
    return rows


def _decision(kind: str, value: str) -> str:
    if kind == "legal_aid_decided":
        return str(_("legal aid granted") if value == "granted" else _("legal aid refused"))
    if kind == "extension_decided":
        return _choice(Extension.Decision, value)
    if kind == "objection_decided":
        return _choice(Objection.Decision, value)
    return ""


RISK_LABELS = {"low": _("low risk"), "medium": _("medium risk"), "high": _("high risk")}
"""A governance case's risk levels (the same words as ``governance.models.RiskLevel``)."""


def describe(event: CaseEvent, names: Names | None = None, *, service: str = "petition") -> list[tuple[str, str]]:
    """The event's details as (label, text) pairs, in a fixed order; keys not known are left out.

    Units and leaders are shown by name (``names``, read for the event alone when not given), never by code.
    """
    d = event.data or {}
    names = names if names is not None else names_for([event])
    rows = _change_rows(d.get("from"), d.get("to"), names, service) + _stated_rows(d, names)
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
        ("lead_unit", _("Lead unit"), _name),  # a unit reference; a bare code is a routing fact (above)
        ("signer", _("Signed by"), _name),
        ("by", _("By"), _name),
        ("held_by", _("Held by"), _name),
        ("law_cited", _("Law cited"), str),
        ("missed_booking", _("Missed booking"), _when),
        ("booked_for", _("Booked for"), _when),
        ("lawyer", _("Lawyer"), str),
        ("firm", _("Law firm"), str),
        ("missing", _("Still missing"), _documents),
        ("documents", _("Documents received"), _documents),
        ("reason", _("Reason"), str),
        ("note", _("Note"), str),
        ("clock", _("Time limit"), clock_label),
        ("days", _("Days"), str),
        # governance (issue 16): where, what, how risky, where it went, the measure taken
        ("previous_unit", _("Previous unit"), _name),
        ("category", _("Category"), str),
        ("risk_level", _("Risk level"), lambda v: str(RISK_LABELS.get(v, v))),
        ("village", _("Village"), str),
        ("address", _("Address"), str),
        ("measure", _("Measure taken"), str),
    ]
    for key, label, show in simple:
        value = d.get(key)
        if value in (None, "") or (key == "lead_unit" and not isinstance(value, dict)):
            continue
        rows.append((str(label), show(value)))
    if d.get("decision") and (decision := _decision(event.kind, d["decision"])):
        rows.insert(0, (str(_("Decision")), decision))
    if d.get("changed"):
        rows.append((str(_("Sections changed")), "、".join(str(SECTION_LABELS.get(n, n)) for n in d["changed"])))
    if d.get("delegation"):
        rows.append((str(_("Signed by delegation")), str(_("yes"))))
    if d.get("by_petitioner"):
        rows.append((str(_("Reopened by")), str(_("the petitioner, on the tracking page"))))
    return rows


def with_unit_names(events) -> list[CaseEvent]:
    """The events, each carrying ``names`` for the ``unit_name`` filter (the case page's short history)."""
    events = list(events)
    names = names_for(events, leaders=False)
    for event in events:
        event.names = names
    return events


def history_entries(events, *, service: str = "petition") -> list[Entry]:
    events = list(events)
    names = names_for(events)
    return [Entry(event, event_label(event.kind), describe(event, names, service=service)) for event in events]
