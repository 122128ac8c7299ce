"""Intake over HTTP: file a case (idempotent with Idempotency-Key) and read its public status."""

import hashlib
import json

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status

from departments import permissions as perms
from departments.selectors import unit_list_for_user
from intake import ratelimit, selectors
from intake.forms import PublicCaseForm
from intake.models import Case, Channel, Service
from intake.services import IdempotencyConflict, case_file

router = Router(tags=["intake"])

IDEMPOTENCY_KEY_MAX = 128


class CaseIn(Schema):
    service: str = Field(description="petition, complaint, legal_consultation, legal_aid, mediation or governance")
    request: str = Field(description="what happened and what is asked for (at most 5000 characters)")
    name: str
    phone: str
    id_number: str = ""
    village: int | None = Field(None, description="id of the village or community")
    address: str = ""
    group_size: int = 1
    is_conduct_complaint: bool = False
    accused_description: str = ""
    consent: bool = Field(description="the petitioner accepted the personal-data notice")
    channel: str = Field(
        "online", description="online for everyone; visit, letter or phone only for petition-office staff"
    )


class CaseFiled(Schema):
    tracking_code: str
    display_code: str
    reply_due_on: str
    reply_due_provisional: bool
    repeat_count: int


class ErrorOut(Schema):
    message: str
    errors: dict[str, list[str]] = {}


class EventOut(Schema):
    at: str
    kind: str


class CaseStatusOut(Schema):
    tracking_code: str
    status: str
    channel: str
    service: str
    received_at: str
    reply_due_on: str
    reply_due_provisional: bool
    timeline: list[EventOut]


def _fingerprint(payload: dict) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@router.post(
    "/cases",
    response={201: CaseFiled, 200: CaseFiled, 400: ErrorOut, 403: ErrorOut, 409: ErrorOut, 429: ErrorOut},
    summary="File a case",
)
def file_case(request: HttpRequest, payload: CaseIn):
    """File a case. With an ``Idempotency-Key`` header a retried request returns the same case (200)."""
    key = request.headers.get("Idempotency-Key", "").strip() or None
    if key and len(key) > IDEMPOTENCY_KEY_MAX:
        return Status(400, {"message": _("The Idempotency-Key header is longer than 128 characters.")})
    data = payload.dict()
    channel = data.pop("channel")
    if channel not in Channel.values:
        return Status(400, {"message": _("Unknown channel."), "errors": {"channel": [_("Unknown channel.")]}})
    user = request.user
    staff = user.is_authenticated and unit_list_for_user(user, permission=perms.REGISTER_CASES).exists()
    if channel != Channel.ONLINE and not staff:
        return Status(403, {"message": _("Only petition-office staff may register other channels.")})
    form = PublicCaseForm(
        {**{k: ("" if v is None else v) for k, v in data.items()}, "token": "api", "consent": data["consent"] or ""},
        allow_files=False,
    )
    if not form.is_valid():
        errors = {k: [str(m) for m in v] for k, v in form.errors.items() if k != "token"}
        if errors:
            return Status(400, {"message": _("Please correct the fields listed."), "errors": errors})
    fingerprint = _fingerprint({**data, "channel": channel})
    if not key or not Case.objects.filter(idempotency_key=key).exists():
        who = f"user:{user.pk}" if staff else ratelimit.client_address(request)
        if not ratelimit.allow(ratelimit.FILE_API, who):
            return Status(429, {"message": _("Too many cases were filed from here. Please try again later.")})
    try:
        filed = case_file(
            data=form.case_input(channel=channel),
            actor=user if staff else None,
            idempotency_key=key,
            fingerprint=fingerprint,
        )
    except IdempotencyConflict:
        return Status(409, {"message": _("This Idempotency-Key was already used for a different request.")})
    case = filed.case
    body = {
        "tracking_code": case.tracking_code,
        "display_code": case.display_code,
        "reply_due_on": case.reply_due_on.isoformat(),
        "reply_due_provisional": case.reply_due_provisional,
        # The count as this caller may see it (anonymous: this case only), never the stored one.
        "repeat_count": selectors.repeat_count_for_user(case, user),
    }
    return Status(201 if filed.created else 200, body)


@router.get(
    "/cases/{tracking_code}", response={200: CaseStatusOut, 404: ErrorOut, 429: ErrorOut}, summary="Case status"
)
def case_status(request: HttpRequest, tracking_code: str, phone_last4: str):
    """The public status of a case. A wrong phone answers exactly like an unknown code (404)."""
    if not ratelimit.allow(ratelimit.TRACK, ratelimit.client_address(request)):
        return Status(429, {"message": _("Too many look-ups from here. Please try again in a few minutes.")})
    case = selectors.case_get_public(code=tracking_code, phone_last4=phone_last4)
    if case is None:
        return Status(404, {"message": _("No case matches this tracking code and phone number.")})
    return Status(
        200,
        {
            "tracking_code": case.tracking_code,
            "status": case.status,
            "channel": case.channel,
            "service": case.service,
            "received_at": case.received_at.isoformat(),
            "reply_due_on": case.reply_due_on.isoformat(),
            "reply_due_provisional": case.reply_due_provisional,
            "timeline": [{"at": e.at.isoformat(), "kind": e.kind} for e in case.public_events],
        },
    )


del transaction, Service
