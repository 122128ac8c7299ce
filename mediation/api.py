"""Case handling over HTTP (mounted at /api/v1/): queues, one case, pick and the other moves.

Signed in with the browser session (CSRF checked on writes) or a personal API token
(``Authorization: Bearer <token>``, see ``manage.py api_token_issue``). Every read goes through
``mediation.selectors``; a case the caller may not see answers 404 like a missing one. Bad input is
a 400 with a message in the caller's language (Chinese by default), never a 500.
"""

import json
from typing import Literal

import pydantic
from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status
from pydantic import ConfigDict

from cases.errors import ActionRefused
from cases.models import CaseKind
from cases.permissions import viewer_for
from cases.rules.status import ACTIONS
from cases.schema import ChannelName, ServiceName, StatusName
from cases.selectors import case_get_for_user
from departments.models import Leader, Unit
from departments.selectors import unit_get_for_user
from mediation import permissions, selectors, services
from mediation.apiauth import BrowserSession, TokenAuth
from mediation.org import parse_leader_ref
from mediation.selectors import BadCursor
from web.apischema import ErrorOut, body_doc, field_errors

router = Router(tags=["case handling"], auth=[TokenAuth(), BrowserSession()])


UnitKindName = Literal[*Unit.Kind.values]
CaseKindName = Literal[*CaseKind.values]
# The status moves of the rules, and the assisting units' finding (see permissions.routing_actions_for).
ActionName = Literal[*ACTIONS, "add_finding"]
DECISIONS = ("uphold", "reassign")


def _examples(*examples: dict) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)})


class QueueOut(Schema):
    unit: str
    name: str
    kind: UnitKindName


class CaseRowOut(Schema):
    tracking_code: str
    display_code: str
    status: StatusName
    service: ServiceName
    received_at: str
    reply_due_on: str
    leader_led: bool
    picked_by: str | None


class CasePageOut(Schema):
    unit: str
    cases: list[CaseRowOut]
    next: str | None = Field(None, description="cursor of the next page (pass as ?after=)")


class RoutingOut(Schema):
    kind: CaseKindName
    line_office: str | None
    lead_unit: str | None
    assisting_units: list[str]
    owner: str | None
    leader_led: bool
    confidential: bool
    assigned_at: str | None
    picked_by: str | None
    proposal: dict


class CaseOut(Schema):
    tracking_code: str
    display_code: str
    status: StatusName
    channel: ChannelName
    service: ServiceName
    request: str
    received_at: str
    reply_due_on: str
    routing: RoutingOut | None
    actions: list[ActionName] = Field(description="what the caller may do with the case now")


class ConfirmRoutingIn(Schema):
    model_config = _examples({}, {"lead_unit": "legal-service", "reason": "当事人申请法律援助，应由司法所承办"})

    lead_unit: str | None = Field(None, description="code of the lead unit; leave out to confirm the proposal")
    assisting_units: list[str] | None = Field(None, description="codes of the assisting units; leave out: proposed")
    reason: str = Field("", description="why the proposal is overridden or the routing changed (required then)")
    change: bool = Field(False, description="change a routing already confirmed (confirming it again is refused)")


class AssignIn(Schema):
    model_config = _examples({"assignee": "mediation.handler"})

    assignee: str = Field(description="username of a member of the lead unit")


class ReasonIn(Schema):
    model_config = _examples({"reason": "诉求涉及法律援助，不属本单位职责"})

    reason: str


class ReassignIn(Schema):
    model_config = _examples({"unit": "legal-service", "reason": "当事人申请法律援助，转司法所承办"})

    unit: str = Field(description="code of the new lead unit")
    reason: str


class DecisionIn(Schema):
    model_config = _examples({"decision": "uphold", "note": "职责明确，维持交办"})

    decision: Literal[*DECISIONS] = Field(description="uphold the assignment, or reassign to unit")
    unit: str | None = Field(None, description="code of the new lead unit (reassign)")
    note: str = ""


class FindingIn(Schema):
    model_config = _examples({"text": "经走访核实，双方确有装修噪音纠纷"})

    text: str


# The refusals each kind of operation really gives (the request guard's 400 and 413 included).
READ_ERRORS = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut}
WRITE_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 413: ErrorOut}


def _error(status: int, message: str, *, code: str = "", errors: dict | None = None) -> Status:
    return Status(status, {"message": str(message), "code": code, "errors": errors or {}})


class BadInput(Exception):
    def __init__(self, response: Status) -> None:
        self.response = response


def _body(request: HttpRequest, schema: type[Schema]) -> Schema:
    """The JSON body checked against ``schema``; any problem is a 400 in the caller's language."""
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise BadInput(_error(400, _("The request body is not valid JSON."), code="json")) from None
    if not isinstance(data, dict):
        raise BadInput(_error(400, _("The request body must be a JSON object."), code="json"))
    try:
        return schema.model_validate(data)
    except pydantic.ValidationError as invalid:
        errors = field_errors(invalid.errors())
        raise BadInput(_error(400, _("Please correct the fields listed."), code="fields", errors=errors)) from None


def _case(request, code: str):
    return case_get_for_user(request.auth, code=code)


def _row(case) -> dict:
    routing = getattr(case, "routing", None)
    return {
        "tracking_code": case.tracking_code,
        "display_code": case.display_code,
        "status": case.status,
        "service": case.service,
        "received_at": case.received_at.isoformat(),
        "reply_due_on": case.reply_due_on.isoformat(),
        "leader_led": bool(routing and routing.leader_led),
        "picked_by": routing.picked_by.get_username() if routing and routing.picked_by_id else None,
    }


def _detail(request, case) -> dict:
    routing = getattr(case, "routing", None)
    out = None
    if routing is not None:
        out = {
            "kind": routing.kind,
            "line_office": routing.line_office.code if routing.line_office_id else None,
            "lead_unit": routing.lead_unit.code if routing.lead_unit_id else None,
            "assisting_units": list(routing.assisting_units.values_list("code", flat=True)),
            "owner": str(routing.owner) if routing.owner_id else None,
            "leader_led": routing.leader_led,
            "confidential": routing.confidential,
            "assigned_at": routing.assigned_at.isoformat() if routing.assigned_at else None,
            "picked_by": routing.picked_by.get_username() if routing.picked_by_id else None,
            "proposal": routing.proposal,
        }
    return {
        "tracking_code": case.tracking_code,
        "display_code": case.display_code,
        "status": case.status,
        "channel": case.channel,
        "service": case.service,
        "request": case.request,
        "received_at": case.received_at.isoformat(),
        "reply_due_on": case.reply_due_on.isoformat(),
        "routing": out,
        "actions": list(permissions.routing_actions_for(request.auth, case)),
    }


def _run(request, code: str, action, schema: type[Schema] | None = None) -> Status:
    """Fetch the case (404 alike), parse the body, call the service, answer with the case."""
    try:
        case = _case(request, code)
        payload = _body(request, schema) if schema else None
        action(case, payload)
    except Http404:
        return _error(404, _("No such case."), code="not_found")
    except BadInput as bad:
        return bad.response
    except ActionRefused as error:
        return _error(error.status, error.message, code=error.code)
    try:
        return Status(200, _detail(request, _case(request, code)))
    except Http404:  # e.g. reassigned away from the caller's unit
        return Status(200, {**_row(case), "request": "", "channel": case.channel, "routing": None, "actions": []})


def _unit(code: str) -> Unit:
    unit = Unit.objects.filter(code=code, is_active=True).first()
    if unit is None:
        raise BadInput(_error(400, _("Unknown unit."), code="unit", errors={"unit": [_("Unknown unit.")]}))
    return unit


@router.get("/queues", response={200: list[QueueOut], 400: ErrorOut, 401: ErrorOut}, summary="My queues")
def queues(request):
    """The units whose shared queue the caller may open."""
    return [{"unit": u.code, "name": u.name, "kind": u.kind} for u in selectors.queue_units_for_user(request.auth)]


@router.get("/queues/{unit}/cases", response={200: CasePageOut, **READ_ERRORS}, summary="A queue's waiting cases")
def queue_cases(request, unit: str, after: str | None = None, limit: str | None = None):
    """Waiting cases of one unit, oldest first, by keyset pages (``next`` → ``?after=``)."""
    try:
        unit_obj = unit_get_for_user(request.auth, code=unit)
    except Http404:
        return _error(404, _("No such queue."), code="not_found")
    try:
        size = int(limit) if limit not in (None, "") else selectors.PAGE_SIZE
        if not 1 <= size <= selectors.MAX_PAGE_SIZE:
            raise ValueError(size)
    except ValueError:
        return _error(400, _("limit must be a whole number from 1 to 200."), code="limit")
    try:
        page = selectors.queue_for_unit(request.auth, unit_obj, after=after or None, limit=size)
    except BadCursor:
        return _error(400, _("This page cursor is not valid."), code="cursor")
    return {"unit": unit_obj.code, "cases": [_row(c) for c in page.items], "next": page.next_cursor}


@router.get("/cases/{code}", response={200: CaseOut, **READ_ERRORS}, summary="One case")
def case_read(request, code: str):
    try:
        case = case_get_for_user(request.auth, code=code, viewer=viewer_for(request.auth))
    except Http404:
        return _error(404, _("No such case."), code="not_found")
    return Status(200, _detail(request, case))


@router.post(
    "/cases/{code}/confirm-routing",
    response={200: CaseOut, **WRITE_ERRORS},
    summary="Confirm or correct the proposed routing (petition office)",
    openapi_extra=body_doc(ConfirmRoutingIn),
)
def case_routing_confirm(request, code: str):
    """Without ``lead_unit`` and ``assisting_units`` the rulebook's proposal is confirmed as it stands."""

    def run(case, payload):
        routing = getattr(case, "routing", None)
        proposal = (routing.proposal if routing else None) or {}
        lead = payload.lead_unit if payload.lead_unit is not None else proposal.get("lead_unit")
        assisting = (
            payload.assisting_units if payload.assisting_units is not None else proposal.get("assisting_units", [])
        )
        owner_id = parse_leader_ref(proposal.get("owner"))
        services.case_routing_confirm(
            case=case,
            actor=request.auth,
            lead_unit=_unit(lead) if lead else None,
            assisting_units=[_unit(unit) for unit in assisting],
            owner=Leader.objects.filter(pk=owner_id).first() if owner_id else None,
            leader_led=bool(proposal.get("leader_led")),
            reason=payload.reason,
            change=payload.change,
        )

    return _run(request, code, run, ConfirmRoutingIn)


@router.post("/cases/{code}/sign", response={200: CaseOut, **WRITE_ERRORS}, summary="Sign the assignment")
def case_sign(request, code: str):
    return _run(request, code, lambda case, _p: services.case_sign_assignment(case=case, actor=request.auth))


@router.post("/cases/{code}/pick", response={200: CaseOut, **WRITE_ERRORS}, summary="Pick from the queue")
def case_pick(request, code: str):
    """200 for the one caller who gets the case; 409 (已被他人领取) for everyone else."""
    return _run(request, code, lambda case, _p: services.case_pick(case=case, actor=request.auth))


@router.post("/cases/{code}/release", response={200: CaseOut, **WRITE_ERRORS}, summary="Release to the queue")
def case_release(request, code: str):
    return _run(request, code, lambda case, _p: services.case_release(case=case, actor=request.auth))


@router.post("/cases/{code}/take-back", response={200: CaseOut, **WRITE_ERRORS}, summary="Take back (unit head)")
def case_take_back(request, code: str):
    return _run(request, code, lambda case, _p: services.case_take_back(case=case, actor=request.auth))


@router.post(
    "/cases/{code}/assign",
    response={200: CaseOut, **WRITE_ERRORS},
    summary="Assign to a member",
    openapi_extra=body_doc(AssignIn),
)
def case_assign(request, code: str):
    def run(case, payload):
        assignee = get_user_model().objects.filter(username=payload.assignee).first()
        if assignee is None:
            raise BadInput(_error(400, _("Unknown user."), code="assignee", errors={"assignee": [_("Unknown user.")]}))
        services.case_assign(case=case, actor=request.auth, assignee=assignee)

    return _run(request, code, run, AssignIn)


@router.post(
    "/cases/{code}/reassign",
    response={200: CaseOut, **WRITE_ERRORS},
    summary="Reassign to another unit (director)",
    openapi_extra=body_doc(ReassignIn),
)
def case_reassign(request, code: str):
    def run(case, payload):
        services.case_reassign(case=case, actor=request.auth, unit=_unit(payload.unit), reason=payload.reason)

    return _run(request, code, run, ReassignIn)


@router.post(
    "/cases/{code}/object",
    response={200: CaseOut, **WRITE_ERRORS},
    summary="Object to the assignment (unit head)",
    openapi_extra=body_doc(ReasonIn),
)
def case_object(request, code: str):
    return _run(
        request,
        code,
        lambda case, payload: services.case_object(case=case, actor=request.auth, reason=payload.reason),
        ReasonIn,
    )


@router.post(
    "/cases/{code}/objection",
    response={200: CaseOut, **WRITE_ERRORS},
    summary="Decide an objection (director)",
    openapi_extra=body_doc(DecisionIn),
)
def case_objection_decide(request, code: str):
    def run(case, payload):
        unit = _unit(payload.unit) if payload.unit else None
        services.objection_decide(
            case=case, actor=request.auth, uphold=payload.decision == "uphold", note=payload.note, unit=unit
        )

    return _run(request, code, run, DecisionIn)


@router.post(
    "/cases/{code}/findings",
    response={200: CaseOut, **WRITE_ERRORS},
    summary="Add a finding (assisting unit)",
    openapi_extra=body_doc(FindingIn),
)
def case_finding_add(request, code: str):
    return _run(
        request,
        code,
        lambda case, payload: services.assist_finding_add(case=case, actor=request.auth, text=payload.text),
        FindingIn,
    )
