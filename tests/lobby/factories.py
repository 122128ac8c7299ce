"""An organisation, cases in queues, windows and tickets for the lobby's tests."""

from contextlib import contextmanager
from datetime import timedelta
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.models import Case, Petitioner
from cases.rules.tracking import tracking_code_new
from departments import permissions as perms
from departments.models import Unit
from lobby.models import ServiceWindow, WindowAssignment
from tests.factories import AreaFactory, LeaderFactory, UnitFactory, UserFactory, VillageFactory, member


def build_org() -> SimpleNamespace:
    east = AreaFactory(code="east", name="东片")
    village = VillageFactory(code="tangjiao", name="塘角村", area=east)
    units = {
        "petition": UnitFactory(code="petition-office", name="信访办", kind=Unit.Kind.PETITION_OFFICE),
        "discipline": UnitFactory(code="discipline-office", name="纪工委", kind=Unit.Kind.DISCIPLINE_OFFICE),
        "agri": UnitFactory(code="agriculture", name="农业农村办", kind=Unit.Kind.LINE_OFFICE),
        "urban": UnitFactory(code="urban-construction", name="城建办", kind=Unit.Kind.LINE_OFFICE),
        "east": UnitFactory(code="liaison-east", name="东片联村工作组", kind=Unit.Kind.LIAISON_TEAM, area=east),
    }
    people = {
        (key, role): member(unit, role, username=f"{key}.{role}")
        for key, unit in units.items()
        for role in (perms.CLERK, perms.HANDLER, perms.HEAD)
    }
    director = LeaderFactory(user=UserFactory(username="director"), is_director=True, title="书记")
    li = LeaderFactory(user=UserFactory(username="leader.li", last_name="李", first_name="明"), title="副书记")
    return SimpleNamespace(
        area=east,
        village=village,
        units=units,
        people=people,
        director=director,
        li=li,
        outsider=UserFactory(username="outsider"),
    )


def case_new(*, status: str = "registered", village=None, accused_units=(), accused_persons=(), **fields) -> Case:
    now = fields.pop("received_at", None) or timezone.now()
    case = Case.objects.create(
        tracking_code=tracking_code_new(),
        channel=fields.pop("channel", "visit"),
        service=fields.pop("service", "petition"),
        request=fields.pop("request", "村道破损，请求修复。"),
        status=status,
        village=village,
        received_at=now,
        reply_due_on=fields.pop("reply_due_on", (now + timedelta(days=21)).date()),
        consent_at=now,
        **fields,
    )
    Petitioner.objects.create(case=case, name="王大伯", phone="13800138000", is_primary=True, village=village)
    if accused_units:
        case.accused_units.set(accused_units)
    if accused_persons:
        case.accused_persons.set(accused_persons)
    return case


def routed_case(*, lead: Unit, status: str = "assigned", picked_by=None, kind: str = "policy", **fields) -> Case:
    """A case signed out to ``lead``: waiting in its queue, or held by ``picked_by``."""
    from cases.models import Routing
    from mediation.services.due import next_due_store

    if picked_by is not None and status == "assigned":
        status = "in_progress"
    case = case_new(status=status, **fields)
    at = timezone.now()
    Routing.objects.create(
        case=case,
        kind=kind,
        lead_unit=lead,
        confirmed_at=at,
        signed_at=at,
        assigned_at=at,
        queued_at=at if picked_by is None else None,
        picked_by=picked_by,
        picked_at=at if picked_by else None,
        confidential=kind == "conduct",
    )
    next_due_store([case.pk])  # as the services keep it
    case.refresh_from_db()
    return case


def window_new(code: str, services=("petition",), *, clerk=None, name: str | None = None) -> ServiceWindow:
    window = ServiceWindow.objects.create(code=code, name=name or f"{code}号窗口", services=list(services))
    if clerk is not None:
        WindowAssignment.objects.create(window=window, day=timezone.localdate(), clerk=clerk)
    return window


def session_cookie_for(user) -> bytes:
    """A signed-in session for ``user`` as a Cookie header value (for websocket tests)."""
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}".encode()


def session_key_for(user) -> str:
    return session_cookie_for(user).decode().split("=", 1)[1]


# On PostgreSQL the bounded queue counts run in their own savepoint with planner settings
# (``lobby.queues.WALK_INDEX``): statements that read no data, the same however long the queue.
# Budgets count the statements that do, so that they hold on both databases.
PLANNER_STATEMENTS = ("SET LOCAL ", "RESET ", "SAVEPOINT ", "RELEASE SAVEPOINT ")


def data_queries(captured) -> list[dict]:
    return [query for query in captured if not query["sql"].startswith(PLANNER_STATEMENTS)]


@contextmanager
def data_queries_at_most(budget: int):
    with CaptureQueriesContext(connection) as captured:
        yield
    queries = data_queries(captured)
    assert len(queries) <= budget, f"{len(queries)} queries, budget {budget}:\n" + "\n".join(
        query["sql"][:200] for query in queries
    )
