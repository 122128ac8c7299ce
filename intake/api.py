"""Intake over HTTP: file a case (idempotent with Idempotency-Key) and read its public status."""

import hashlib
import json
from typing import Literal

from django.http import HttpRequest
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status
from pydantic import ConfigDict

from cases.errors import ActionRefused, IdempotencyConflict, RateLimited
from cases.models import Channel, ReportCategory
from cases.schema import ChannelName, ServiceName, StatusName
from departments.selectors import user_may_register_cases
from intake import rules, selectors
from intake.forms import PublicCaseForm
from intake.services import case_file
from mediation.apiauth import api_caller
from web import ratelimit
from web.apischema import ErrorOut, body_doc

router = Router(tags=["intake"])

IDEMPOTENCY_KEY_MAX = 128


EXAMPLE_PHONE = "13812345678"
ReportCategoryName = Literal[*ReportCategory.values]


class CaseIn(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "service": "mediation",
                    "request": "邻居装修噪音扰民，协商无果，申请调解。",
                    "name": "李四",
                    "phone": EXAMPLE_PHONE,
                    "consent": True,
                },
                {
                    "service": "complaint",
                    "report_category": "village_affairs",
                    "request": "村里垃圾清运费收了三年，账目从未公开。",
                    "anonymous": True,
                    "passphrase": "河边柳树2026",
                    "consent": True,
                },
            ]
        }
    )

    service: ServiceName = Field(
        description="what the petitioner needs; a report (举报) is `complaint`, about an official's conduct or not"
    )
    request: str = Field(description="what happened and what is asked for (at most 5000 characters)")
    name: str = Field("", description="the petitioner's name (at most 40 characters); required unless anonymous")
    phone: str = Field(
        "", description="a mobile number (11 digits) or a landline with its area code; required unless anonymous"
    )
    id_number: str = Field("", description="mainland resident ID number (18 characters), optional")
    village: int | None = Field(None, description="id of the village or community")
    address: str = ""
    group_size: int = Field(1, ge=1, le=500, description="how many people come with this matter")
    is_conduct_complaint: bool = False
    accused_description: str = Field("", description="about whom (required with is_conduct_complaint)")
    report_category: ReportCategoryName | None = Field(
        None,
        description="a report not about an official's conduct: what it is about; it goes to the unit in charge of such"
        " matters by the report routing table (ignored for other services)",
    )
    anonymous: bool = Field(
        False,
        description="a report (service complaint) filed without name, phone, ID number or address: nothing that"
        " names the reporter is kept, and the report is followed with its tracking code and the passphrase",
    )
    passphrase: str = Field(
        "",
        description=f"an anonymous report: the passphrase the reporter chose ({rules.PASSPHRASE_MIN_LENGTH} to"
        f" {rules.PASSPHRASE_MAX_LENGTH} characters), kept only as a password hash; it cannot be looked up or reset",
        json_schema_extra={"writeOnly": True},
    )
    consent: bool = Field(description="the petitioner accepted the personal-data notice (must be true)")
    sms_opt_out: bool = Field(False, description="send the petitioner no SMS about this case")
    proxy_requested: bool = Field(False, description="the petitioner asks for a proxy agent (代办) to carry the case")
    channel: ChannelName = Field(
        Channel.ONLINE.value, description="online for everyone; visit, letter or phone only for petition-office staff"
    )


class CaseFiled(Schema):
    tracking_code: str
    display_code: str
    reply_due_on: str
    reply_due_provisional: bool
    repeat_count: int


class EventOut(Schema):
    at: str
    kind: str = Field(description="what happened (filed, reply_delivered, closed, ...)")


class CaseStatusOut(Schema):
    tracking_code: str
    status: StatusName
    channel: ChannelName
    service: ServiceName
    received_at: str
    reply_due_on: str
    reply_due_provisional: bool
    timeline: list[EventOut]


def _form_data(data: dict) -> dict:
    """The API's body as the public form's fields (the form checks both alike)."""
    form = {k: ("" if v is None or v is False else v) for k, v in data.items()}
    # The API takes the passphrase once: a program does not mistype it.
    form["passphrase_confirm"] = data["passphrase"]
    return {**form, "token": "api"}


def _passphrase_mark(passphrase: str) -> str:
    """What the idempotency fingerprint keeps of a passphrase: a keyed hash, never a plain digest of it."""
    return salted_hmac("intake.api.idempotency", passphrase, algorithm="sha256").hexdigest() if passphrase else ""


def _fingerprint(payload: dict) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@router.post(
    "/cases",
    response={
        201: CaseFiled,
        200: CaseFiled,
        400: ErrorOut,
        403: ErrorOut,
        409: ErrorOut,
        413: ErrorOut,
        429: ErrorOut,
    },
    summary="File a case",
    openapi_extra=body_doc(CaseIn, with_schema=False),
)
def file_case(request: HttpRequest, payload: CaseIn):
    """File a case. With an ``Idempotency-Key`` header a retried request returns the same case (200).

    Anyone may file online. Letters, calls and visits are registered by petition-office (or
    discipline-office) staff, who prove who they are with a personal API token or with their
    signed-in session and its CSRF token (``mediation.apiauth``); without that proof a call is an
    anonymous filer's.
    """
    key = request.headers.get("Idempotency-Key", "").strip() or None
    if key and len(key) > IDEMPOTENCY_KEY_MAX:
        return Status(400, {"message": _("The Idempotency-Key header is longer than 128 characters.")})
    data = payload.dict()
    channel = data.pop("channel")
    user = api_caller(request)
    staff = user_may_register_cases(user)
    if channel != Channel.ONLINE and not staff:
        return Status(403, {"message": _("Only petition-office staff may register other channels.")})
    form = PublicCaseForm(_form_data(data), allow_files=False)
    if not form.is_valid():
        errors = {k: [str(m) for m in v] for k, v in form.errors.items() if k != "token"}
        if errors:
            return Status(400, {"message": _("Please correct the fields listed."), "errors": errors})
    fingerprint = _fingerprint({**data, "channel": channel, "passphrase": _passphrase_mark(data["passphrase"])})
    who = f"user:{user.pk}" if staff else ratelimit.client_address(request)
    try:
        filed = case_file(
            data=form.case_input(channel=channel),
            actor=user if staff else None,
            idempotency_key=key,
            fingerprint=fingerprint,
            # A retry of a case already filed is never limited (asked after that check).
            admit=lambda: ratelimit.allow(ratelimit.FILE_API, who),
        )
    except (IdempotencyConflict, RateLimited) as refused:
        return Status(refused.status, {"message": refused.message})
    except ActionRefused as refused:  # the service's own checks (a passphrase, nobody named)
        return Status(400, {"message": refused.message, "code": refused.code})
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
    "/cases/{tracking_code}",
    response={200: CaseStatusOut, 400: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    summary="Case status",
)
def case_status(
    request: HttpRequest,
    tracking_code: str,
    phone_last4: str = Query(
        description="the last four digits of the phone given when filing", examples=[EXAMPLE_PHONE[-4:]]
    ),
):
    """The public status of a case. A wrong phone answers exactly like an unknown code (404).

    An anonymous report never opens here: it is followed with its passphrase, sent in a body
    (``POST /cases/{tracking_code}/status``), never in a URL.
    """
    return _status_answer(request, code=tracking_code, phone_last4=phone_last4)


class TrackIn(Schema):
    model_config = ConfigDict(json_schema_extra={"examples": [{"passphrase": "河边柳树2026"}, {"phone_last4": "5678"}]})

    phone_last4: str = Field("", description="the last four digits of the phone given when filing (a named case)")
    passphrase: str = Field(
        "", description="the passphrase chosen when filing an anonymous report", json_schema_extra={"writeOnly": True}
    )


@router.post(
    "/cases/{tracking_code}/status",
    response={200: CaseStatusOut, 400: ErrorOut, 404: ErrorOut, 413: ErrorOut, 429: ErrorOut},
    summary="Case status (with a report's passphrase)",
    openapi_extra=body_doc(TrackIn, with_schema=False),
)
def case_status_lookup(request: HttpRequest, tracking_code: str, payload: TrackIn):
    """The public status of a case, asked with the phone's last four digits or, for an anonymous
    report, its passphrase. A wrong phone or passphrase, or the one where the other is expected,
    answers exactly like an unknown code (404)."""
    if len(payload.passphrase) > rules.PASSPHRASE_MAX_LENGTH:
        message = _("The passphrase may have at most %(max)d characters.") % {"max": rules.PASSPHRASE_MAX_LENGTH}
        return Status(400, {"message": message, "code": "fields", "errors": {"passphrase": [message]}})
    if not payload.phone_last4.strip() and not payload.passphrase.strip():
        message = _("Enter the last four digits of the phone, or the passphrase of an anonymous report.")
        return Status(400, {"message": message, "code": "fields", "errors": {"phone_last4": [message]}})
    return _status_answer(request, code=tracking_code, phone_last4=payload.phone_last4, passphrase=payload.passphrase)


def _status_answer(request: HttpRequest, *, code: str, phone_last4: str = "", passphrase: str = ""):
    if not ratelimit.allow(ratelimit.TRACK, ratelimit.client_address(request)):
        return Status(429, {"message": _("Too many look-ups from here. Please try again in a few minutes.")})
    case = selectors.case_get_public(code=code, phone_last4=phone_last4, passphrase=passphrase)
    if case is None:
        if passphrase.strip():
            return Status(404, {"message": _("No case matches this tracking code and phone number or passphrase.")})
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
