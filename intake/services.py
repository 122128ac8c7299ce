"""Writes of intake: filing a case, linking repeats, issuing queue tickets."""

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.errors import (
    AnonymousNotAllowed,
    CaseNotFound,
    ConsentRequired,
    IdempotencyConflict,
    PassphraseInvalid,
    PetitionerRequired,
    RateLimited,
)
from cases.models import Attachment, Case, CaseEvent, CaseLink, Channel, Kiosk, Petitioner, private_storage
from cases.rules.tracking import tracking_code_new
from cases.selectors import case_visible_q
from departments.models import Unit, Village
from intake import rules
from intake.attachments import EXTENSIONS, CheckedFile
from intake.signals import sms_contact_given
from lobby.models import QueueTicket, TicketCounter
from lobby.services.alerts import joint_reception_alert_raise
from lobby.tickets import TICKET_PREFIX
from mediation.calendar import work_calendar
from mediation.rules.deadlines import CaseClockFacts, compute_deadlines
from mediation.services import case_accused_record_at_filing, case_leader_led_apply, case_route_propose_at_filing
from mediation.services.clocks import case_clocks_start

IN_PERSON = {Channel.VISIT, Channel.KIOSK}
CODE_ATTEMPTS = 5  # a new tracking code is drawn when one is taken (31**10 codes: hardly ever)
REPEAT_CANDIDATES = 50


@dataclass(frozen=True)
class PetitionerInput:
    name: str
    phone: str
    id_number: str = ""
    village: Village | None = None
    address: str = ""


@dataclass(frozen=True)
class CaseInput:
    """A case as validated by a form or the API, ready to be stored."""

    channel: str
    service: str
    request: str
    petitioners: Sequence[PetitionerInput]
    consent: bool
    group_size: int = 1
    is_conduct_complaint: bool = False
    accused_description: str = ""
    skip_level: bool = False
    extreme_behaviour: bool = False
    village: Village | None = None
    accused_units: Sequence[Unit] = field(default_factory=tuple)
    accused_persons: Sequence = field(default_factory=tuple)
    wants_ticket: bool = False
    # An anonymous report: no petitioner at all, followed with the code and this passphrase.
    anonymous: bool = False
    passphrase: str = field(default="", repr=False)
    # What a report is about (``ReportCategory``): its competent unit is found by it.
    report_category: str = ""
    # SMS about the case (issue 18): none at all, or to another number than the petitioner's.
    sms_opt_out: bool = False
    sms_phone: str = ""
    # 代办 (二（三）, issue 17): the resident asks for a proxy agent to carry the case.
    proxy_requested: bool = False


@dataclass(frozen=True)
class FiledCase:
    case: Case
    created: bool
    ticket: QueueTicket | None


def case_file(
    *,
    data: CaseInput,
    files: Sequence[CheckedFile] = (),
    actor=None,
    kiosk: Kiosk | None = None,
    submission_token: str | None = None,
    idempotency_key: str | None = None,
    fingerprint: str = "",
    now: datetime | None = None,
    admit: Callable[[], bool] | None = None,
) -> FiledCase:
    """File a case with its petitioners and files, all or nothing.

    A repeated submission token or Idempotency-Key returns the case filed the
    first time (a double click, a retried request) instead of a second case.
    ``admit`` (a rate limit) is asked only about a submission not filed before;
    when it says no, ``RateLimited`` is raised and nothing is stored.
    """
    if not data.consent:
        raise ConsentRequired
    _check_reporter(data)
    existing = _existing(submission_token, idempotency_key, fingerprint)
    if existing is not None:
        return existing
    if admit is not None and not admit():
        raise RateLimited
    for _attempt in range(CODE_ATTEMPTS):
        code = tracking_code_new()
        written: list[str] = []
        try:
            with transaction.atomic():
                return _file(
                    data, files, actor, kiosk, submission_token, idempotency_key, fingerprint, now, written, code
                )
        except IntegrityError:
            # Nothing of this attempt is stored: the whole filing is one transaction (no savepoint
            # inside it), so a taken token, key or code rolls all of it back, files included.
            _discard(written)
            existing = _existing(submission_token, idempotency_key, fingerprint)
            if existing is not None:
                return existing
            if not Case.objects.filter(tracking_code=code).exists():
                raise
        except BaseException:
            _discard(written)
            raise
    raise RuntimeError("could not find a free tracking code")


def _check_reporter(data: CaseInput) -> None:
    """A named case has a petitioner; an anonymous one is a report with a passphrase and nobody named."""
    if not data.anonymous:
        if not data.petitioners:
            raise PetitionerRequired
        return
    if not rules.may_be_anonymous(data.service):
        raise AnonymousNotAllowed
    if data.petitioners:
        raise AnonymousNotAllowed(_("An anonymous report names nobody: leave name and phone empty."))
    if not rules.passphrase_acceptable(data.passphrase):
        raise PassphraseInvalid


def _existing(submission_token, idempotency_key, fingerprint) -> FiledCase | None:
    lookup = Q()
    if submission_token:
        lookup |= Q(submission_token=submission_token)
    if idempotency_key:
        lookup |= Q(idempotency_key=idempotency_key)
    if not lookup:
        return None
    case = Case.objects.filter(lookup).select_related("ticket").first()
    if case is None:
        return None
    if idempotency_key and case.idempotency_key == idempotency_key and case.idempotency_fingerprint != fingerprint:
        raise IdempotencyConflict
    return FiledCase(case, False, getattr(case, "ticket", None))


def _discard(names: list[str]) -> None:

    for name in names:
        with contextlib.suppress(OSError):
            private_storage.delete(name)


def _case_new(data, actor, kiosk, submission_token, idempotency_key, fingerprint, now, reply) -> Case:
    """The unsaved case as filed, with its reply date."""
    return Case(
        channel=data.channel,
        service=data.service,
        request=data.request,
        group_size=data.group_size,
        is_conduct_complaint=data.is_conduct_complaint,
        accused_description=data.accused_description,
        skip_level=data.skip_level,
        extreme_behaviour=data.extreme_behaviour,
        village=data.village or (data.petitioners[0].village if data.petitioners else None),
        received_at=now,
        reply_due_on=reply.due_on,
        reply_due_provisional=reply.provisional,
        reply_due_basis=reply.basis[:300],
        consent_at=now,
        registered_by=actor,
        kiosk=kiosk,
        submission_token=submission_token or None,
        idempotency_key=idempotency_key or None,
        idempotency_fingerprint=fingerprint if idempotency_key else "",
        is_anonymous=data.anonymous,
        report_category=data.report_category if rules.may_be_anonymous(data.service) else "",
        passphrase_hash=make_password(data.passphrase.strip()) if data.anonymous else "",
        proxy_requested=data.proxy_requested and not data.anonymous,
    )


def attachment_store(case: Case, checked, written: list[str]) -> Attachment:
    """Store one checked upload under the case's code; ``written`` collects its name (for cleanup)."""
    attachment = Attachment(
        case=case,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
    )
    checked.upload.seek(0)
    attachment.file.save(f"{case.tracking_code}.{EXTENSIONS[checked.content_type]}", checked.upload, save=False)
    written.append(attachment.file.name)
    attachment.save()
    return attachment


def _attachments_save(case: Case, files, written: list[str]) -> None:
    for checked in files:
        attachment_store(case, checked, written)


def _petitioners_save(case: Case, data: CaseInput, actor) -> None:
    """The petitioners, the first one primary; and what they said about SMS, for ``messaging`` (issue 18)."""
    Petitioner.objects.bulk_create(
        [
            Petitioner(
                case=case,
                name=p.name,
                phone=p.phone,
                id_number=p.id_number,
                village=p.village,
                address=p.address,
                is_primary=(i == 0),
            )
            for i, p in enumerate(data.petitioners)
        ]
    )
    if not data.anonymous and (data.sms_opt_out or data.sms_phone):
        sms_contact_given.send(sender=Case, case=case, opt_out=data.sms_opt_out, phone=data.sms_phone, actor=actor)


def _file(data, files, actor, kiosk, submission_token, idempotency_key, fingerprint, now, written, code) -> FiledCase:
    now = now or timezone.now()
    received_on = timezone.localdate(now)
    deadlines = compute_deadlines(
        CaseClockFacts(channel=data.channel, service=data.service, received_on=received_on), work_calendar()
    )
    reply = deadlines["reply"]
    case = _case_new(data, actor, kiosk, submission_token, idempotency_key, fingerprint, now, reply)
    case.tracking_code = code
    case.save(force_insert=True)
    _petitioners_save(case, data, actor)
    # Whom a conduct complaint is about: recorded from the desk, or proposed from the free text
    # for the discipline office to confirm; either way kept away from the case from now on.
    accused_units, accused_persons = case_accused_record_at_filing(
        case=case, units=list(data.accused_units), persons=list(data.accused_persons), actor=actor, now=now
    )
    _attachments_save(case, files, written)
    links = _link_repeats(case, data.petitioners)
    # Only someone in the lobby waits for a window: not an online filer, nor an anonymous reporter.
    wants_ticket = data.wants_ticket and rules.takes_ticket(data.channel) and not data.anonymous
    ticket = ticket_issue(service=data.service, case=case, now=now) if wants_ticket else None
    CaseEvent.objects.create(
        case=case,
        at=now,
        actor=actor,
        kind="filed",
        public=True,
        data={
            "channel": data.channel,
            "service": data.service,
            "reply_due_on": reply.due_on.isoformat(),
            "reply_due_rule": reply.explanation,
            "repeat_links": links,
            "ticket": ticket.label if ticket else None,
            "anonymous": data.anonymous,
        },
    )
    # The village that places the case: its own, else the first petitioner's that has one.
    village = case.village or next((p.village for p in data.petitioners if p.village is not None), None)
    case_route_propose_at_filing(
        case=case, village=village, accused_units=accused_units, accused_persons=accused_persons, now=now
    )
    # Deadline clocks (issue 5): reply, accept and the other clocks that run from receipt.
    case_clocks_start(case, now)
    # 一（三） a collective visit or extreme behaviour: the heads come down at once (同步接访).
    joint_reception_alert_raise(case=case, now=now)
    return FiledCase(case, True, ticket)


def _link_repeats(case: Case, petitioners: Sequence[PetitionerInput]) -> int:
    """Link earlier cases of the same person (ID number or phone) about a similar matter."""
    ids = {p.id_number for p in petitioners if p.id_number}
    phones = {p.phone for p in petitioners if p.phone}
    match = Q(petitioners__phone__in=phones)
    if ids:
        match |= Q(petitioners__id_number__in=ids)
    # One query on the petitioners' phone and ID number indexes; whether a candidate matched on
    # the ID number is asked of its own petitioners (by case, indexed), not of every match.
    by_id = Exists(Petitioner.objects.filter(case=OuterRef("pk"), id_number__in=ids)) if ids else Value(False)
    candidates = list(
        Case.objects.filter(match)
        .exclude(pk=case.pk)
        .distinct()
        .order_by("-received_at")
        .values("pk", "request", "repeat_count")
        .annotate(by_id=by_id)[:REPEAT_CANDIDATES]
    )
    links = []
    for earlier in candidates:
        similarity = rules.request_similarity(case.request, earlier["request"])
        if similarity >= rules.SIMILARITY_THRESHOLD:
            links.append(
                CaseLink(
                    case=case,
                    earlier_id=earlier["pk"],
                    similarity=round(similarity, 3),
                    matched_on="id_number" if earlier["by_id"] else "phone",
                )
            )
    if links:
        CaseLink.objects.bulk_create(links)
        counts = [c["repeat_count"] for c in candidates if any(link.earlier_id == c["pk"] for link in links)]
        case.repeat_count = rules.repeat_count_for(len(links), counts)
        case.save(update_fields=["repeat_count"])
    return len(links)


def case_repeat_recount(case: Case) -> int:
    """Recount the stored escalation count (every active link, hidden cases included).

    Never shown to a person as such: pages show ``selectors.repeat_count_for_user``.
    """
    active = CaseLink.objects.filter(case=case).exclude(state=CaseLink.State.UNDONE)
    counts = list(active.values_list("earlier__repeat_count", flat=True))
    case.repeat_count = rules.repeat_count_for(len(counts), counts)
    case.save(update_fields=["repeat_count"])
    return case.repeat_count


@transaction.atomic
def case_link_decide(*, link: CaseLink, confirm: bool, actor) -> CaseLink:
    """The clerk confirms a detected repeat, or undoes it; the count follows.

    Only someone who may see both cases decides: a link to a case hidden from the actor answers
    as missing, so its code is never written on the record by them.
    """

    link = CaseLink.objects.select_for_update().filter(pk=link.pk).first()
    if link is None:
        raise CaseNotFound
    visible = Case.objects.filter(case_visible_q(actor), pk__in=[link.case_id, link.earlier_id])
    if visible.count() != len({link.case_id, link.earlier_id}):
        raise CaseNotFound
    before = link.state
    link.state = CaseLink.State.CONFIRMED if confirm else CaseLink.State.UNDONE
    link.decided_by = actor
    link.save(update_fields=["state", "decided_by"])
    count = case_repeat_recount(link.case)
    now = timezone.now()
    CaseEvent.objects.create(
        case=link.case,
        at=now,
        actor=actor,
        kind="repeat_link_confirmed" if confirm else "repeat_link_undone",
        data={"earlier": link.earlier.tracking_code, "from": before, "to": link.state, "repeat_count": count},
    )
    if confirm:
        # 一（四） a third raising makes the case leader-led, whenever it is found (issue 17).
        case_leader_led_apply(case=link.case, actor=actor, now=now)
    return link


def ticket_issue(*, service: str, case: Case | None = None, now: datetime | None = None) -> QueueTicket:
    """The next number of the day for a service; concurrent callers never share one."""
    now = now or timezone.now()
    day: date = timezone.localdate(now)
    with transaction.atomic():
        TicketCounter.objects.get_or_create(service=service, day=day)
        TicketCounter.objects.filter(service=service, day=day).update(last=F("last") + 1)
        number = TicketCounter.objects.values_list("last", flat=True).get(service=service, day=day)
        return QueueTicket.objects.create(
            service=service, day=day, number=number, prefix=TICKET_PREFIX[service], case=case, issued_at=now
        )
