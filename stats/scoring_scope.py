"""Whose scores a person reads (季考评、年考核), and who may compute, adjust and publish them.

- the director, superusers and the discipline office: every unit and village;
- a unit head: their unit's score; a leader: the units they supervise (an area chief: the area's
  liaison team) and, with a liaison team, the villages of its area;
- only the director computes, adjusts and publishes.

A line's case is shown (code and link) only when the reader may see the case (THE visibility
rule); its points count all the same, since the total is the unit's score.
"""

from dataclasses import dataclass

from cases.permissions import Viewer, viewer_for
from departments import permissions as perms
from departments.models import Unit, Village


@dataclass(frozen=True)
class ScoreScope:
    viewer: Viewer
    whole_center: bool
    units: frozenset[int]
    villages: frozenset[int]

    @property
    def is_director(self) -> bool:
        return self.viewer.is_director

    def reads(self, kind: str, pk: int) -> bool:
        if self.whole_center:
            return True
        return pk in (self.units if kind == "unit" else self.villages)


def score_scope_for(user) -> ScoreScope | None:
    """The person's scope, or None when they read no scores."""
    viewer = viewer_for(user)
    if viewer is None:
        return None
    if viewer.sees_all or viewer.is_director or viewer.units_of_kind(Unit.Kind.DISCIPLINE_OFFICE):
        return ScoreScope(viewer=viewer, whole_center=True, units=frozenset(), villages=frozenset())
    units = viewer.units(perms.MANAGE_UNIT_CASES) | viewer.supervised
    if not units:
        return None
    villages = frozenset(Village.objects.filter(area__liaison_team__in=units).values_list("pk", flat=True))
    return ScoreScope(viewer=viewer, whole_center=False, units=units, villages=villages)
