"""People's actions on messages: resend a failed SMS, record an SMS number or opt-out, preferences."""

from datetime import datetime, time

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.errors import ActionRefused, CaseNotFound, NotAllowed
from cases.models import Case
from cases.permissions import is_conduct
from cases.selectors import case_visible_q
from departments import permissions as perms
from departments.models import Membership, Unit
from messaging import rules
from messaging.hooks import run_soon
from messaging.models import SmsContact, SmsMessage, StaffMessagePreference, State

PHONE_DIGITS = 11


def phone_clean(value: str) -> str:
    """A mainland mobile number, 11 digits starting with 1; '' when blank. Raises ActionRefused."""
    digits = "".join(ch for ch in (value or "") if ch.isdigit())
    if not digits:
        return ""
    if len(digits) != PHONE_DIGITS or not digits.startswith("1"):
        raise ActionRefused(_("Enter an 11-digit mobile number for SMS."), code="sms_phone")
    return digits


def may_resend(user, case: Case, *, visible: bool | None = None) -> bool:
    """The office that registers the case resends, on a case it may see: the petition office's clerks
    and head, and the discipline office's for a conduct complaint. ``visible``: already known."""
    office = Unit.Kind.DISCIPLINE_OFFICE if is_conduct(case) else Unit.Kind.PETITION_OFFICE
    if not Membership.objects.filter(
        user=user, user__is_active=True, unit__kind=office, unit__is_active=True, role__in=[perms.CLERK, perms.HEAD]
    ).exists():
        return False
    return visible if visible is not None else Case.objects.filter(case_visible_q(user), pk=case.pk).exists()


def _to_party(message: SmsMessage) -> bool:
    """Whether the first of a line of resends went to another party of a mediation (its own number, kept)."""
    first = message
    while first.resend_of_id is not None:
        first = SmsMessage.objects.only("key", "resend_of").get(pk=first.resend_of_id)
    return ":party:" in first.key


@transaction.atomic
def sms_resend(*, message: SmsMessage, actor, now: datetime | None = None) -> SmsMessage:
    """Queue a new SMS like a failed one (same template and parameters, the case's current number; a
    mediation party's own number for a notice that went to another party).

    Only a failed message, once: a second resend of the same message is refused (its unique key)."""
    now = now or timezone.now()
    locked = SmsMessage.objects.select_for_update().filter(pk=message.pk).select_related("case").first()
    if locked is None or not Case.objects.filter(case_visible_q(actor), pk=locked.case_id).exists():
        raise CaseNotFound
    if not may_resend(actor, locked.case):
        raise NotAllowed(_("Only the petition office resends SMS."))
    if locked.state != State.FAILED:
        raise ActionRefused(_("Only a failed SMS can be sent again."), code="not_failed")
    contact = None if _to_party(locked) else SmsContact.objects.filter(case_id=locked.case_id).first()
    if contact is not None and contact.opt_out:
        raise ActionRefused(_("The petitioner asked for no SMS."), code="opted_out")
    to = (contact.phone if contact is not None and contact.phone else "") or locked.to
    run_soon(once=False)  # the worker sends it after the commit
    try:
        with transaction.atomic():
            return SmsMessage.objects.create(
                key=f"resend:{locked.pk}",
                case_id=locked.case_id,
                event_id=locked.event_id,
                kind=locked.kind,
                to=to,
                params=locked.params,
                next_attempt_at=now,
                created_at=now,
                resend_of=locked,
                resent_by=actor,
            )
    except IntegrityError:
        raise ActionRefused(_("This SMS was already sent again."), code="already_resent") from None


@transaction.atomic
def sms_contact_record(*, case: Case, opt_out: bool, phone: str, actor=None) -> SmsContact | None:
    """What the petitioner said about SMS at filing (nothing stored when they said nothing)."""
    phone = phone_clean(phone)
    if not opt_out and not phone:
        return None
    contact, _created = SmsContact.objects.update_or_create(
        case=case, defaults={"opt_out": opt_out, "phone": "" if opt_out else phone, "recorded_by": actor}
    )
    return contact


@transaction.atomic
def preference_save(
    *, user, categories: list[str], digest: bool, quiet_start: time | None, quiet_end: time | None, messenger_id: str
) -> StaffMessagePreference:
    unknown = set(categories) - set(rules.CATEGORIES)
    if unknown:
        raise ActionRefused(_("Choose kinds from the list."), code="categories")
    if (quiet_start is None) != (quiet_end is None):
        raise ActionRefused(_("Give both ends of the quiet hours, or neither."), code="quiet")
    pref, _created = StaffMessagePreference.objects.update_or_create(
        user=user,
        defaults={
            "categories": [c for c in rules.CATEGORIES if c in categories],
            "digest": digest,
            "quiet_start": quiet_start,
            "quiet_end": quiet_end,
            "messenger_id": messenger_id.strip(),
        },
    )
    return pref
