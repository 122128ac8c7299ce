"""代办 rates (二（三）, issue 17): the proxy, completion and satisfaction rates per agent and per village
for a period, against the rulebook's targets (≥ 50 %, 100 %, ≥ 95 %), and the cases behind each.

- proxy rate: cases carried by a proxy agent / cases received from the village (an agent of the
  subdistrict itself: / every case received), by the day of receipt;
- completion rate: carried cases answered or closed so far (办结) / carried cases not withdrawn,
  among those received in the period (as ``stats``);
- satisfaction rate: satisfied and basically satisfied / the follow-up visits of the period on
  carried cases (each case's last visit in the period, as ``stats``).

Who reads what: the director and superusers every agent and village (over THE visibility rule); an
area chief the villages of their areas and their agents; an agent their own row. For anyone but the
director, conduct complaints and cases whose accused wait for the discipline office are not counted,
nor any case the deny keeps from them: a complaint about an official never moves their figures.
Aggregated in the database in a fixed number of queries.
"""

from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Count, F, Q, QuerySet

from cases.models import Case
from cases.permissions import Viewer, viewer_for
from cases.selectors import case_visible_q, deny_q, not_conduct_q
from departments.models import Area, ProxyAgent, Village
from leadership.models import ProxyReward
from stats.rules import targets
from stats.rules.periods import Period
from stats.selectors.common import WITHDRAWN, within
from stats.selectors.measures import answered_q, completed_q, follow_ups_counted

PROXIED = Q(proxy__isnull=False)
# An agent's proxy rate counts the cases they carry from their own village (a subdistrict agent: all).
CARRIED_HERE = Q(proxy__agent__village__isnull=True) | Q(village_id=F("proxy__agent__village_id"))
SATISFIED = ("satisfied", "basically")
MEASURES = ("not_proxied", "not_completed", "unsatisfied", "proxied")


@dataclass(frozen=True)
class RatesScope:
    viewer: Viewer
    whole_center: bool
    base: Q
    """The cases counted for this person."""
    agents: tuple[ProxyAgent, ...]
    villages: tuple[Village, ...]


def rates_scope_for(user) -> RatesScope | None:
    """Whose rates the person reads, or None (403)."""
    viewer = viewer_for(user)
    if viewer is None:
        return None
    active = ProxyAgent.objects.select_related("user", "village").order_by("village__code", "user__username")
    if viewer.sees_all or viewer.is_director:
        return RatesScope(
            viewer, True, case_visible_q(user, viewer=viewer), tuple(active), tuple(Village.objects.order_by("code"))
        )
    base = not_conduct_q() & Q(accused_pending=False) & ~deny_q(viewer)
    if viewer.leader_id is not None:
        villages = tuple(Village.objects.filter(area__in=Area.objects.filter(chief_id=viewer.leader_id)))
        if villages:
            agents = tuple(active.filter(village__in=villages))
            return RatesScope(viewer, False, base, agents, villages)
    if viewer.proxy_agent_id is not None:
        return RatesScope(viewer, False, base, tuple(active.filter(pk=viewer.proxy_agent_id)), ())
    return None


@dataclass
class RateRow:
    key: str
    name: str
    received: int = 0
    carried_here: int = 0
    """Of ``received``, those carried by proxy (a village: by any agent; an agent: by them)."""
    proxied: int = 0
    withdrawn: int = 0
    completed: int = 0
    rated: int = 0
    satisfied: int = 0
    agent: ProxyAgent | None = None
    village: Village | None = None
    rewards: list = field(default_factory=list)

    @property
    def proxy_rate(self) -> Fraction | None:
        return targets.rate(self.carried_here, self.received)

    @property
    def completion_rate(self) -> Fraction | None:
        return targets.rate(self.completed, self.proxied - self.withdrawn)

    @property
    def satisfaction_rate(self) -> Fraction | None:
        return targets.rate(self.satisfied, self.rated)

    def verdicts(self) -> list[dict]:
        """Each target: the rate as read, met / not_met / nothing, and the cases short of it (measure, how many)."""
        found = []
        for target, value, short, measure in (
            (targets.PROXY, self.proxy_rate, self.received - self.carried_here, "not_proxied"),
            (targets.COMPLETION, self.completion_rate, self.proxied - self.withdrawn - self.completed, "not_completed"),
            (targets.SATISFACTION, self.satisfaction_rate, self.rated - self.satisfied, "unsatisfied"),
        ):
            state = targets.judge(value, target.threshold)
            found.append(
                {
                    "code": target.code,
                    "rate": targets.percent(value),
                    "state": state,
                    "measure": measure,
                    "shortfall": short if state == targets.NOT_MET else 0,
                }
            )
        return found


def _counts(base: Q, period: Period, group: str) -> dict:
    """received, proxied, withdrawn among proxied, completed among proxied; by ``group`` (a case path)."""
    rows = (
        Case.objects.filter(base, within("received_at", period))
        .values(group)
        .annotate(
            received=Count("pk"),
            proxied=Count("pk", filter=PROXIED),
            carried_here=Count("pk", filter=PROXIED & CARRIED_HERE),
            withdrawn=Count("pk", filter=PROXIED & Q(status=WITHDRAWN)),
            completed=Count("pk", filter=PROXIED & completed_q()),
        )
    )
    return {row[group]: row for row in rows}


def _satisfaction(base: Q, period: Period, group: str) -> dict:
    rows = (
        follow_ups_counted(period)
        .filter(case__in=Case.objects.filter(base & PROXIED).values("pk"))
        .values(f"case__{group}")
        .annotate(rated=Count("pk"), satisfied=Count("pk", filter=Q(satisfaction__in=SATISFIED)))
    )
    return {row[f"case__{group}"]: row for row in rows}


def _fill(row: RateRow, counts: dict | None, rated: dict | None, *, received: int | None = None) -> RateRow:
    counts = counts or {}
    row.received = counts.get("received", 0) if received is None else received
    row.proxied = counts.get("proxied", 0)
    row.carried_here = counts.get("carried_here", 0) if received is not None else row.proxied
    row.withdrawn = counts.get("withdrawn", 0)
    row.completed = counts.get("completed", 0)
    row.rated = (rated or {}).get("rated", 0)
    row.satisfied = (rated or {}).get("satisfied", 0)
    return row


def rates_for(scope: RatesScope, period: Period) -> tuple[list[RateRow], list[RateRow]]:
    """The agents' rows and the villages' rows of the period, each with its rewards and penalties."""
    by_village = _counts(scope.base, period, "village_id")
    by_agent = _counts(scope.base & PROXIED, period, "proxy__agent_id")
    rated_agent = _satisfaction(scope.base, period, "proxy__agent_id")
    rated_village = _satisfaction(scope.base, period, "village_id")
    everything = sum(row["received"] for row in by_village.values())
    rewards: dict[int, list] = {}
    for reward in ProxyReward.objects.filter(agent__in=[a.pk for a in scope.agents], period=period.code):
        rewards.setdefault(reward.agent_id, []).append(reward)
    agents = []
    for agent in scope.agents:
        village_received = by_village.get(agent.village_id, {}).get("received", 0) if agent.village_id else everything
        row = RateRow(f"agent-{agent.pk}", str(agent), agent=agent, village=agent.village)
        _fill(row, by_agent.get(agent.pk), rated_agent.get(agent.pk), received=village_received)
        row.rewards = rewards.get(agent.pk, [])
        agents.append(row)
    villages = [
        _fill(RateRow(f"village-{v.pk}", v.name, village=v), by_village.get(v.pk), rated_village.get(v.pk))
        for v in scope.villages
    ]
    return agents, villages


def shortfall_cases(
    scope: RatesScope, period: Period, measure: str, *, agent: ProxyAgent | None, village: Village | None
) -> tuple[QuerySet[Case], int] | None:
    """The cases behind a figure that the person may open, and how many the figure counts; None: unknown."""
    if measure not in MEASURES or (agent is None) == (village is None):
        return None
    received = within("received_at", period)
    if agent is not None:
        if agent not in scope.agents:
            return None
        whose = Q(proxy__agent=agent)
        place = Q(village=agent.village) if agent.village_id else Q()
    else:
        if village not in scope.villages:
            return None
        whose = PROXIED & Q(village=village)
        place = Q(village=village)
    if measure == "not_proxied":
        wanted = received & place & ~(whose if agent is not None else PROXIED)
    elif measure == "proxied":
        wanted = received & whose
    elif measure == "not_completed":
        wanted = received & whose & ~Q(status=WITHDRAWN) & ~answered_q()
    else:
        rows = follow_ups_counted(period).filter(satisfaction="unsatisfied")
        wanted = whose & Q(pk__in=rows.values("case_id"))
    counted = Case.objects.filter(scope.base & wanted)
    shown = counted.filter(case_visible_q(None, viewer=scope.viewer)).select_related("routing__lead_unit", "village")
    return shown.order_by("-received_at", "-pk"), counted.count()
