"""Escalation: which cases a leader must own, which draw joint reception and a warning slip.

Rulebook 沥工委〔2020〕38号:

- 一（三） joint reception: a visit by 5 or more people, or extreme behaviour (shouting, sit-ins,
  refusing to leave), must be received by the heads of the responsible units (or their
  supervising leader / area chief) together with the petition office;
- 一（四） leader-led handling: repeat (3 or more times), skip-level (to the city, the province or
  Beijing), collective and extreme cases are owned directly by the supervising leader (or the
  area chief);
- 二（二） warning slip: for the same four triggers the petition office issues a warning slip to
  the head of the responsible line office and the leader of the liaison team, copied to the
  supervising leader (or area chief) and the director;
- 二（四） the same cases take the five ownership duties and a case conference.

Who receives the warning slip is ``mediation.rules.oversight.warning_slip_recipients`` (it reads
the routing decision, and the routing rules read this module's assessment).

Plain Python over plain data: no Django, no clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

REPEAT_THRESHOLD: Final = 3
"""重复访: the same matter raised this many times or more (一（四） "3次以上", this one included)."""

COLLECTIVE_THRESHOLD: Final = 5
"""集体访: this many people or more together (一（三） "5人以上")."""


@dataclass(frozen=True, slots=True)
class EscalationAssessment:
    """Which escalation triggers a case meets (一（三）, 一（四）, 二（二）, 二（四））."""

    repeat: bool
    skip_level: bool
    collective: bool
    extreme: bool

    @property
    def escalated(self) -> bool:
        """Any trigger: the case is leader-led (一（四）) and under the five duties (二（四））."""
        return self.repeat or self.skip_level or self.collective or self.extreme

    @property
    def joint_reception(self) -> bool:
        """Heads of the responsible units receive together with the petition office (一（三））."""
        return self.collective or self.extreme

    @property
    def warning_slip(self) -> bool:
        """The petition office issues a warning slip (二（二））."""
        return self.escalated

    @property
    def reasons(self) -> tuple[str, ...]:
        """Chinese sentences naming each trigger met and what it demands, in a fixed order."""
        reasons: list[str] = []
        if self.repeat:
            reasons.append(f"重复访：同一事项已反映{REPEAT_THRESHOLD}次以上（沥工委〔2020〕38号 一（四））")
        if self.skip_level:
            reasons.append("越级访：信访人已到绍赴省进京反映（沥工委〔2020〕38号 一（四））")
        if self.collective:
            reasons.append(f"集体访：{COLLECTIVE_THRESHOLD}人以上集体信访（沥工委〔2020〕38号 一（三）、一（四））")
        if self.extreme:
            reasons.append("极端信访行为：吵闹、静坐、滞留等（沥工委〔2020〕38号 一（三）、一（四））")
        if self.joint_reception:
            reasons.append(
                "须同步接访：相关线办（联村工作组）主要负责人或分管领导（片长）与信访办同步出面接待"
                "（沥工委〔2020〕38号 一（三））"
            )
        if self.escalated:
            reasons.append(
                "须由分管领导（或片长）直接负责承办，落实“五包责任制”并召开专题分析会"
                "（沥工委〔2020〕38号 一（四）、二（四））"
            )
            reasons.append(
                "信访办发放《信访事项预警提醒单》，责任单位须在7个工作日内再次调查核实（沥工委〔2020〕38号 二（二））"
            )
        return tuple(reasons)


def assess(repeat_count: int, skip_level: bool, group_size: int, extreme_behaviour: bool) -> EscalationAssessment:
    """Assess the escalation triggers of 一（三）/一（四）.

    ``repeat_count`` counts the times the same matter has been raised, this one included (so a
    first petition is 1); ``group_size`` counts the people who came together (1 for one person).
    Repeat means 3 or more, collective means 5 or more ("以上" includes the number).
    """
    if repeat_count < 1:
        raise ValueError(f"repeat_count must be at least 1 (this petition included), got {repeat_count}")
    if group_size < 1:
        raise ValueError(f"group_size must be at least 1, got {group_size}")
    return EscalationAssessment(
        repeat=repeat_count >= REPEAT_THRESHOLD,
        skip_level=skip_level,
        collective=group_size >= COLLECTIVE_THRESHOLD,
        extreme=extreme_behaviour,
    )
