"""Send what is due: claim each message (one conditional UPDATE), send it, record the answer.

A claimed message is ``sending`` with a lease. Its answer decides: sent (with the provider's id);
queued again after a backoff (throttled, outage, refused connection) until ``MAX_ATTEMPTS``;
failed at once (invalid template or number); failed as "outcome unknown" when the provider did
not answer in time, since it may have sent it: a person looks and resends, the worker never
sends it a second time by itself. A lease that ran out (the worker died while sending) is failed
the same way. Phone numbers are logged masked only.
"""

import logging
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from messaging import backends, rules
from messaging.backends.base import Permanent, SendError, Sms, Transient, Unknown, Work
from messaging.models import SmsMessage, SmsTemplate, StaffMessagePreference, State, WorkMessage

log = logging.getLogger("messaging")
LEASE = timedelta(minutes=5)
CLAIM_BATCH = 50


def _claim(model, ids: list[int], now: datetime) -> list:
    """Claim the due messages among ``ids`` (one conditional UPDATE) and return them: only this call's."""
    token = uuid.uuid4().hex
    model.objects.filter(pk__in=ids, state=State.QUEUED, next_attempt_at__lte=now).update(
        state=State.SENDING, attempts=F("attempts") + 1, lease_until=now + LEASE, claim=token
    )
    qs = model.objects.select_related("user") if model is WorkMessage else model.objects
    return list(qs.filter(pk__in=ids, claim=token, state=State.SENDING).order_by("pk"))


def _record(model, message, backend_name: str, outcome: str | SendError, now: datetime) -> str:
    """Store the answer of one try; returns the state it left the message in."""
    values: dict = {"backend": backend_name, "lease_until": None, "claim": ""}
    if isinstance(outcome, str):
        values.update(state=State.SENT, provider_id=outcome[:100], error="", sent_at=now)
    elif isinstance(outcome, Transient) and message.attempts < settings.MESSAGING["MAX_ATTEMPTS"]:
        values.update(
            state=State.QUEUED, error=str(outcome)[:300], next_attempt_at=now + rules.backoff(message.attempts)
        )
    else:
        values.update(state=State.FAILED, error=_error_text(outcome)[:300])
    model.objects.filter(pk=message.pk, state=State.SENDING).update(**values)
    return values["state"]


def _error_text(error: SendError) -> str:
    if isinstance(error, Unknown):
        return _("No answer from the gateway: it may have been sent. Check before resending. (%(code)s)") % {
            "code": error
        }
    if isinstance(error, Transient):
        return _("Still failing after %(n)s tries: %(code)s") % {"n": settings.MESSAGING["MAX_ATTEMPTS"], "code": error}
    return str(error)


def _sms_payload(message: SmsMessage, templates: dict[str, SmsTemplate]) -> Sms:
    template = templates.get(message.kind)
    if template is None:
        raise Permanent("no_template", _("No active SMS template for this kind of message."))
    names = template.parameter_names
    params = {name: str(message.params.get(name, "")) for name in names}
    return Sms(
        to=message.to,
        template_code=template.code,
        params=params,
        order=names,
        text=rules.template_render(template.text, params),
        key=message.key,
    )


def _work_payload(message: WorkMessage, accounts: dict[int, str], backend_name: str) -> Work:
    account = accounts.get(message.user_id, "")
    if backend_name in ("console", "file"):
        account = account or message.user.get_username()
    return Work(
        messenger_id=account,
        title=message.get_category_display(),
        text=message.text,
        link=message.link,
        key=message.key,
        extra={"open": _("Open the case")},
    )


def _send_one(message, backend, build: Callable) -> str | SendError:
    try:
        return backend.send(build(message))
    except SendError as error:
        return error


def _log(model, message, state: str) -> None:
    target = rules.mask_phone(message.to) if model is SmsMessage else f"user {message.user_id}"
    log.info("%s %s to %s: %s", model.__name__, message.key, target, state)


def _due(model, now: datetime) -> list:
    qs = model.objects.filter(state=State.QUEUED, next_attempt_at__lte=now).order_by("next_attempt_at", "pk")
    return list(qs.values_list("pk", flat=True)[:CLAIM_BATCH])


def leases_expire(*, now: datetime | None = None) -> int:
    """Messages whose worker died while sending: failed, outcome unknown (a person resends)."""
    now = now or timezone.now()
    text = _("The worker stopped while sending: it may have been sent. Check before resending.")
    count = 0
    for model in (SmsMessage, WorkMessage):
        count += model.objects.filter(state=State.SENDING, lease_until__lt=now).update(
            state=State.FAILED, error=text, lease_until=None
        )
    return count


def messages_send_due(*, now: datetime | None = None, limit: int | None = None) -> dict[str, int]:
    """Send every due message (each claimed first, so two workers never send one twice)."""
    clock = (lambda: now) if now is not None else timezone.now
    counts = {"sms": 0, "work": 0}
    with override(settings.LANGUAGE_CODE):
        leases_expire(now=clock())
        sms, work = backends.backend("sms"), backends.backend("work")
        if sms is not None:
            counts["sms"] = _drain(SmsMessage, sms, _sms_builder(), clock, limit)
        if work is not None:
            counts["work"] = _drain(WorkMessage, work, _work_builder(work.name), clock, limit)
    return counts


def _sms_builder() -> Callable:
    templates = {t.kind: t for t in SmsTemplate.objects.filter(active=True)}
    return lambda message: _sms_payload(message, templates)


def _work_builder(backend_name: str) -> Callable:
    accounts = dict(StaffMessagePreference.objects.exclude(messenger_id="").values_list("user_id", "messenger_id"))
    return lambda message: _work_payload(message, accounts, backend_name)


def _drain(model, backend, build: Callable, clock: Callable[[], datetime], limit: int | None) -> int:
    """Claim a batch, send each message, record the batch's answers in one transaction.

    A worker that dies before that commit leaves its batch ``sending``: its leases run out and
    ``leases_expire`` fails them as "may have been sent", never sending them a second time."""
    sent = 0
    while limit is None or sent < limit:
        ids = _due(model, clock())
        if not ids:
            break
        claimed = _claim(model, ids, clock())
        answers = [(message, _send_one(message, backend, build)) for message in claimed]
        with transaction.atomic():
            for message, outcome in answers:
                _log(model, message, _record(model, message, backend.name, outcome, clock()))
        sent += len(claimed)
    return sent
