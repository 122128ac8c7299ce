"""The organisation as the routing rules see it: an ``OrgSnapshot`` built from the database.

What every proposal needs (active units, supervisors, area chiefs, liaison teams, the director,
which area each village is in, the routing table) is built once per version of the organisation
(``departments.orgversion``; the routing table's saves move it too): kept per process and in the
shared cache, so that filing a case reads none of it. Whom a case accuses is read per case.

People are named ``leader:<Leader.pk>`` when they are on the leadership team and ``user:<User.pk>``
otherwise, so that an accused leader is recognised as the leader the rules would name.
"""

import dataclasses
import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping

from django.core.cache import cache

from departments.models import Area, Leader, Membership, Unit, Village
from departments.orgversion import org_changed, org_version
from mediation.models import RoutingTable
from mediation.rules.routing import (
    DEFAULT_ROUTING_TABLE,
    OrgSnapshot,
    RoutingRule,
    RoutingTableError,
    UnitRef,
    table_from_rows,
)

ROUTING_ORG_KEY = "one-window:routing-org:{version}"
ROUTING_ORG_SECONDS = 24 * 3600  # an old version's copy is never read again; let it expire


@dataclasses.dataclass(frozen=True)
class RoutingOrg:
    """What routing needs of the organisation, people aside."""

    snapshot: OrgSnapshot
    table: tuple[RoutingRule, ...]
    table_ok: bool
    area_of_village: Mapping[int, str]


_lock = threading.Lock()
_memo: tuple[str, RoutingOrg] | None = None


def leader_ref(leader_id: int) -> str:
    return f"leader:{leader_id}"


def user_ref(user_id: int) -> str:
    return f"user:{user_id}"


def parse_leader_ref(ref: str | None) -> int | None:
    """The Leader pk of ``leader:<pk>``, else None."""
    if not ref or not ref.startswith("leader:"):
        return None
    try:
        return int(ref.removeprefix("leader:"))
    except ValueError:
        return None


def person_refs(user_ids: Iterable[int]) -> dict[int, str]:
    """The routing id of each user: their leader id if they are a leader."""
    ids = set(user_ids)
    refs = {user_id: user_ref(user_id) for user_id in ids}
    for leader_id, user_id in Leader.objects.filter(user_id__in=ids).values_list("pk", "user_id"):
        refs[user_id] = leader_ref(leader_id)
    return refs


def routing_table() -> tuple[tuple[RoutingRule, ...], bool]:
    """The administrators' table, or the default one (and False) if the stored one is unusable."""
    try:
        return table_from_rows(RoutingTable.load().rows), True
    except (RoutingTableError, TypeError, AttributeError):
        return DEFAULT_ROUTING_TABLE, False


def _units_snapshot() -> OrgSnapshot:
    """The active organisation from the database (no people)."""
    units = {}
    for code, kind, area_code in Unit.objects.filter(is_active=True).values_list("code", "kind", "area__code"):
        units[code] = UnitRef(code=code, kind=kind, area=area_code)
    supervisor: dict[str, str] = {}
    rows = Leader.supervised_units.through.objects.filter(unit__is_active=True).order_by("leader_id")
    for leader_id, unit_code in rows.values_list("leader_id", "unit__code"):
        supervisor.setdefault(unit_code, leader_ref(leader_id))
    chief_of_area = {
        code: leader_ref(chief_id)
        for code, chief_id in Area.objects.filter(chief__isnull=False).values_list("code", "chief_id")
    }
    liaison = {
        area: code
        for code, area in Unit.objects.filter(kind=Unit.Kind.LIAISON_TEAM, is_active=True).values_list(
            "code", "area__code"
        )
    }
    director_id = Leader.objects.filter(is_director=True).values_list("pk", flat=True).first()
    return OrgSnapshot(
        units=units,
        supervisor_of_unit=supervisor,
        chief_of_area=chief_of_area,
        liaison_team_of_area=liaison,
        director=leader_ref(director_id) if director_id else None,
    )


def _routing_org_load() -> RoutingOrg:
    table, table_ok = routing_table()
    return RoutingOrg(
        snapshot=_units_snapshot(),
        table=table,
        table_ok=table_ok,
        area_of_village=dict(Village.objects.values_list("pk", "area__code")),
    )


def routing_org(*, fresh: bool = False) -> RoutingOrg:
    """The organisation as routing needs it, from this process, the shared cache or the database.

    ``fresh`` reads the database and moves the organisation's version (for a copy found stale).
    """
    global _memo
    if fresh:
        org_changed()
    version = org_version()
    memo = _memo
    if version is not None and memo is not None and memo[0] == version:
        return memo[1]
    key = ROUTING_ORG_KEY.format(version=version)
    org = cache.get(key) if version is not None else None
    if org is None:
        org = _routing_org_load()
        if version is not None:
            cache.set(key, org, ROUTING_ORG_SECONDS)
    if version is not None:
        with _lock:
            _memo = (version, org)
    return org


def with_people(snapshot: OrgSnapshot, refs: Mapping[int, str]) -> OrgSnapshot:
    """The snapshot with the units of ``refs`` (user id → routing id, from ``person_refs``) filled in."""
    if not refs:
        return snapshot
    unit_of_person: dict[str, set[str]] = defaultdict(set)
    for user_id, code in Membership.objects.filter(user_id__in=refs).values_list("user_id", "unit__code"):
        unit_of_person[refs[user_id]].add(code)
    return dataclasses.replace(
        snapshot, unit_of_person={person: frozenset(codes) for person, codes in unit_of_person.items()}
    )


def org_snapshot(*, people: Iterable[int] = ()) -> OrgSnapshot:
    """The active organisation; ``people`` (user ids, e.g. the accused) get their units filled in."""
    return with_people(routing_org().snapshot, person_refs(people))
