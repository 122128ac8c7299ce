"""The permission matrix, generated from the URL resolver, the API schema and the websocket routes.

For every role against a normal case, a conduct complaint about a line office and a conduct
complaint about a person: the accused (the person, and every member of the accused unit) never
get the case's tracking code or request text in any response body, 404s and 403s included, and
never a 200 on its detail routes; nobody who cannot see a case changes it; the case page and the
API answer exactly the people the rule names. A route the matrix does not know fails it.
"""

import json
import re
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, path, reverse
from django.utils.html import escape

from cases.models import Attachment, Case, CaseEvent, CaseKind, CaseLink
from center.api import api
from departments.models import Delegation
from mediation import services
from tests.mediation import matrix
from tests.mediation.factories import build_org, case_new, routed_case

pytestmark = pytest.mark.django_db
URLCONF = "center.urls"
ROLES = ("clerk", "handler", "head")


@pytest.fixture(autouse=True)
def _urls(settings):
    settings.ROOT_URLCONF = URLCONF
    settings.RATE_LIMITS_ENABLED = False


def _api_operations() -> dict[tuple[str, str], dict]:
    schema = api.get_openapi_schema()
    return {(p, m): op for p, methods in schema["paths"].items() for m, op in methods.items()}


def _covered_api_paths() -> set[str]:
    known = set(matrix.API_CALLS) | set(matrix.API_NOT_CASE_RELATED)
    by_path: dict[str, set[bool]] = {}
    for key in _api_operations():
        by_path.setdefault(key[0], set()).add(key in known)
    return {p for p, flags in by_path.items() if flags == {True}}


def test_every_route_is_known_to_the_matrix():
    covered = _covered_api_paths()
    unknown = [
        f"{r.route} ({r.name or 'unnamed'}, {r.module})"
        for r in matrix.routes(URLCONF)
        if matrix.classify(r, covered) == "unknown"
    ]
    assert unknown == [], "add these routes to tests/mediation/matrix.py (CALLS or NOT_CASE_RELATED)"
    missing_api = sorted(set(_api_operations()) - set(matrix.API_CALLS) - set(matrix.API_NOT_CASE_RELATED))
    assert missing_api == [], "add these API operations to API_CALLS or API_NOT_CASE_RELATED"
    known_ws = set(matrix.WEBSOCKET_NOT_CASE_RELATED) | set(matrix.WEBSOCKET_CALLS)
    unknown_ws = [p.name for p in matrix.websocket_patterns() if p.name not in known_ws]
    assert unknown_ws == [], "add these websocket routes to WEBSOCKET_NOT_CASE_RELATED or a websocket check"


def test_a_new_project_route_fails_the_matrix():
    def export_cases(request):
        raise AssertionError

    export_cases.__module__ = "mediation.views.exports"
    route = matrix.Route("staff/exports/", "mediation:export", export_cases.__module__, path("x", export_cases))
    assert matrix.classify(route, set()) == "unknown"
    api_route = matrix.Route("api/v1/cases/<code>/export", "api-v1:export", "ninja.operation", path("x", export_cases))
    assert matrix.classify(api_route, {"/api/v1/cases/{code}"}) == "unknown"
    assert isinstance(route.pattern, URLPattern)


@dataclass
class World:
    roles: dict[str, object]
    cases: dict[str, object]
    markers: dict[str, str]
    visible: dict[str, set[str]]
    tokens: dict[str, str] = field(default_factory=dict)
    ctx: dict[str, SimpleNamespace] = field(default_factory=dict)


def _world() -> World:
    org = build_org()
    u = org.units
    markers = {
        "normal": "普通诉求矩阵甲7K",
        "normal_about_unit": "反映联村组矩阵丁3T",
        "conduct_unit": "举报城建办矩阵乙8M",
        "conduct_person": "举报干部矩阵丙9P",
    }
    cases = {
        "normal": routed_case(
            lead=u["agri"],
            assisting=[u["east"]],
            owner=org.leaders["li"],
            request=markers["normal"],
            village=org.village,
        ),
        # Not a conduct complaint, but about the assisting liaison team: only the deny keeps it away.
        "normal_about_unit": routed_case(
            lead=u["agri"], assisting=[u["east"]], accused_units=[u["east"]], request=markers["normal_about_unit"]
        ),
        "conduct_unit": routed_case(
            lead=u["discipline"],
            kind=CaseKind.CONDUCT,
            is_conduct_complaint=True,
            accused_units=[u["urban"]],
            assisting=[u["agri"]],
            owner=org.leaders["chen"],
            request=markers["conduct_unit"],
            service="complaint",
        ),
        "conduct_person": routed_case(
            lead=u["discipline"],
            kind=CaseKind.CONDUCT,
            is_conduct_complaint=True,
            # One accused outside the discipline office, one inside it (only the deny stops that one).
            accused_persons=[org.people["agri", "handler"], org.people["discipline", "handler"]],
            owner=org.leaders["chen"],
            request=markers["conduct_person"],
            service="complaint",
        ),
    }
    roles: dict[str, object] = {"anonymous": None, "outsider": org.outsider, "director": org.director.user}
    roles |= {f"{key}.{role}": org.people[key, role] for key in u for role in ROLES}
    roles |= {f"leader.{name}": leader.user for name, leader in org.leaders.items()}
    everyone_in = lambda *keys: {f"{k}.{r}" for k in keys for r in ROLES}  # noqa: E731
    visible = {
        "normal": everyone_in("petition", "discipline", "agri", "east") | {"director", "leader.li"},
        "conduct_unit": everyone_in("discipline") | {"director", "leader.chen"},
        "conduct_person": everyone_in("discipline") - {"discipline.handler"} | {"director", "leader.chen"},
        # leader.li supervises the lead unit but is chief of the east area: li stands aside.
        "normal_about_unit": everyone_in("petition", "discipline", "agri") | {"director"},
    }
    world = World(roles, cases, markers, visible)
    from django.utils import timezone

    # Escalated, with a warning slip each, so that the slip's page and section are checked too (issue 5).
    Case.objects.filter(pk__in=[c.pk for c in cases.values()]).update(repeat_count=3)
    services.warning_slips_sweep(today=timezone.localdate())
    earlier = case_new(request="更早的事项")
    links, attachments = {}, {}
    for case in cases.values():
        links[case.pk] = CaseLink.objects.create(case=case, earlier=earlier, similarity=0.5, matched_on="phone").pk
        attachment = Attachment(case=case, original_name="a.pdf", content_type="application/pdf", size=8, sha256="0")
        attachment.file.save(f"{case.tracking_code}.pdf", ContentFile(b"%PDF-1.4"), save=True)
        attachments[case.pk] = attachment.pk
    delegation = Delegation.objects.create(
        director=org.director,
        leader=org.leaders["liu"],
        scope="completion",
        valid_from=timezone.localdate(),
        valid_until=timezone.localdate(),
        created_by=org.director.user,
        created_at=timezone.now(),
    )
    for name, user in roles.items():
        own = [] if user is None else list(user.memberships.values_list("unit__code", flat=True))
        world.ctx[name] = SimpleNamespace(
            own_units=own,
            links=links,
            attachments=attachments,
            delegation=delegation.pk,
            any_unit=u["legal"].pk,
            any_user=org.director.user.pk,
            accused=any(_accused(world, name, case) for case in cases.values()),
        )
        if user is not None:
            world.tokens[name] = services.api_token_issue(user=user)[1]
    return world


def _accused(world: World, role: str, case) -> bool:
    user = world.roles[role]
    if user is None:
        return False
    if case.accused_persons.filter(pk=user.pk).exists():
        return True
    return case.accused_units.filter(memberships__user=user).exists()


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def _leaks(world: World, case_key: str, body: str) -> list[str]:
    case = world.cases[case_key]
    needles = [case.tracking_code, case.display_code, world.markers[case_key], case.request]
    return [needle for needle in needles if needle in body]


def _plain(route) -> bool:
    """A route without parameters that a GET cannot harm."""
    return not route.pattern.pattern.converters and "(" not in route.route and "logout" not in route.route


def _requests(world: World, role: str):
    """(label, case_key, call, method, url, data, is_api) for every route of the matrix."""
    ctx = world.ctx[role]
    covered = _covered_api_paths()
    for route in matrix.routes(URLCONF):
        kind = matrix.classify(route, covered)
        if kind == "call":
            call = matrix.CALLS[route.name]
            for key, case in world.cases.items():
                for kwargs in call.fills(ctx, case):
                    url = reverse(route.name, kwargs=kwargs) if kwargs else reverse(route.name)
                    data = call.data(ctx, case) if call.data else {}
                    yield route.name, key, call, call.method, url, data, False
        elif kind == "third_party" and ctx.accused and _plain(route):
            # Third-party screens (the Wagtail admin, ...): a leak check for the accused.
            url = "/" + route.route.lstrip("^").rstrip("$")
            yield route.name or route.route, None, matrix.Call(), "get", url, {}, False
    for (api_route, method), call in matrix.API_CALLS.items():
        for key, case in world.cases.items():
            for kwargs in call.fills(ctx, case):
                query = kwargs.pop("?", "")
                url = api_route.format(**kwargs) + (f"?{query}" if query else "")
                data = call.data(ctx, case) if call.data else None
                yield f"{method.upper()} {api_route}", key, call, method, url, data, True


def _client(world: World, role: str) -> Client:
    client = Client()
    if world.roles[role] is not None:
        client.force_login(world.roles[role])
    return client


def _send(world, role, client, method, url, data, is_api):
    if is_api:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens[role]}"} if role in world.tokens else {}
        body = json.dumps(data) if data is not None else ""
        return client.generic(method.upper(), url, body, content_type="application/json", **headers)
    if method == "post":
        return client.post(url, data)
    return client.get(url)


def test_permission_matrix():
    world = _world()
    problems: list[str] = []
    sent = 0
    for role in world.roles:
        client = _client(world, role)
        accused_in = [k for k, case in world.cases.items() if _accused(world, role, case)]
        seen: set[tuple] = set()
        for label, case_key, call, method, url, data, is_api in _requests(world, role):
            sees = case_key is not None and role in world.visible[case_key]
            if not call.is_read and (sees or case_key is None):
                continue  # writes are tried only by those who must not be able to make them
            signature = (method, url, json.dumps(data, sort_keys=True, default=str))
            if signature in seen:
                continue
            seen.add(signature)
            case = world.cases.get(case_key)
            before = (
                (CaseEvent.objects.filter(case=case).count(), type(case).objects.get(pk=case.pk).status)
                if case
                else None
            )
            response = _send(world, role, client, method, url, data, is_api)
            sent += 1
            where = f"{role} {method.upper()} {url} [{label}]"
            if response.status_code >= 500:
                problems.append(f"{where}: {response.status_code}")
                continue
            # Pages echo the requested path (the language switch's "next"): that is what the caller
            # sent, not what the server knows. Everything else counts.
            body = _body(response).replace(escape(url), "").replace(url, "")
            for key in accused_in:
                leaked = _leaks(world, key, body)
                if leaked:
                    problems.append(f"{where}: the accused got {leaked} of case {key} ({response.status_code})")
                if call.detail and key == case_key and response.status_code == 200:
                    problems.append(f"{where}: the accused got a 200 on a detail route")
            if case is None:
                continue
            case_specific = "code" in url or "/cases/" in url
            if not call.is_read:
                after = (CaseEvent.objects.filter(case=case).count(), type(case).objects.get(pk=case.pk).status)
                if after != before:
                    problems.append(f"{where}: someone who cannot see the case changed it")
                expected = (401 if is_api else 302) if world.roles[role] is None else 404
                if case_specific and response.status_code != expected:
                    problems.append(f"{where}: {response.status_code}, expected {expected}")
            if label in {"mediation:case", "GET /api/v1/cases/{code}"}:
                expected = 200 if sees else (404 if world.roles[role] is not None else (401 if is_api else 302))
                if response.status_code != expected:
                    problems.append(f"{where}: {response.status_code}, expected {expected}")
            if not sees and response.status_code == 200 and _leaks(world, case_key, body) and call.detail:
                problems.append(f"{where}: a detail route answered someone who may not see the case")
    assert problems == []
    assert sent > 1000  # the matrix really ran


def _asgi():
    """The project's websocket stack (as in center/asgi.py) over every websocket route."""
    from channels.auth import AuthMiddlewareStack
    from channels.routing import URLRouter
    from channels.security.websocket import AllowedHostsOriginValidator

    return AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(matrix.websocket_patterns())))


@pytest.mark.django_db(transaction=True)
async def test_websocket_routes_tell_the_accused_nothing():
    from asgiref.sync import sync_to_async
    from channels.testing import WebsocketCommunicator

    from tests.center.test_websocket import ORIGIN, session_cookie_for

    world = await sync_to_async(_world)()
    application = _asgi()
    checked = 0
    for role in ("agri.handler", "urban.handler", "urban.head", "discipline.handler"):
        accused_in = [k for k, case in world.cases.items() if await sync_to_async(_accused)(world, role, case)]
        cookie = await sync_to_async(session_cookie_for)(world.roles[role])
        urls = set()
        for pattern in matrix.websocket_patterns():
            call = matrix.WEBSOCKET_CALLS.get(pattern.name)
            if call is None:
                if "<" not in str(pattern.pattern):  # routes with a capability (display token) are not for staff
                    urls.add("/" + str(pattern.pattern))
                continue
            for case in world.cases.values():
                for kwargs in await sync_to_async(call.fills)(world.ctx[role], case):
                    url = "/" + str(pattern.pattern)
                    for key, value in kwargs.items():
                        url = re.sub(rf"<(?:\w+:)?{key}>", value, url)
                    urls.add(url)
        for url in sorted(urls):
            ws = WebsocketCommunicator(application, url, headers=[ORIGIN, (b"cookie", cookie)])
            connected, _code = await ws.connect()
            checked += 1
            if connected:
                # The first frame: a snapshot, a greeting, or the close of a refused socket.
                output = await ws.receive_output(timeout=2)
                text = json.dumps(json.loads(output.get("text") or "{}"), ensure_ascii=False)
                for key in accused_in:
                    assert not _leaks(world, key, text), (role, url)
                await ws.disconnect()
    assert checked >= 8


@pytest.mark.django_db(transaction=True)
async def test_queue_socket_tells_members_of_changes_and_refuses_others():
    from asgiref.sync import sync_to_async
    from channels.testing import WebsocketCommunicator

    from live.consumers import CLOSE_FORBIDDEN
    from tests.center.test_websocket import ORIGIN, session_cookie_for

    world = await sync_to_async(_world)()
    application = _asgi()
    member = await sync_to_async(session_cookie_for)(world.roles["agri.clerk"])
    stranger = await sync_to_async(session_cookie_for)(world.roles["urban.handler"])
    ws = WebsocketCommunicator(application, "/ws/queues/agriculture/", headers=[ORIGIN, (b"cookie", stranger)])
    connected, _code = await ws.connect()
    assert connected  # accepted, then closed with a reason (a browser sees only 1006 for a refusal)
    assert await ws.receive_output() == {"type": "websocket.close", "code": CLOSE_FORBIDDEN}
    ws = WebsocketCommunicator(application, "/ws/queues/agriculture/", headers=[ORIGIN, (b"cookie", member)])
    connected, _code = await ws.connect()
    assert connected
    assert (await ws.receive_json_from())["type"] == "hello"
    await sync_to_async(services.case_pick)(case=world.cases["normal"], actor=world.roles["agri.handler"])
    changed = await ws.receive_json_from(timeout=2)
    assert changed["type"] == "changed"
    assert changed["seq"] > 0
    assert set(changed) == {"type", "seq"}  # no case data on the wire
    await ws.disconnect()
