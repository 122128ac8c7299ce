"""Notifications to staff (the writes): stored once per person, case, kind and key, pushed live after commit.

A notification about a case reaches only people who may see the case (``case_visible_q``): the
confidentiality rule applies to the inbox and to the socket as it does to pages. The pushed
message carries the text only to its addressee's own sockets (group ``user.<id>``). The inbox
and its count are read through ``mediation.selectors.notifications``.
"""

import contextlib
from collections.abc import Iterable
from datetime import datetime

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cases.models import Case, ProxyHandling
from cases.selectors import case_visible_q
from live.session import user_group
from mediation.models import Notification

MESSAGE_MAX = 300


def _may_see(user, case: Case) -> bool:
    return Case.objects.filter(case_visible_q(user), pk=case.pk).exists()


def notify(
    *,
    users: Iterable,
    kind: str,
    message: str,
    case: Case | None = None,
    key: str = "",
    now: datetime | None = None,
) -> list[Notification]:
    """Store a notification for each of ``users`` who may see ``case``, once per (user, case, kind, key).

    ``users`` are user objects or ids; inactive users and duplicates are skipped. Returns the
    notifications created now (not those that existed already); each addressee's open pages are
    told after the transaction commits.
    """
    now = now or timezone.now()
    ids = {getattr(u, "pk", u) for u in users if u is not None}
    recipients = list(get_user_model().objects.filter(pk__in=ids, is_active=True))
    if case is not None:
        recipients = [u for u in recipients if _may_see(u, case)]
    if not recipients:
        return []
    existing = set(
        Notification.objects.filter(user__in=recipients, case=case, kind=kind, key=key).values_list(
            "user_id", flat=True
        )
    )
    text = message[:MESSAGE_MAX]
    created = Notification.objects.bulk_create(
        [
            Notification(user=u, case=case, kind=kind, key=key, message=text, created_at=now)
            for u in recipients
            if u.pk not in existing
        ],
        ignore_conflicts=True,
    )
    pushed = [n.user_id for n in created]
    if pushed:
        transaction.on_commit(lambda: push(user_ids=pushed, message=text, code=case.tracking_code if case else ""))
    return created


def push(*, user_ids: Iterable[int], message: str, code: str = "") -> None:
    """Tell each addressee's open sockets (best effort: the inbox is the record)."""
    layer = get_channel_layer()
    if layer is None:
        return
    for user_id in set(user_ids):
        # A dropped push must never undo the committed change.
        with contextlib.suppress(Exception):
            async_to_sync(layer.group_send)(
                user_group(user_id), {"type": "notification.new", "message": message, "case": code}
            )


def notifications_mark_read(*, user, ids: Iterable[int] | None = None, now: datetime | None = None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=now or timezone.now())


def notify_proxy_agent(*, case: Case, kind: str, message: str, now: datetime, actor=None) -> None:
    """二（三）: the agent who carries the case is told of every step the resident is told of
    (not of their own: a document they carried, help they gave).

    One indexed query when the case has no agent (most cases)."""
    agent_user = (
        ProxyHandling.objects.filter(case_id=case.pk, agent__is_active=True)
        .values_list("agent__user_id", flat=True)
        .first()
    )
    if agent_user is not None and agent_user != getattr(actor, "pk", None):
        notify(
            users=[agent_user], kind="proxy_step", message=message, case=case, key=f"{kind}-{now.isoformat()}", now=now
        )
