"""The permission matrix's knowledge of routes: how to call each one, or why it is not about cases.

Every URL pattern of the project, every API operation and every websocket route must appear here.
A route that appears nowhere fails ``test_permission_matrix.py``: a new route cannot escape the
confidentiality checks by being forgotten.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

PROJECT_APPS = (
    "center",
    "departments",
    "cases",
    "intake",
    "mediation",
    "peoples_mediation",
    "lobby",
    "governance",
    "leadership",
    "stats",
    "reports",
    "cms",
)
CASE_APPS = ("cases", "intake", "mediation", "peoples_mediation", "lobby", "governance", "leadership")
# Models of those apps that hold no case data (admin screens for them are not about cases).
NOT_CASE_MODELS = frozenset(
    {
        "cases.Kiosk",
        "cases.ReportRoute",
        "lobby.TicketCounter",
        "mediation.CalendarYear",
        "mediation.CalendarDay",
        "mediation.RoutingTable",
        "mediation.ApiToken",
        "lobby.ServiceWindow",
        "lobby.WindowAssignment",
        "lobby.TicketState",
        "lobby.TicketCall",
        "lobby.Display",
        "lobby.DutyRoster",
        "lobby.Notice",
        "governance.GridWorker",
        "governance.IncidentCategory",
        "peoples_mediation.Mediator",
        "leadership.DutyWeekday",
        "leadership.DutyException",
        "stats.ScoringScheme",
        "stats.ScoringItem",
        "mediation.ProxyMatter",
    }
)


@dataclass(frozen=True)
class Call:
    """How to call a route for one case: its URL kwargs (one dict per variant) and what to send."""

    fills: Callable[[object, object], list[dict]] = lambda ctx, case: [{}]
    method: str = "get"
    data: Callable[[object, object], dict] | None = None
    detail: bool = False
    """A page or answer about the case itself: the accused never get a 200 here."""
    reads: bool | None = None
    """Whether it only reads (then every role calls it); default: GET reads, POST writes."""

    @property
    def is_read(self) -> bool:
        return self.method == "get" if self.reads is None else self.reads


def code(ctx, case):
    return [{"code": case.tracking_code}]


def _units(ctx, case):
    codes = {case.routing.lead_unit.code, *ctx.own_units}
    return [{"unit": c} for c in sorted(codes)]


def _score_period(ctx, case):
    from django.utils import timezone

    from stats.rules.periods import quarter_of

    return [{"code": quarter_of(timezone.localdate()).code}]


def _score_subjects(ctx, case):
    code = _score_period(ctx, case)[0]["code"]
    subjects = [{"code": code, "kind": "unit", "subject": c["unit"]} for c in _units(ctx, case)]
    if case.village_id:
        subjects.append({"code": code, "kind": "village", "subject": case.village.code})
    return subjects


def _unit_codes(ctx, case):
    return [{"code": c["unit"]} for c in _units(ctx, case)]


def _ws_units(ctx, case):
    return [{"unit_code": c["unit"]} for c in _units(ctx, case)]


def _link(ctx, case):
    return [{"code": case.tracking_code, "link_id": ctx.links[case.pk]}]


def _attachment(ctx, case):
    return [{"code": case.tracking_code, "attachment_id": ctx.attachments[case.pk]}]


def _token(ctx, case):
    return [{"token": "not-the-submission-token"}]


def _phone(ctx, case):
    return {"phone": case.petitioners.get().phone}


def _reason(ctx, case):
    return {"reason": "matrix", "note": "matrix", "text": "matrix", "decision": "uphold"}


def _handling(ctx, case):
    from django.utils import timezone

    return {
        "at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "learned": "matrix",
        "place": "matrix",
        "text": "matrix",
        "reason": "matrix",
        "facts": "matrix",
        "method": "phone",
        "satisfaction": "unsatisfied",
        "delivered_on": timezone.localdate().isoformat(),
    }


def _missions(ctx, case):
    return [{"pk": pk} for pk in case.return_missions.values_list("pk", flat=True)]


def _return_step():
    from django.utils import timezone

    at = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    return {
        "level": "beijing",
        "location": "matrix",
        "requested_by": "matrix",
        "requested_at": at,
        "dispatched_at": at,
        "returned_at": at,
        "held_at": at,
        "place": "matrix",
        "note": "matrix",
        "kind": "talk",
        "police": "matrix",
        "reason": "matrix",
    }


_mediation = {"referral": "court", "note": "matrix"}
_report = {"analysis": "matrix", "resolution_plan": "matrix", "stabilisation_plan": "matrix"}
_duty = {"duty": "know", "done_on": "2026-01-05", "note": "matrix"}
_conference = {
    "held_on": "2026-01-05",
    "place": "matrix",
    "other_attendees": "matrix",
    "analysis": "m",
    "decisions": "m",
}


# Site routes (by qualified URL name) that take part in the matrix.
CALLS: dict[str, Call] = {
    # Case handling (mediation).
    "mediation:queues": Call(),
    "mediation:queue": Call(fills=_units),
    "mediation:inbox": Call(),
    "mediation:assisting": Call(),
    "mediation:delegations": Call(),
    "mediation:delegation-revoke": Call(fills=lambda ctx, case: [{"pk": ctx.delegation}], method="post"),
    "mediation:case": Call(fills=code, detail=True),
    # The discipline office's intake: whom a conduct complaint is about (issue 12).
    "mediation:accused-intake": Call(),
    # The petitioner at hand (issue 13): the full ID number, on asking; recorded.
    "mediation:petitioner-reveal": Call(
        fills=code, method="post", data=lambda ctx, case: {"petitioner": case.petitioners.first().pk}
    ),
    "mediation:accused": Call(fills=code, detail=True),
    "mediation:accused-confirm": Call(
        fills=code, method="post", data=lambda ctx, case: {"units": [ctx.any_unit], "persons": [ctx.any_user]}
    ),
    "mediation:routing-facts": Call(fills=code, method="post", data=lambda ctx, case: {"kind": "policy"}),
    "mediation:routing-confirm": Call(fills=code, method="post", data=lambda ctx, case: {"lead_unit": ctx.any_unit}),
    "mediation:sign": Call(fills=code, method="post"),
    "mediation:pick": Call(fills=code, method="post"),
    "mediation:release": Call(fills=code, method="post"),
    "mediation:assign": Call(fills=code, method="post", data=lambda ctx, case: {"assignee": ctx.any_user}),
    "mediation:take-back": Call(fills=code, method="post"),
    "mediation:object": Call(fills=code, method="post", data=_reason),
    "mediation:objection-decide": Call(fills=code, method="post", data=_reason),
    "mediation:reassign": Call(
        fills=code, method="post", data=lambda ctx, case: {"unit": ctx.any_unit, "reason": "matrix"}
    ),
    "mediation:finding-add": Call(fills=code, method="post", data=_reason),
    # Handling, the written reply, follow-up (issue 5).
    "mediation:first-contact": Call(fills=code, method="post", data=_handling),
    "mediation:site-visit": Call(fills=code, method="post", data=_handling),
    "mediation:note-add": Call(fills=code, method="post", data=_handling),
    "mediation:reply-draft": Call(fills=code, method="post", data=_handling),
    "mediation:reply-submit": Call(fills=code, method="post"),
    "mediation:reply-return": Call(fills=code, method="post", data=_handling),
    "mediation:completion-sign": Call(fills=code, method="post"),
    "mediation:reply-deliver": Call(fills=code, method="post", data=_handling),
    "mediation:follow-up": Call(fills=code, method="post", data=_handling),
    "mediation:reopen": Call(fills=code, method="post", data=_handling),
    "mediation:close": Call(fills=code, method="post"),
    "mediation:reply-pdf": Call(fills=code, detail=True),
    "mediation:history": Call(fills=code, detail=True),
    # The petitioner's: a signed, short-lived token from the tracking page; a guess must reveal nothing.
    "mediation:public-reply-pdf": Call(fills=_token),
    "mediation:public-reopen": Call(method="post", data=lambda ctx, case: {"token": "forged", "reason": "matrix"}),
    # Escalated cases (issue 5).
    "mediation:warning-slip": Call(fills=code, detail=True),
    "mediation:warning-slip-pdf": Call(fills=code, detail=True),
    "mediation:assignment-sheet": Call(fills=code, detail=True),
    "mediation:warning-slip-issue": Call(fills=code, method="post"),
    "mediation:reinvestigation-file": Call(fills=code, method="post", data=lambda ctx, case: _report),
    "mediation:reinvestigation-sign": Call(fills=code, method="post"),
    "mediation:reinvestigation-return": Call(fills=code, method="post", data=_reason),
    "mediation:ownership-duty": Call(fills=code, method="post", data=lambda ctx, case: _duty),
    "mediation:case-conference": Call(fills=code, method="post", data=lambda ctx, case: _conference),
    # Leaders' duties and proxy agents (issue 17).
    "mediation:proactive-appointment": Call(
        fills=code, method="post", data=lambda ctx, case: {"outcome": "held", "on": "2026-01-05", "note": "matrix"}
    ),
    "mediation:supervision-issue": Call(
        fills=code, method="post", data=lambda ctx, case: {"instructions": "matrix", "answer_by": "2099-01-05"}
    ),
    "mediation:supervision-answer": Call(fills=code, method="post", data=lambda ctx, case: {"answer": "matrix"}),
    "mediation:proxy-assign": Call(
        fills=code,
        method="post",
        data=lambda ctx, case: {"agent": 999999, "requested_via": "desk", "consent": "matrix"},
    ),
    "mediation:proxy-help": Call(
        fills=code, method="post", data=lambda ctx, case: {"kind": "policy", "on": "2026-01-05", "note": "matrix"}
    ),
    "mediation:proxy-workbench": Call(),
    # The agent files for a resident (a new case; answers only about the case it creates), the receipt
    # and the acknowledgement of a case the agent carries, a document carried.
    "intake:proxy-file": Call(),
    "intake:proxy-filed": Call(fills=code, detail=True),
    "intake:proxy-ack": Call(fills=code, detail=True),
    "intake:proxy-document": Call(
        fills=code,
        method="post",
        data=lambda ctx, case: {"direction": "to_unit", "title": "m", "on": "2026-01-05", "received_by": "m"},
    ),
    "mediation:unit-consultation": Call(fills=_units),
    "mediation:village-consultation": Call(
        fills=lambda ctx, case: [{"village": case.village.code if case.village_id else "tangjiao"}]
    ),
    "mediation:consultations": Call(),
    "mediation:consultation-done": Call(fills=lambda ctx, case: [{"pk": 999999}], method="post"),
    "mediation:extension-request": Call(
        fills=code, method="post", data=lambda ctx, case: {"days": 10, "reason": "matrix"}
    ),
    "mediation:extension-decide": Call(
        fills=code, method="post", data=lambda ctx, case: {"decision": "approve", "note": "matrix"}
    ),
    "mediation:legal-aid-decide": Call(
        fills=code, method="post", data=lambda ctx, case: {"decision": "refuse", "reason": "matrix"}
    ),
    "mediation:legal-aid-lawyer": Call(
        fills=code, method="post", data=lambda ctx, case: {"lawyer": "matrix", "firm": "matrix"}
    ),
    "mediation:legal-aid-decision-pdf": Call(fills=code, detail=True),
    "mediation:legal-aid-documents": Call(
        fills=code, method="post", data=lambda ctx, case: {"received": ["identity"], "by_agent": "on"}
    ),
    # The legal consultation at the window (issue 16).
    "mediation:legal-consultation": Call(
        fills=code,
        method="post",
        data=lambda ctx, case: {"question": "matrix", "mode": "on_the_spot", "advice": "matrix"},
    ),
    "mediation:legal-consultation-held": Call(
        fills=code, method="post", data=lambda ctx, case: {"advice": "matrix", "law_cited": "matrix"}
    ),
    "mediation:legal-consultation-no-show": Call(fills=code, method="post", data=lambda ctx, case: {"note": "matrix"}),
    "mediation:legal-consultation-rebook": Call(
        fills=code, method="post", data=lambda ctx, case: {"booked_for": "2030-01-07T09:00", "lawyer": "matrix"}
    ),
    "mediation:legal-consultation-close-missed": Call(
        fills=code, method="post", data=lambda ctx, case: {"reason": "matrix"}
    ),
    # People's mediation (issue 16): parties, mediators, consent, sessions, the outcome and its documents.
    "peoples_mediation:party-add": Call(
        fills=code,
        method="post",
        data=lambda ctx, case: {"kind": "person", "name": "matrix", "phone": "1", "side": "applicant"},
    ),
    "peoples_mediation:mediator-choose": Call(fills=code, method="post", data=lambda ctx, case: {"mediator": 1}),
    "peoples_mediation:consent": Call(
        fills=code, method="post", data=lambda ctx, case: {"party": 1, "decision": "refuse", **_mediation}
    ),
    "peoples_mediation:session-schedule": Call(fills=code, method="post", data=_handling),
    "peoples_mediation:session-record": Call(
        fills=code, method="post", data=lambda ctx, case: {"session": 1, "held_on": "2026-01-05", "said": "matrix"}
    ),
    "peoples_mediation:session-notice": Call(
        fills=lambda ctx, case: [{"code": case.tracking_code, "number": 1, "party": 1}], detail=True
    ),
    "peoples_mediation:agreement-record": Call(
        fills=code,
        method="post",
        data=lambda ctx, case: {"facts": "m", "dispute": "m", "signed_on": "2026-01-05", "party_1": 1, "text_1": "m"},
    ),
    "peoples_mediation:agreement-pdf": Call(fills=code, detail=True),
    "peoples_mediation:failure-record": Call(fills=code, method="post", data=lambda ctx, case: _mediation),
    "peoples_mediation:performance-record": Call(fills=code, method="post", data=_handling),
    "peoples_mediation:confirmation-record": Call(
        fills=code, method="post", data=lambda ctx, case: {"decision": "waived"}
    ),
    "peoples_mediation:confirmation-pdf": Call(fills=code, detail=True),
    # Intake: the desk, the attachment download, the public pages.
    "intake:desk": Call(),
    "intake:desk-earlier": Call(method="post", data=_phone, reads=True),  # search by the petitioner's phone
    "intake:desk-case": Call(fills=code, detail=True),
    "intake:desk-ack": Call(fills=code, detail=True),
    "intake:desk-ticket": Call(fills=code, detail=True),
    "intake:desk-link": Call(fills=_link, method="post", data=lambda ctx, case: {"decision": "confirm"}),
    "intake:attachment": Call(fills=_attachment, detail=True),
    # The legal-service window (issue 16): open consultations the person may see; POST files a new one.
    "intake:legal-walk-in": Call(),
    "cms:file": Call(),
    "intake:track": Call(),  # a capability (code + phone, or a report's passphrase); GET shows the empty form
    "intake:kiosk": Call(),
    "intake:kiosk-file": Call(),
    "intake:kiosk-track": Call(),
    # Capability URLs: the secret belongs to the petitioner, never to staff; a guess must reveal nothing.
    "intake:online-done": Call(fills=_token),
    "intake:kiosk-slip": Call(fills=_token),
    "intake:online-ack": Call(fills=_token),
    "intake:receipt-ack": Call(fills=_token),  # signed for the registering clerk alone
    "intake:receipt-ticket": Call(fills=_token),
    # Live staff screens (lobby): the same queues and the whole center, as pages and snapshots.
    "lobby:home": Call(),
    "lobby:queue": Call(fills=_units),
    "lobby:queue-snapshot": Call(fills=_units),
    "lobby:center": Call(),
    "lobby:center-snapshot": Call(),
    "lobby:alerts": Call(),
    "lobby:alert-acknowledge": Call(fills=lambda ctx, case: [{"pk": 999999}], method="post"),
    "lobby:escalation-record": Call(
        fills=code, method="post", data=lambda ctx, case: {"extreme": "on", "note": "matrix"}
    ),
    # The register of mediated disputes in the Wagtail admin (issue 16): the page and its results fragment.
    "mediation_register:index": Call(),
    "mediation_register:index_results": Call(),
    # The all-cases list in the Wagtail admin (issue 13): the page, its results fragment, a search.
    "all_cases:index": Call(),
    "all_cases:index_results": Call(),
    # The registers (台账, issue 15): the same visibility rule as the all-cases list.
    "ledger_petitions:index": Call(),
    "ledger_petitions:index_results": Call(),
    "ledger_leader_led:index": Call(),
    "ledger_leader_led:index_results": Call(),
    "ledger_warning_slips:index": Call(),
    "ledger_warning_slips:index_results": Call(),
    "ledger_joint_reception:index": Call(),
    "ledger_joint_reception:index_results": Call(),
    "ledger_repeats:index": Call(),
    "ledger_repeats:index_results": Call(),
    # The registers of the other services (issue 16): consultations, legal aid, incidents, reports.
    "ledger_legal_consultations:index": Call(),
    "ledger_legal_consultations:index_results": Call(),
    "ledger_legal_aid:index": Call(),
    "ledger_legal_aid:index_results": Call(),
    "ledger_governance_incidents:index": Call(),
    "ledger_governance_incidents:index_results": Call(),
    "ledger_reports:index": Call(),
    "ledger_reports:index_results": Call(),
    # Governance (issue 16): grid workers' incidents, dispatch, the measure taken, the monthly screening.
    "governance:home": Call(),
    "governance:report": Call(),
    "governance:mine": Call(fills=code, detail=True),  # the grid worker's own incident: 404 for anyone else
    "governance:case": Call(fills=code, detail=True),
    "governance:dispatch": Call(fills=code, method="post", data=lambda ctx, case: {"unit": ctx.any_unit}),
    "governance:close": Call(fills=code, method="post", data=lambda ctx, case: {"measure": "matrix"}),
    "governance:screening": Call(),
    "governance:screening-overview": Call(),
    # The leaders' duties (issue 17): return missions (by the case's missions) and the reception day.
    "leadership:returns": Call(),
    "leadership:return": Call(fills=_missions, detail=True),
    "leadership:return-team": Call(fills=_missions, method="post", data=lambda ctx, case: {"police_names": "m"}),
    "leadership:return-dispatch": Call(fills=_missions, method="post", data=lambda ctx, case: _return_step()),
    "leadership:return-return": Call(fills=_missions, method="post", data=lambda ctx, case: _return_step()),
    "leadership:return-interview": Call(fills=_missions, method="post", data=lambda ctx, case: _return_step()),
    "leadership:return-call-off": Call(fills=_missions, method="post", data=lambda ctx, case: _return_step()),
    "leadership:return-open": Call(fills=code, method="post", data=lambda ctx, case: _return_step()),
    "leadership:reception": Call(),
    # Statistics and the unit and village scores (issue 15): figures and scores, never a hidden case.
    "stats:period": Call(),
    "stats:cases": Call(),
    "stats:scores": Call(),
    "stats:score-period": Call(fills=_score_period),
    "stats:score-export": Call(fills=_score_period),
    "stats:score-subject": Call(fills=_score_subjects),
    "stats:score-compute": Call(fills=_score_period, method="post"),
    "stats:score-publish": Call(fills=_score_period, method="post"),
    "stats:score-adjust": Call(
        fills=_score_subjects, method="post", data=lambda ctx, case: {"points": "5", "reason": "matrix"}
    ),
    "stats:scheme-version": Call(
        fills=lambda ctx, case: [{"pk": 1}], method="post", data=lambda ctx, case: {"valid_from": "2030-01-01"}
    ),
    # 代办 rates per agent and village (issue 17), the cases behind a figure, the director's rewards.
    "leadership:proxy-rates": Call(),
    "leadership:proxy-rate-cases": Call(),
    # The staff area.
    "staff:home": Call(),
    "staff:unit": Call(fills=_unit_codes),
    # Reports (issue 15): figures only, no case content; who reads which report and that a complaint
    # about a unit moves nothing in the unit's report: tests/reports/test_access.py.
    "reports:list": Call(),
}

# Project routes that are not about cases, and why.
NOT_CASE_RELATED: dict[str, str] = {
    "set_language": "switches the language cookie",
    "wagtail_serve": "the public site's Wagtail pages (the online form page's GET from its cache): no case data",
    "staff:login": "the sign-in form",
    "healthz": "the process probe: no data",
    "readyz": "the readiness probe: names of failed checks only",
    "staff:logout": "signs out (POST only)",
    "intake:kiosk-enroll": "enrols a lobby kiosk with an administrator's one-time key",
    "wagtailsnippets_departments_unit:add": "organisation admin (administrators only)",
    "wagtailsnippets_departments_unit:edit": "organisation admin (administrators only)",
    "wagtailsnippets_departments_membership:add": "organisation admin (administrators only)",
    "wagtailsnippets_departments_membership:edit": "organisation admin (administrators only)",
    "wagtailsnippets_departments_membership:delete": "organisation admin (administrators only)",
    "intake:proxy-list": "the public list of matters a proxy agent carries (anonymous allowed): matters, "
    "villages with an agent, no case data and no agent's name or phone",
    "leadership:roster": "the public duty roster: dates, leaders' names and posts, no case data",
    "lobby:display": "the lobby display (a display token): ticket numbers, windows, counts per service, notices",
    "lobby:display-snapshot": "the lobby display's snapshot (the same, as JSON)",
    "lobby:windows": "service windows: ticket numbers and services, no case content",
    "lobby:window": "one service window: its tickets (numbers and services), no case content",
    "lobby:call-next": "calls the next ticket at a window (ticket numbers only)",
    "lobby:recall": "recalls a ticket at a window",
    "lobby:skip": "skips a ticket at a window",
    "lobby:finish": "finishes a ticket at a window",
    "lobby:transfer": "sends a ticket to another window",
    "wagtailadmin_error_test": "Wagtail's deliberate error page (raises, to test error reporting); no data",
    "mediation_calendar_enter": "official calendar entry in the Wagtail admin (calendar administrators only)",
    "all_cases:saved-create": "saves the person's own search and filters (a query string only)",
    "all_cases:saved-delete": "deletes one of the person's own saved filters (404 for anyone else's)",
    "api-v1:api-root": "the API's root",
    "api-v1:openapi-json": "the API's schema",
    "api-v1:openapi-view": "the API's documentation page",
    "reports:status": "a period report's state and progress (numbers only); readers as in tests/reports/test_access.py",
    "reports:download": "a period report's PDF or workbook: aggregated figures, no case content; "
    "who reads which report, and the withheld units and people: tests/reports/test_access.py",
}


def _api_code(ctx, case):
    return {"code": case.tracking_code}


# API operations (path as in the OpenAPI schema, method) that take part in the matrix.
API_CALLS: dict[tuple[str, str], Call] = {
    ("/api/v1/queues", "get"): Call(),
    ("/api/v1/queues/{unit}/cases", "get"): Call(fills=_units),
    ("/api/v1/cases/{code}", "get"): Call(fills=code, detail=True),
    ("/api/v1/cases/{code}/confirm-routing", "post"): Call(
        fills=code, method="post", data=lambda ctx, case: {"reason": "matrix"}
    ),
    ("/api/v1/cases/{code}/sign", "post"): Call(fills=code, method="post"),
    ("/api/v1/cases/{code}/pick", "post"): Call(fills=code, method="post"),
    ("/api/v1/cases/{code}/release", "post"): Call(fills=code, method="post"),
    ("/api/v1/cases/{code}/take-back", "post"): Call(fills=code, method="post"),
    ("/api/v1/cases/{code}/assign", "post"): Call(
        fills=code, method="post", data=lambda ctx, case: {"assignee": "director"}
    ),
    ("/api/v1/cases/{code}/reassign", "post"): Call(
        fills=code, method="post", data=lambda ctx, case: {"unit": "legal-service", "reason": "matrix"}
    ),
    ("/api/v1/cases/{code}/object", "post"): Call(fills=code, method="post", data=_reason),
    ("/api/v1/cases/{code}/objection", "post"): Call(fills=code, method="post", data=_reason),
    ("/api/v1/cases/{code}/findings", "post"): Call(fills=code, method="post", data=_reason),
    # Public status: a capability (code + the phone's last four digits); a wrong phone must reveal nothing.
    ("/api/v1/intake/cases/{tracking_code}", "get"): Call(
        fills=lambda ctx, case: [{"tracking_code": case.tracking_code, "?": "phone_last4=0000"}], detail=True
    ),
    # The same with a report's passphrase (or the phone) in a body: a wrong one must reveal nothing.
    ("/api/v1/intake/cases/{tracking_code}/status", "post"): Call(
        fills=lambda ctx, case: [{"tracking_code": case.tracking_code}],
        method="post",
        data=lambda ctx, case: {"passphrase": "not-the-passphrase"},
        reads=True,
        detail=True,
    ),
}

API_NOT_CASE_RELATED: dict[tuple[str, str], str] = {
    ("/api/v1/intake/cases", "post"): "files a new case; answers only about the case it creates",
}

WEBSOCKET_NOT_CASE_RELATED: dict[str, str] = {
    "ws-session": "the session socket: greeting, the person's own alerts and notifications (filtered), close signals",
    "ws-lobby": "the lobby display's socket: bound to a display token; tickets and counts per service",
    "ws-window": "a service window's socket: ticket numbers only",
}

# Websocket routes that take part in the matrix: URL kwargs per case, as for site routes.
WEBSOCKET_CALLS: dict[str, Call] = {
    "ws-queue": Call(fills=_ws_units),
    "ws-center": Call(),
    "ws-case-presence": Call(fills=code),
    "ws-alerts": Call(),
}


def websocket_patterns() -> list:
    """The project's websocket routes."""
    from center.routing import websocket_urlpatterns

    return list(websocket_urlpatterns)


@dataclass(frozen=True)
class Route:
    route: str
    name: str
    module: str
    pattern: URLPattern = field(repr=False)


def routes(urlconf: str) -> Iterator[Route]:
    def walk(patterns, prefix="", namespaces=()):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = (*namespaces, p.namespace) if p.namespace else namespaces
                yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
            else:
                name = ":".join((*namespaces, p.name)) if p.name else ""
                yield Route(prefix + str(p.pattern), name, getattr(p.callback, "__module__", ""), p)

    yield from walk(get_resolver(urlconf).url_patterns)


def api_path(route: str) -> str:
    """``api/v1/cases/<code>/pick`` → ``/api/v1/cases/{code}/pick`` (the OpenAPI spelling)."""
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def _model_labels(pattern: URLPattern) -> set[str]:
    callback = pattern.callback
    models = [
        (getattr(callback, "view_initkwargs", None) or {}).get("model"),
        getattr(getattr(callback, "view_class", None), "model", None),
        getattr(callback, "model", None),
    ]
    return {m._meta.label for m in models if hasattr(m, "_meta")}


def _about_case_models(pattern: URLPattern) -> bool:
    return any(label.split(".")[0] in CASE_APPS and label not in NOT_CASE_MODELS for label in _model_labels(pattern))


def _admin_of_models_without_cases(route: Route) -> bool:
    """An admin screen (Wagtail snippets) of models that hold no case data (NOT_CASE_MODELS)."""
    labels = _model_labels(route.pattern)
    return route.module.endswith("wagtail_hooks") and bool(labels) and labels <= NOT_CASE_MODELS


def classify(route: Route, api_operations: set[str]) -> str:
    """``call``, ``api``, ``not_case``, ``third_party`` or ``unknown`` (which fails the matrix)."""
    if route.name in CALLS:
        return "call"
    if route.name in NOT_CASE_RELATED or _admin_of_models_without_cases(route):
        return "not_case"
    if route.module.startswith("ninja") or route.name.startswith("api-v1:"):
        return "api" if api_path(route.route) in api_operations else "unknown"
    if route.module.split(".")[0] in PROJECT_APPS or _about_case_models(route.pattern):
        return "unknown"
    return "third_party"
