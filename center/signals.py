"""Auth signal receivers: session bookkeeping only, no business logic."""

import time

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db import transaction
from django.dispatch import receiver

from center.middleware import SESSION_STARTED_KEY
from departments.realtime import sockets_close_for_user


@receiver(user_logged_in, dispatch_uid="one_window_session_started")
def mark_session_start(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_STARTED_KEY] = time.time()


@receiver(user_logged_out, dispatch_uid="one_window_close_sockets")
def close_sockets_on_logout(sender, request, user, **kwargs):
    if user is not None:
        user_id = user.pk
        transaction.on_commit(lambda: sockets_close_for_user(user_id=user_id))
