"""Who reads which report, and over whose standing a report's figures are counted.

Readers (``reader_for``): those whose statistics cover the whole center (the director,
superusers, the discipline office) read and ask for every report; a unit head reads and asks
for the reports of the units they head; nobody else (their pages answer 404).

A report's file is read by more than one person, so its figures are never counted over one
reader's standing alone:

- a unit's report counts what the unit itself may see of the cases it leads (``unit_scope``),
  whoever asks for it: never a conduct complaint, never a case about the unit or one of its
  members, nothing awaiting the discipline office's confirmation of its accused;
- the center's report counts what its requester reads on the statistics page.

And each report records the units and people accused in any case it counts (``withheld``):
those, their members and the leaders answerable for them never read it (``may_read``), so a
conduct complaint about a unit moves no figure in any report that unit can open.
"""

from dataclasses import dataclass

from django.db.models import Q

from cases.selectors import AccusedPersons, AccusedUnits, not_conduct_q
from departments.models import Membership, Unit
from stats.scope import Scope, stats_scope_for


@dataclass(frozen=True)
class Reader:
    scope: Scope

    @property
    def whole_center(self) -> bool:
        return self.scope.whole_center

    @property
    def user_id(self) -> int:
        return self.scope.viewer.user_id

    @property
    def head_of(self) -> frozenset[int]:
        return self.scope.head_of

    @property
    def answerable(self) -> frozenset[int]:
        viewer = self.scope.viewer
        return viewer.member_of | viewer.supervised

    def may_choose(self, unit_id: int | None) -> bool:
        """Whether the reader may ask for (and read) reports of this scope: None is the whole center."""
        return self.whole_center or (unit_id is not None and unit_id in self.head_of)

    def units(self):
        """The units the reader may choose, by name."""
        units = Unit.objects.filter(is_active=True).order_by("name")
        return units if self.whole_center else units.filter(pk__in=self.head_of)


def reads_reports(scope: Scope | None) -> bool:
    """Whether a person of this statistics scope reads reports (the staff home's link)."""
    return scope is not None and (scope.whole_center or bool(scope.head_of))


def reader_for(user) -> Reader | None:
    scope = stats_scope_for(user)
    return Reader(scope) if reads_reports(scope) else None


def may_read(reader: Reader | None, report) -> bool:
    if reader is None or not reader.may_choose(report.unit_id):
        return False
    if reader.user_id in report.withheld_users:
        return False
    return not reader.answerable & set(report.withheld_units)


def readable_q(reader: Reader) -> Q:
    """The reports of the scopes the reader may choose (``may_read`` then drops the withheld)."""
    if reader.whole_center:
        return Q()
    return Q(unit_id__in=reader.head_of)


def unit_scope(reader: Reader, unit_id: int) -> Scope:
    """The cases led by the unit as the unit sees them (``cases.selectors.grant_q`` for a unit's
    members, and the deny for the unit and each of its members)."""
    members = Membership.objects.filter(unit_id=unit_id).values("user_id")
    about_unit = AccusedUnits.objects.filter(unit_id=unit_id).values("case_id")
    about_members = AccusedPersons.objects.filter(user_id__in=members).values("case_id")
    standing = Q(routing__lead_unit_id=unit_id)
    rule = (
        standing
        & not_conduct_q()
        & Q(accused_pending=False)
        & ~Q(pk__in=about_unit)
        & ~Q(pk__in=about_members)
        & reader.scope.rule
    )
    return Scope(viewer=reader.scope.viewer, whole_center=False, standing=standing, rule=rule)


def report_scope(reader: Reader, unit_id: int | None) -> Scope:
    return reader.scope if unit_id is None else unit_scope(reader, unit_id)


def withheld(scope: Scope) -> tuple[list[int], list[int]]:
    """The units and the people accused in any case of the scope (sorted ids)."""
    cases = scope.cases.values("pk")
    units = AccusedUnits.objects.filter(case_id__in=cases).values_list("unit_id", flat=True).distinct()
    users = AccusedPersons.objects.filter(case_id__in=cases).values_list("user_id", flat=True).distinct()
    return sorted(set(units)), sorted(set(users))
