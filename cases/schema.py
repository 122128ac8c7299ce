"""The case record's vocabulary as API types (the intake and case-handling APIs share them)."""

from typing import Literal

from cases.models import Channel, Service
from cases.rules.status import ALL_STATUSES

ServiceName = Literal[*Service.values]
ChannelName = Literal[*Channel.values]
StatusName = Literal[*sorted(ALL_STATUSES)]
