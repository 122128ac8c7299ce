"""The organisation as the routing rules see it: an ``OrgSnapshot`` built from the database.

People are named ``leader:<Leader.pk>`` when they are on the leadership team and ``user:<User.pk>``
otherwise, so that an accused leader is recognised as the leader the rules would name.
"""

from collections import defaultdict
from collections.abc import Iterable

from departments.models import Area, Leader, Membership, Unit
from mediation.rules.routing import OrgSnapshot, UnitRef


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


def org_snapshot(*, people: Iterable[int] = ()) -> OrgSnapshot:
    """The active organisation; ``people`` (user ids, e.g. the accused) get their units filled in."""
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
    refs = person_refs(people)
    unit_of_person: dict[str, set[str]] = defaultdict(set)
    for user_id, code in Membership.objects.filter(user_id__in=refs).values_list("user_id", "unit__code"):
        unit_of_person[refs[user_id]].add(code)
    return OrgSnapshot(
        units=units,
        supervisor_of_unit=supervisor,
        chief_of_area=chief_of_area,
        liaison_team_of_area=liaison,
        director=leader_ref(director_id) if director_id else None,
        unit_of_person={person: frozenset(codes) for person, codes in unit_of_person.items()},
    )
