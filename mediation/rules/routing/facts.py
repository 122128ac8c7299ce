"""What routing reads and what it proposes, as plain data: the organisation, the case, the decision.

Plain Python: no Django, no clock.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from mediation.rules.escalation import EscalationAssessment
from mediation.rules.routing.vocabulary import CASE_KINDS


@dataclass(frozen=True, slots=True)
class UnitRef:
    """A unit of the center; a liaison team carries the code of its area."""

    code: str
    kind: str
    area: str | None = None


@dataclass(frozen=True, slots=True)
class OrgSnapshot:
    """The organisation as plain data: units by code, leaders by id (``"leader:12"``)."""

    units: Mapping[str, UnitRef]
    supervisor_of_unit: Mapping[str, str] = field(default_factory=dict)
    chief_of_area: Mapping[str, str] = field(default_factory=dict)
    liaison_team_of_area: Mapping[str, str] = field(default_factory=dict)
    director: str | None = None
    unit_of_person: Mapping[str, frozenset[str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What routing needs to know about a case (kinds: see ``CASE_KIND_LABELS``)."""

    kind: str
    line_office: str | None = None
    area: str | None = None
    repeat_count: int = 1
    skip_level: bool = False
    group_size: int = 1
    extreme_behaviour: bool = False
    accused_units: frozenset[str] = frozenset()
    accused_persons: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.kind not in CASE_KINDS:
            raise ValueError(f"unknown case kind {self.kind!r}; expected one of {sorted(CASE_KINDS)}")
        if self.repeat_count < 1:
            raise ValueError(f"repeat_count counts this petition too, so it is at least 1, got {self.repeat_count}")
        if self.group_size < 1:
            raise ValueError(f"group_size must be at least 1, got {self.group_size}")


@dataclass(frozen=True, slots=True)
class RoutingDecision:
    """The proposed routing of a case, with its reasons and what the clerk must still decide."""

    lead_unit: str | None
    assisting_units: tuple[str, ...]
    assisting_leaders: tuple[str, ...]
    owner: str | None
    leader_led: bool
    escalation: EscalationAssessment
    confidential: bool
    reasons: tuple[str, ...]
    gaps: tuple[str, ...]
