"""The director's rewards and penalties for proxy agents (代办考核奖惩, 二（三））."""

from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from cases.errors import ActionRefused, NotAllowed
from cases.permissions import viewer_for
from departments.models import ProxyAgent
from leadership.models import ProxyReward
from mediation.services.common import now_or
from mediation.services.oversight import required_text
from stats.rules.periods import RANGE, PeriodError, period_parse

POINTS_MAX = 1000
AMOUNT_MAX = Decimal("100000")


def may_set_rewards(user) -> bool:
    viewer = viewer_for(user)
    return viewer is not None and (viewer.is_director or viewer.sees_all)


@transaction.atomic
def proxy_reward_record(
    *,
    actor,
    agent: ProxyAgent | None,
    period: str,
    kind: str,
    points: int | None,
    amount: Decimal | None,
    reason: str,
    now: datetime | None = None,
) -> ProxyReward:
    """The director records a reward or a penalty for an agent's record in a month, quarter or year."""
    now = now_or(now)
    if not may_set_rewards(actor):
        raise NotAllowed(_("Only the director sets proxy agents' rewards and penalties."), code="role")
    if agent is None:
        raise ActionRefused(_("Choose a proxy agent."), code="agent")
    try:
        chosen = period_parse(period)
    except PeriodError:
        chosen = None
    if chosen is None or chosen.kind == RANGE:
        raise ActionRefused(
            _("Write the period as 2026-11 (a month), 2026-Q4 (a quarter) or 2026 (a year)."), code="period"
        )
    if kind not in ProxyReward.Kind.values:
        raise ActionRefused(_("Choose a reward or a penalty."), code="kind")
    if points is None and amount is None:
        raise ActionRefused(_("Give the points, the amount, or both."), code="points")
    if points is not None and not 0 < points <= POINTS_MAX:
        raise ActionRefused(_("Points are between 1 and %(max)d.") % {"max": POINTS_MAX}, code="points")
    if amount is not None and not Decimal(0) < amount <= AMOUNT_MAX:
        raise ActionRefused(_("The amount is between 0.01 and 100000 yuan."), code="amount")
    return ProxyReward.objects.create(
        agent=agent,
        period=chosen.code,
        kind=kind,
        points=points,
        amount=amount,
        reason=required_text(reason, message=_("Give the reason."), code="reason", limit=1000),
        recorded_by=actor,
        recorded_at=now,
    )
