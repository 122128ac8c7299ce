"""The organisation's version in the shared cache: what is built from the organisation (the
routing snapshot, ``mediation.org``) is kept under it and rebuilt when it moves.

Any change to units, areas, villages or leaders moves it (``departments.signals``), at once and
again when the transaction commits: at once so that the changing transaction itself never reads
an old copy, at the commit so that a copy another process built from the data before the commit,
under the in-between version, is never used again. The version is a random token, not a counter,
so that a cleared or restarted cache can never bring an old version back.
"""

import uuid

from django.core.cache import cache
from django.db import transaction

ORG_VERSION_KEY = "one-window:org-version"


def org_version() -> str | None:
    """The current version; None when the cache is unavailable (then nothing may be cached)."""
    version = cache.get(ORG_VERSION_KEY)
    if version is None:
        cache.add(ORG_VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(ORG_VERSION_KEY)
    return version


def _bump() -> None:
    cache.set(ORG_VERSION_KEY, uuid.uuid4().hex, timeout=None)


def org_changed(**_signal) -> None:
    """Tell every process that the organisation changed (a signal receiver, or call it after a
    queryset ``update()``, which sends no signal)."""
    _bump()
    transaction.on_commit(_bump, robust=True)
