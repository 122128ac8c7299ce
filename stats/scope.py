"""Whose figures a person reads: THE visibility rule (``cases.selectors``), narrowed to their standing.

- the director, superusers and the discipline office: the whole center;
- a unit head: the cases their unit leads;
- a leader: the cases they own and those led by the units they supervise (an area chief: the
  area's liaison team);
- nobody else reads statistics.

Every figure is counted over ``Scope.cases`` (the visibility rule AND the standing), so a
conduct complaint about a unit, which the rule keeps from that unit, its members and the leaders
who supervise it, moves no figure any of them can see.
"""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet
from django.db.models.constants import LOOKUP_SEP

from cases.models import Case
from cases.permissions import Viewer, viewer_for
from cases.selectors import case_visible_q
from departments import permissions as perms
from departments.models import Unit


@dataclass(frozen=True)
class Scope:
    viewer: Viewer
    whole_center: bool
    standing: Q
    """The viewer's standing as a Q on cases (empty for the whole center)."""
    rule: Q
    """The visibility rule and the standing together."""

    @property
    def cases(self) -> QuerySet[Case]:
        return Case.objects.filter(self.rule)

    def on(self, path: str) -> Q:
        """The scope as a condition on a model that points to its case through ``path`` ("case"):
        the same cases as ``<path>__in=scope.cases``, read on the row's own join to the case (for
        the director, on its ``case_id`` alone) instead of a second scan of every case."""
        try:
            return _rerooted(self.rule, f"{path}__")
        except _NotReRootable:
            return Q(**{f"{path}__in": self.cases.values("pk")})

    @property
    def head_of(self) -> frozenset[int]:
        return self.viewer.units(perms.MANAGE_UNIT_CASES)


class _NotReRootable(Exception):
    """A part of the rule that cannot be read from another model (an expression on the case)."""


def _single_valued(lookup: str) -> bool:
    """Whether ``lookup`` reaches from a case through single-valued relations only. Through a
    many-valued one (a reverse foreign key, a many-to-many) a condition read from another model
    would match one row per related row, and a negation would mean something else: refused."""
    model = Case
    for part in lookup.split(LOOKUP_SEP):
        if part == "pk":
            return True
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return True  # a lookup or a transform: the path has ended
        if not field.is_relation:
            return True
        if field.many_to_many or field.one_to_many:
            return False
        model = field.related_model
    return True


def _rerooted(rule: Q, prefix: str) -> Q:
    """``rule``, a Q on ``Case``, with each lookup read through ``prefix``. Only plain lookups over
    single-valued relations whose values stand on their own (constants, collections, subqueries that
    refer to no outer row) are moved; an expression on the case's own columns (``F``, ``OuterRef``,
    ``Exists``) or a path through a many-valued relation is refused."""
    moved = Q()
    moved.connector, moved.negated = rule.connector, rule.negated
    for child in rule.children:
        if isinstance(child, Q):
            moved.children.append(_rerooted(child, prefix))
            continue
        if not isinstance(child, tuple):
            raise _NotReRootable(child)
        lookup, value = child
        if hasattr(value, "resolve_expression") and not isinstance(value, QuerySet):
            raise _NotReRootable(value)
        if not _single_valued(lookup):
            raise _NotReRootable(lookup)
        moved.children.append((prefix + lookup, value))
    return moved


def stats_scope_for(user) -> Scope | None:
    """The person's scope, or None when they read no statistics (anonymous, plain staff)."""
    viewer = viewer_for(user)
    if viewer is None:
        return None
    visible = case_visible_q(user, viewer=viewer)
    if viewer.sees_all or viewer.units_of_kind(Unit.Kind.DISCIPLINE_OFFICE):
        return Scope(viewer=viewer, whole_center=True, standing=Q(), rule=visible)
    parts: list[Q] = []
    headed = viewer.units(perms.MANAGE_UNIT_CASES)
    if headed:
        parts.append(Q(routing__lead_unit_id__in=headed))
    if viewer.leader_id is not None:
        parts.append(Q(routing__owner_id=viewer.leader_id))
        if viewer.supervised:
            parts.append(Q(routing__lead_unit_id__in=viewer.supervised))
    if not parts:
        return None
    standing = parts[0]
    for part in parts[1:]:
        standing |= part
    return Scope(viewer=viewer, whole_center=False, standing=standing, rule=visible & standing)
