"""The published list of matters a proxy agent may carry (代办件工作清单) and where agents are found,
as the public page shows them, kept in the shared cache.

What is kept is plain data, the same in every language: the matters on the list (``ProxyMatter``,
active ones, in the list's order) grouped by the service they are filed under, how many agents the
subdistrict itself has and which villages have one. Agents' names and phones are not published:
nothing in the data marks them public, so a resident asks at the window or at their village.

The copy lives under a version in the shared cache. Any saved or deleted matter, agent or village
sets a new version (``connect``), at once and again when the transaction commits, so the next
visit reads the database; a copy also expires on its own after ``ENTRY_SECONDS``, which bounds
staleness after a change made where no signal fires (a queryset ``update()``).
"""

import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from cases.models import Service
from departments.models import ProxyAgent, Village
from mediation.models import ProxyMatter

VERSION_KEY = "one-window:proxy-list-version"
ENTRY_KEY = "one-window:proxy-list:{version}"
ENTRY_SECONDS = 600


@dataclass(frozen=True)
class MatterGroup:
    service: str
    matters: tuple[tuple[str, str], ...]
    """(name, what the agent does) of each matter, in the list's order."""

    @property
    def label(self) -> str:
        return str(Service(self.service).label)


@dataclass(frozen=True)
class PublishedList:
    groups: tuple[MatterGroup, ...]
    subdistrict_agents: int
    villages: tuple[str, ...]
    """Names of the villages (and communities) with an active agent of their own."""


def version_bump(**_signal) -> None:
    """Forget the published copy: now, and again once the change is committed (a visit that read
    the old rows in between must not keep its copy)."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    transaction.on_commit(lambda: cache.set(VERSION_KEY, uuid.uuid4().hex, None), robust=True)


def _version() -> str | None:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return version


def _load() -> PublishedList:
    groups: dict[str, list[tuple[str, str]]] = {}
    for name, service, description in ProxyMatter.objects.filter(is_active=True).values_list(
        "name", "service", "description"
    ):
        groups.setdefault(service, []).append((name, description))
    agents = ProxyAgent.objects.filter(is_active=True).order_by("village__code")
    villages = list(agents.values_list("village__name", flat=True))
    names = tuple(dict.fromkeys(villages))  # distinct, in order; None for the subdistrict's own agents
    return PublishedList(
        groups=tuple(MatterGroup(service, tuple(matters)) for service, matters in groups.items()),
        subdistrict_agents=sum(1 for name in villages if name is None),
        villages=tuple(name for name in names if name is not None),
    )


def published_list() -> PublishedList:
    """The list as the public page shows it: from the shared cache, else read and kept there."""
    version = _version()  # read before the database: a change during the read outdates this copy
    key = ENTRY_KEY.format(version=version)
    published = cache.get(key) if version is not None else None
    if published is None:
        published = _load()
        if version is not None:
            cache.set(key, published, ENTRY_SECONDS)
    return published


def connect() -> None:
    """A saved or deleted matter, agent or village changes what the page shows."""
    for model in (ProxyMatter, ProxyAgent, Village):
        label = model._meta.label_lower
        post_save.connect(version_bump, sender=model, dispatch_uid=f"one_window_proxy_list_saved_{label}")
        post_delete.connect(version_bump, sender=model, dispatch_uid=f"one_window_proxy_list_deleted_{label}")
