"""Turn what happened into messages: read new case events, notifications and alerts, store one message each.

The sources are read by id from a cursor (``DispatchCursor``) and each message is stored under a
unique key, in one transaction: a pass run twice, or by two workers at once, stores nothing twice.
The cursor only moves past rows older than ``GRACE``, so a row whose transaction committed late
(after a row with a higher id) is still read. Whom a work message may reach is decided again here
by the visibility rule (``cases.selectors.users_who_may_know``): never the accused, nor their unit.
An SMS goes to the petitioner only (the desk's number for SMS first, nothing after an opt-out), and
never on an anonymous report or a case staff reported (a grid worker's incident, a screened dispute);
a mediation session notice goes to every other party with a mobile number as well.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from cases.models import Case, CaseEvent, Petitioner
from cases.selectors import users_who_may_know
from departments import permissions as perms
from departments.models import Membership
from lobby.models import AlertRecipient
from mediation.models import Notification
from messaging import backends, rules
from messaging.models import DispatchCursor, SmsContact, SmsMessage, StaffMessagePreference, State, WorkMessage
from peoples_mediation.models import Party
from peoples_mediation.rules import flow as mediation_flow

GRACE = timedelta(minutes=10)
BATCH = 1000


@dataclass
class Pass:
    now: datetime
    sms: list[SmsMessage]
    work: list[WorkMessage]


def _cursor(source: str) -> DispatchCursor:
    cursor, _created = DispatchCursor.objects.get_or_create(source=source)
    return DispatchCursor.objects.select_for_update().get(pk=cursor.pk)


@dataclass(frozen=True)
class Source:
    """A table read for messages: its rows (a queryset), the name of its time field, what to load with it."""

    name: str
    rows: Callable[[], QuerySet]
    when: str
    related: tuple[str, ...]


def _scan(source: Source, now: datetime, handle: Callable[[list], None]) -> int:
    """Hand every row not read yet to ``handle`` (in batches), and move the cursor.

    ``seen`` is the highest id read. A row committed late, with an id below ``seen``, changes the
    count of rows between ``floor`` and ``seen``: then that window is read again (the unique keys
    keep what was stored). ``floor`` moves only past rows older than ``GRACE``."""
    cursor = _cursor(source.name)
    above = source.rows().filter(pk__gt=cursor.floor)
    read = 0
    if cursor.seen > cursor.floor and above.filter(pk__lte=cursor.seen).count() != cursor.window:
        window = list(above.filter(pk__lte=cursor.seen).select_related(*source.related).order_by("pk"))
        handle(window)
        read += len(window)
    while True:
        batch = list(above.filter(pk__gt=cursor.seen).select_related(*source.related).order_by("pk")[:BATCH])
        if not batch:
            break
        handle(batch)
        read += len(batch)
        cursor.seen = batch[-1].pk
    old = source.rows().filter(pk__lte=cursor.seen, **{f"{source.when}__lte": now - GRACE}).aggregate(top=Max("pk"))
    cursor.floor = max(cursor.floor, old["top"] or 0)
    cursor.window = source.rows().filter(pk__gt=cursor.floor, pk__lte=cursor.seen).count()
    cursor.save(update_fields=["floor", "seen", "window"])
    return read


# SMS to petitioners --------------------------------------------------------


@dataclass(frozen=True)
class Targets:
    """Whom a batch of events may text: case id → the petitioner's number (none if opted out, a landline,
    or a case reported by staff), the numbers that are the petitioner's, and each mediation's parties."""

    petitioner: dict[int, str]
    own: dict[int, set[str]]
    parties: dict[int, list[tuple[int, str]]]


def _digits(value: str) -> str:
    return "".join(ch for ch in (value or "") if ch.isdigit())


def _staff_reported(case_ids: set[int]) -> set[int]:
    """Cases a grid worker or a village's staff reported (an incident, a screened dispute): staff, not residents."""
    reported = Q(governance_incident__isnull=False) | Q(screening_item__isnull=False)
    return set(Case.objects.filter(reported, pk__in=case_ids, service="governance").values_list("pk", flat=True))


def _sms_targets(case_ids: set[int], party_case_ids: set[int]) -> Targets:
    """The number to text for each case: the one the desk recorded for SMS, else the primary petitioner's."""
    contacts = {c.case_id: c for c in SmsContact.objects.filter(case_id__in=case_ids)}
    phones = dict(
        Petitioner.objects.filter(case_id__in=case_ids, is_primary=True)
        .exclude(phone="")
        .values_list("case_id", "phone")
    )
    staff = _staff_reported(case_ids)
    targets = Targets({}, {}, {})
    for case_id in case_ids - staff:
        contact = contacts.get(case_id)
        targets.own[case_id] = {_digits(phones.get(case_id, "")), _digits(contact.phone if contact else "")} - {""}
        if contact is not None and contact.opt_out:
            continue
        phone = (contact.phone if contact is not None else "") or phones.get(case_id, "")
        if rules.is_mobile(phone):
            targets.petitioner[case_id] = phone
    rows = Party.objects.filter(case_id__in=party_case_ids - staff).order_by("pk")
    for case_id, party_id, phone in rows.values_list("case_id", "pk", "phone"):
        if rules.is_mobile(phone):
            targets.parties.setdefault(case_id, []).append((party_id, _digits(phone)))
    return targets


def _recipients(event: CaseEvent, kind: str, targets: Targets) -> list[tuple[str, str]]:
    """(key, number) for each SMS an event calls for: the petitioner's, then (a session notice) every other
    party's, once per number. A party on the petitioner's own number is the petitioner (their opt-out holds)."""
    if event.case.is_anonymous:
        return []  # an anonymous reporter left no phone; nothing may point at them
    out = []
    phone = targets.petitioner.get(event.case_id)
    if phone is not None:
        out.append((f"event:{event.pk}", phone))
    if kind in rules.SMS_TO_PARTIES:
        taken = set(targets.own.get(event.case_id, set()))
        for party_id, number in targets.parties.get(event.case_id, []):
            if number not in taken:
                taken.add(number)
                out.append((f"event:{event.pk}:party:{party_id}", number))
    return out


def _local_time(value: str) -> str:
    """A stored ISO time as the resident reads it: 2026-12-03 14:30, local time."""
    try:
        when = datetime.fromisoformat(value or "")
    except ValueError:
        return ""
    if timezone.is_naive(when):
        when = timezone.make_aware(when)
    return timezone.localtime(when).strftime("%Y-%m-%d %H:%M")


def _sms_params(event: CaseEvent, kind: str) -> dict[str, str]:
    case, data = event.case, event.data or {}
    params = {"code": case.tracking_code}
    if kind == "filed":
        params["date"] = data.get("reply_due_on") or (case.reply_due_on.isoformat() if case.reply_due_on else "")
    elif kind == "extended":
        params["date"] = data.get("to", "")
    elif kind in ("accepted", "referred"):
        routing = getattr(case, "routing", None)
        params["unit"] = routing.lead_unit.name if routing is not None and routing.lead_unit_id else ""
    elif kind == "mediation_session":
        params.update(time=_local_time(data.get("at", "")), place=data.get("place", ""))
    elif kind == "mediation_ended":
        params["referral"] = mediation_flow.REFERRAL_LABELS.get(data.get("referral", ""), "")
    elif kind in ("legal_aid_lawyer", "consultation_booked"):
        params.update(lawyer=data.get("lawyer", ""), firm=data.get("firm", ""))
        params["time"] = _local_time(data.get("booked_for") or "")
    return {k: v for k, v in params.items() if k in rules.SMS_PARAMETERS[kind]}


def _sms_from_events(run: Pass) -> Callable[[list], None]:
    def handle(events: list[CaseEvent]) -> None:
        kinds = {e.pk: rules.sms_kind(e.kind, e.data or {}) for e in events}
        parties = {e.case_id for e in events if kinds[e.pk] in rules.SMS_TO_PARTIES}
        targets = _sms_targets({e.case_id for e in events if kinds[e.pk]}, parties)
        for event in events:
            kind = kinds[event.pk]
            if kind is None:
                continue
            params = _sms_params(event, kind)
            run.sms += [
                SmsMessage(
                    key=key,
                    case_id=event.case_id,
                    event=event,
                    kind=kind,
                    to=phone,
                    params=params,
                    next_attempt_at=run.now,
                    created_at=run.now,
                )
                for key, phone in _recipients(event, kind, targets)
            ]

    return handle


def _events(kinds: Iterable[str]) -> Callable[[], QuerySet]:
    return lambda: CaseEvent.objects.filter(kind__in=list(kinds))


EVENT_RELATED = ("case", "case__routing", "case__routing__lead_unit", "actor")


# work messages to staff -----------------------------------------------------


@dataclass(frozen=True)
class Tell:
    key: str
    user_id: int
    case: Case | None
    category: str
    text: str


def case_link(case: Case | None) -> str:
    base = settings.MESSAGING["SITE_URL"]
    if case is None:
        return base + reverse("mediation:inbox")
    return base + reverse("mediation:case", args=[case.tracking_code])


def _work_store(run: Pass, tells: list[Tell]) -> None:
    """One message per tell that its person wants and may know of, held or delayed as they prefer."""
    prefs = {p.user_id: p for p in StaffMessagePreference.objects.filter(user_id__in={t.user_id for t in tells})}
    cases = {t.case.pk for t in tells if t.case is not None}
    allowed = users_who_may_know(cases, {t.user_id for t in tells}) if cases else {}
    local = timezone.localtime(run.now)
    needs_account = backends.work_needs_account()
    for tell in tells:
        if tell.case is not None and tell.user_id not in allowed.get(tell.case.pk, set()):
            continue
        pref = prefs.get(tell.user_id)
        if pref is not None and not pref.wants(tell.category):
            continue
        if needs_account and (pref is None or not pref.messenger_id):
            continue  # not in the messenger: the portal's inbox tells them
        state, due = State.QUEUED, run.now
        if pref is not None and tell.category not in rules.URGENT:
            if pref.digest:
                state, due = State.HELD, None
            else:
                due = rules.quiet_until(local, pref.quiet_start, pref.quiet_end) or run.now
        run.work.append(
            WorkMessage(
                key=tell.key,
                user_id=tell.user_id,
                case=tell.case,
                category=tell.category,
                text=tell.text[:1000],
                link=case_link(tell.case),
                state=state,
                next_attempt_at=due,
                created_at=run.now,
            )
        )


def _from_notifications(run: Pass) -> Callable[[list], None]:
    def handle(rows: list[Notification]) -> None:
        tells = [Tell(f"n:{n.pk}", n.user_id, n.case, rules.category_of_notification(n.kind), n.message) for n in rows]
        _work_store(run, tells)

    return handle


def _unit_people(unit_ids: set[int], roles: tuple[str, ...]) -> dict[int, list[int]]:
    people: dict[int, list[int]] = {}
    rows = Membership.objects.filter(unit_id__in=unit_ids, role__in=roles, user__is_active=True)
    for unit_id, user_id in rows.values_list("unit_id", "user_id"):
        people.setdefault(unit_id, []).append(user_id)
    return people


def _from_events(run: Pass) -> Callable[[list], None]:
    """The assignment to a unit tells its handlers and head; a pick tells the unit's head."""

    def handle(events: list[CaseEvent]) -> None:
        units = {e.case.routing.lead_unit_id for e in events if getattr(e.case, "routing", None)}
        staff = _unit_people(units, (perms.HANDLER, perms.HEAD))
        heads = _unit_people(units, (perms.HEAD,))
        tells = []
        for event in events:
            routing = getattr(event.case, "routing", None)
            if routing is None or routing.lead_unit_id is None:
                continue
            code = event.case.display_code
            if event.kind == "assignment_signed":
                who, text = staff.get(routing.lead_unit_id, []), _("Case %(code)s was assigned to your unit.")
            else:
                who, text = heads.get(routing.lead_unit_id, []), _("Case %(code)s was picked by %(name)s.")
            text = text % {"code": code, "name": str(event.actor or "")}
            tells += [
                Tell(f"event:{event.pk}:{u}", u, event.case, rules.CATEGORY_BY_EVENT[event.kind], text)
                for u in who
                if u != event.actor_id
            ]
        _work_store(run, tells)

    return handle


def _from_alerts(run: Pass) -> Callable[[list], None]:
    def handle(rows: list[AlertRecipient]) -> None:
        tells = [
            Tell(
                f"alert:{r.pk}",
                r.user_id,
                r.alert.case,
                "joint_reception",
                _("Joint reception needed at once: case %(code)s (%(reason)s, %(size)s people).")
                % {
                    "code": r.alert.case.display_code,
                    "reason": r.alert.get_reason_display(),
                    "size": r.alert.group_size,
                },
            )
            for r in rows
        ]
        _work_store(run, tells)

    return handle


SMS_EVENTS = Source("sms_events", _events(rules.SMS_EVENT_KINDS), "at", EVENT_RELATED)
WORK_EVENTS = Source("work_events", _events(rules.CATEGORY_BY_EVENT), "at", EVENT_RELATED)
NOTIFICATIONS = Source("notifications", lambda: Notification.objects.all(), "created_at", ("case",))
ALERTS = Source("alerts", lambda: AlertRecipient.objects.all(), "alert__created_at", ("alert", "alert__case"))


@transaction.atomic
def messages_dispatch(*, now: datetime | None = None) -> dict[str, int]:
    """Store the messages that new events, notifications and alerts call for; the worker sends them."""
    run = Pass(now or timezone.now(), [], [])
    counts: dict[str, int] = {}
    with override(settings.LANGUAGE_CODE):
        if backends.sms_enabled():
            counts["events"] = _scan(SMS_EVENTS, run.now, _sms_from_events(run))
        if backends.work_enabled():
            counts["work_events"] = _scan(WORK_EVENTS, run.now, _from_events(run))
            counts["notifications"] = _scan(NOTIFICATIONS, run.now, _from_notifications(run))
            counts["alerts"] = _scan(ALERTS, run.now, _from_alerts(run))
    counts["sms"] = len(SmsMessage.objects.bulk_create(run.sms, ignore_conflicts=True))
    counts["work"] = len(WorkMessage.objects.bulk_create(run.work, ignore_conflicts=True))
    return counts


def due_q(now: datetime) -> Q:
    return Q(state=State.QUEUED, next_attempt_at__lte=now)
