"""When an unsatisfied petitioner may still reopen a case (信访工作条例 art. 35: 请求复查 within
30 days of receiving the written reply).

Plain Python over plain data: no Django, no clock.
"""

from datetime import date, timedelta
from typing import Final

REOPEN_PERIOD_DAYS: Final = 30
"""Calendar days after the reply was delivered during which the case may be reopened."""

DEFAULT_REMEDIES: Final = (
    "如对本答复意见不服，可以自收到本答复意见之日起30日内，"
    "向本机关的上一级行政机关请求复查；"
    "也可以向本中心提出重新办理的请求。"
)
"""The remedies section prefilled in a new reply (信访工作条例 art. 35)."""


def reopen_last_day(delivered_on: date, *, period_days: int = REOPEN_PERIOD_DAYS) -> date:
    """The last day on which a case whose reply was delivered on ``delivered_on`` may be reopened."""
    return delivered_on + timedelta(days=period_days)


def may_reopen(delivered_on: date | None, today: date, *, period_days: int = REOPEN_PERIOD_DAYS) -> bool:
    """Whether the period is still open: a reply must have been delivered, and not too long ago."""
    if delivered_on is None:
        return False
    return delivered_on <= today <= reopen_last_day(delivered_on, period_days=period_days)
