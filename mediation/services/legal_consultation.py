"""Legal consultation (法律咨询, issue 16): answered at the window in minutes, or booked with the duty lawyer.

The legal-service staff record the question, the advice and the law cited on a legal-consultation
case, which closes it at once: no 交办签, written reply, 办结签 or follow-up visit
(``cases.rules.status.SERVICE_TRANSITIONS``). A consultation booked with the duty lawyer keeps the
case open until the booked consultation is recorded as held, then closes it.

The events written here meet the case's open clocks in the same transaction, as the reply's
delivery does (``rules.clocks.MET_BY``): the answer given meets the reply and finish clocks; the
booking meets the first-contact and acceptance clocks, and the reply clock runs on to the held
consultation. A closed case's clocks are out of the sweep (``tasks._open_clocks``).
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.errors import ActionRefused, Conflict
from cases.models import Case
from cases.rules import status as st
from departments.models import Unit
from mediation import permissions
from mediation.models import LegalConsultation
from mediation.services.common import Loaded, broadcast, check, event, load, move, now_or, unit_ref
from mediation.services.handling import text_clean

QUESTION_MAX = 2000
ADVICE_MAX = 4000
LAW_MAX = 300
LAWYER_MAX = 60
NOTE_MAX = 2000
BOOKING_HORIZON = timedelta(days=90)
"""How far ahead the duty lawyer may be booked."""


def _unit(loaded: Loaded, actor) -> Unit:
    """The legal-service unit answering: the case's lead unit when it is one, else the actor's."""
    routing = loaded.routing
    if routing is not None and routing.lead_unit is not None and routing.lead_unit.kind == Unit.Kind.LEGAL_SERVICE:
        return routing.lead_unit
    unit = permissions.legal_service_unit_of(actor)
    if unit is None:  # the status rules gave the role from the same memberships: a race at most
        raise ActionRefused(_("Only the legal-service unit records a legal consultation."), code="role_not_allowed")
    return unit


def _booking_clean(booked_for: datetime | None, lawyer: str, now: datetime) -> tuple[datetime, str]:
    if booked_for is None:
        raise ActionRefused(_("Give the date and time of the booked consultation."), code="booked_for")
    if timezone.is_naive(booked_for):
        booked_for = timezone.make_aware(booked_for)
    if booked_for <= now:
        raise ActionRefused(_("The booked consultation must be later than now."), code="booked_for")
    if booked_for > now + BOOKING_HORIZON:
        raise ActionRefused(
            _("Book the duty lawyer at most %(days)d days ahead.") % {"days": BOOKING_HORIZON.days}, code="booked_for"
        )
    lawyer = text_clean(lawyer, label=_("Duty lawyer"), max_length=LAWYER_MAX)
    return booked_for, lawyer


def _record_clean(question, advice, law_cited, note, *, booked: bool, booked_for, lawyer: str, now: datetime) -> dict:
    """The consultation's fields as stored; the advice is required unless the duty lawyer is booked."""
    fields = {
        "question": text_clean(question, label=_("The question"), max_length=QUESTION_MAX),
        "law_cited": text_clean(law_cited, label=_("Law cited"), required=False, max_length=LAW_MAX),
        "note": text_clean(note, label=_("Internal note"), required=False, max_length=NOTE_MAX),
        "advice": text_clean(advice, label=_("The advice given"), required=not booked, max_length=ADVICE_MAX),
        "booked_for": None,
        "lawyer": "",
    }
    if booked:
        fields["booked_for"], fields["lawyer"] = _booking_clean(booked_for, lawyer, now)
    return fields


def _leave_queue(loaded: Loaded, unit: Unit) -> None:
    """The case is the legal-service unit's from now on, and waits in no shared queue."""
    routing = loaded.routing
    if routing is None:
        return
    fields = []
    if routing.lead_unit_id is None:
        routing.lead_unit = unit
        fields.append("lead_unit")
    if routing.queued_at is not None:
        routing.queued_at = None
        fields.append("queued_at")
    if fields:
        routing.save(update_fields=fields)


@transaction.atomic
def case_legal_consultation_record(
    *,
    case: Case,
    actor,
    question: str,
    advice: str = "",
    law_cited: str = "",
    booked: bool = False,
    booked_for: datetime | None = None,
    lawyer: str = "",
    note: str = "",
    now: datetime | None = None,
) -> LegalConsultation:
    """Record a legal consultation: answered on the spot (the case closes) or booked with the duty lawyer."""
    now = now_or(now)
    loaded = load(case, actor)
    action = "book_consultation" if booked else "give_consultation"
    check(action, loaded)
    if LegalConsultation.objects.filter(case=loaded.case).exists():
        raise Conflict(_("A consultation is already recorded for this case."), code="already_recorded")
    unit = _unit(loaded, actor)
    fields = _record_clean(
        question, advice, law_cited, note, booked=booked, booked_for=booked_for, lawyer=lawyer, now=now
    )
    before, after = move(loaded, action)
    consultation = LegalConsultation.objects.create(
        case=loaded.case,
        unit=unit,
        mode=LegalConsultation.Mode.BOOKED if booked else LegalConsultation.Mode.ON_THE_SPOT,
        recorded_by=actor,
        recorded_at=now,
        held_at=None if booked else now,
        held_by=None if booked else actor,
        **fields,
    )
    _leave_queue(loaded, unit)
    event(
        loaded.case,
        actor,
        "legal_consultation_booked" if booked else "legal_consultation_given",
        now,
        public=True,
        consultation=consultation.pk,
        unit=unit_ref(unit),
        law_cited=consultation.law_cited,
        booked_for=consultation.booked_for.isoformat() if consultation.booked_for else None,
        lawyer=consultation.lawyer,
        **{"from": before, "to": after},
    )
    broadcast(loaded.case.pk, "closed" if after == st.CLOSED else "updated", unit.pk)
    return consultation


@transaction.atomic
def case_legal_consultation_hold(
    *, case: Case, actor, advice: str, law_cited: str = "", note: str = "", now: datetime | None = None
) -> LegalConsultation:
    """The booked consultation was held: the advice and the law cited are recorded, and the case closes."""
    now = now_or(now)
    loaded = load(case, actor)
    check("hold_consultation", loaded)
    consultation = LegalConsultation.objects.select_for_update().filter(case=loaded.case).first()
    if consultation is None or consultation.is_held:
        raise Conflict(_("No booked consultation waits to be recorded for this case."), code="not_booked")
    advice = text_clean(advice, label=_("The advice given"), max_length=ADVICE_MAX)
    law_cited = text_clean(law_cited, label=_("Law cited"), required=False, max_length=LAW_MAX)
    note = text_clean(note, label=_("Internal note"), required=False, max_length=NOTE_MAX)
    before, after = move(loaded, "hold_consultation")
    consultation.advice = advice
    consultation.law_cited = law_cited or consultation.law_cited
    if note:
        consultation.note = f"{consultation.note}\n{note}".strip()[:NOTE_MAX]
    consultation.held_at = now
    consultation.held_by = actor
    consultation.save(update_fields=["advice", "law_cited", "note", "held_at", "held_by"])
    event(
        loaded.case,
        actor,
        "legal_consultation_held",
        now,
        public=True,
        consultation=consultation.pk,
        unit=unit_ref(consultation.unit),
        law_cited=consultation.law_cited,
        lawyer=consultation.lawyer,
        **{"from": before, "to": after},
    )
    broadcast(loaded.case.pk, "closed", consultation.unit_id)
    return consultation


# --- the resident did not come at the booked time (预约未到) ------------------------------------------
#
# A no-show meets no clock: the answer is still owed, and the reply clock keeps running so that the
# staff book again in time. The new booking is written as a booking (``legal_consultation_booked``,
# marked ``rebooked``), so the tracking page tells the resident the new date and lawyer as the first
# time. Closing a missed consultation (the resident wants no other date, or cannot be reached) ends
# the center's duty: it meets the reply and finish clocks (``rules.clocks.MET_BY``), as an answer does.

REASON_MAX = 500


def _booked_locked(loaded: Loaded) -> LegalConsultation:
    consultation = LegalConsultation.objects.select_for_update().filter(case=loaded.case).first()
    if consultation is None or consultation.is_held or consultation.booked_for is None:
        raise Conflict(_("No booked consultation is on record for this case."), code="not_booked")
    return consultation


@transaction.atomic
def case_legal_consultation_no_show(
    *, case: Case, actor, note: str = "", now: datetime | None = None
) -> LegalConsultation:
    """The resident did not come at the booked time: recorded, and the case waits to be booked again."""
    now = now_or(now)
    loaded = load(case, actor)
    check("record_consultation_no_show", loaded)
    consultation = _booked_locked(loaded)
    if consultation.booked_for > now:
        raise ActionRefused(
            _("The booked time (%(when)s) has not come yet; a no-show is recorded after it.")
            % {"when": timezone.localtime(consultation.booked_for).strftime("%Y-%m-%d %H:%M")},
            code="too_early",
        )
    note = text_clean(note, label=_("Internal note"), required=False, max_length=NOTE_MAX)
    before, after = move(loaded, "record_consultation_no_show")
    if note:
        consultation.note = f"{consultation.note}\n{note}".strip()[:NOTE_MAX]
        consultation.save(update_fields=["note"])
    event(
        loaded.case,
        actor,
        "legal_consultation_no_show",
        now,
        public=True,
        consultation=consultation.pk,
        unit=unit_ref(consultation.unit),
        booked_for=consultation.booked_for.isoformat(),
        lawyer=consultation.lawyer,
        **{"from": before, "to": after},
    )
    broadcast(loaded.case.pk, "updated", consultation.unit_id)
    return consultation


@transaction.atomic
def case_legal_consultation_rebook(
    *, case: Case, actor, booked_for: datetime | None, lawyer: str, now: datetime | None = None
) -> LegalConsultation:
    """A missed consultation is booked again with the duty lawyer (a new date, the same or another lawyer)."""
    now = now_or(now)
    loaded = load(case, actor)
    check("rebook_consultation", loaded)
    consultation = _booked_locked(loaded)
    booked_for, lawyer = _booking_clean(booked_for, lawyer, now)
    missed = consultation.booked_for
    before, after = move(loaded, "rebook_consultation")
    consultation.booked_for = booked_for
    consultation.lawyer = lawyer
    consultation.save(update_fields=["booked_for", "lawyer"])
    event(
        loaded.case,
        actor,
        "legal_consultation_booked",
        now,
        public=True,
        consultation=consultation.pk,
        unit=unit_ref(consultation.unit),
        rebooked=True,
        missed_booking=missed.isoformat(),
        booked_for=booked_for.isoformat(),
        lawyer=lawyer,
        **{"from": before, "to": after},
    )
    broadcast(loaded.case.pk, "updated", consultation.unit_id)
    return consultation


@transaction.atomic
def case_legal_consultation_close_missed(
    *, case: Case, actor, reason: str, now: datetime | None = None
) -> LegalConsultation:
    """The resident wants no other date or cannot be reached: the missed consultation is closed, with why."""
    now = now_or(now)
    loaded = load(case, actor)
    check("close_missed_consultation", loaded)
    consultation = _booked_locked(loaded)
    reason = text_clean(reason, label=_("Why it is closed"), max_length=REASON_MAX)
    before, after = move(loaded, "close_missed_consultation")
    consultation.note = f"{consultation.note}\n{reason}".strip()[:NOTE_MAX]
    consultation.save(update_fields=["note"])
    event(
        loaded.case,
        actor,
        "legal_consultation_closed_unattended",
        now,
        public=True,
        consultation=consultation.pk,
        unit=unit_ref(consultation.unit),
        reason=reason,
        **{"from": before, "to": after},
    )
    broadcast(loaded.case.pk, "closed", consultation.unit_id)
    return consultation
