"""Auth signal receivers: session bookkeeping only, no business logic.

A user's open websockets close when their session ends or their access changes: at sign-out, a
password change, deactivation, and a change of the groups that carry their roles. (The periodic
check in ``live.session`` finds the same and time-outs besides; these make it immediate.)
"""

import time

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db import transaction
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from live.session import CLOSE_ACCESS, CLOSE_SESSION, SESSION_STARTED_KEY, sockets_close_for_user

User = get_user_model()


def _close_after_commit(user_id: int, reason: str) -> None:
    transaction.on_commit(lambda: sockets_close_for_user(user_id=user_id, reason=reason), robust=True)


@receiver(user_logged_in, dispatch_uid="one_window_session_started")
def mark_session_start(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_STARTED_KEY] = time.time()


@receiver(user_logged_out, dispatch_uid="one_window_close_sockets")
def close_sockets_on_logout(sender, request, user, **kwargs):
    if user is not None:
        _close_after_commit(user.pk, CLOSE_SESSION)


@receiver(post_save, sender=User, dispatch_uid="one_window_close_sockets_on_user_change")
def close_sockets_on_password_or_deactivation(sender, instance, created, **kwargs):
    # ``set_password`` keeps the new raw password in ``_password`` until the save is done.
    password_changed = getattr(instance, "_password", None) is not None
    if not created and (password_changed or not instance.is_active):
        _close_after_commit(instance.pk, CLOSE_SESSION)


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="one_window_close_sockets_on_group_loss")
def close_sockets_on_group_loss(sender, instance, action, reverse, pk_set, **kwargs):
    """A role group taken away (by the services, or by editing the user in the admin)."""
    if action == "pre_clear" and not reverse:
        user_ids = [instance.pk] if instance.groups.exists() else []
    elif action == "pre_remove" and not reverse:
        user_ids = [instance.pk] if instance.groups.filter(pk__in=pk_set).exists() else []
    elif action in {"pre_remove", "pre_clear"}:  # group.user_set.remove(...) / .clear()
        members = instance.user_set.all() if action == "pre_clear" else instance.user_set.filter(pk__in=pk_set)
        user_ids = list(members.values_list("pk", flat=True))
    else:
        return
    for user_id in user_ids:
        _close_after_commit(user_id, CLOSE_ACCESS)
