"""Lobby displays (bound by a secret token) and the refresh of what they show."""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from live.realtime import broadcast, group_name
from lobby.models import Display

SEEN_EVERY = timedelta(minutes=5)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token(display: Display) -> str:
    token = secrets.token_urlsafe(24)
    display.token_hash = token_hash(token)
    return token


def _close_screens(display: Display) -> None:
    """Screens open under the display's old token, or of a display switched off, close."""
    if display.pk:
        broadcast(group_name("display", display.pk), "display.close", {})


@transaction.atomic
def display_create(*, name: str) -> tuple[Display, str]:
    """A new display and its token (shown once to the administrator, kept only as a hash)."""
    display = Display(name=name)
    token = _new_token(display)
    display.full_clean()
    display.save()
    return display, token


@transaction.atomic
def display_save(*, display: Display, renew_token: bool = False) -> str | None:
    """Save a display; a new token when asked (or when it has none). Returns the new token, if any."""
    token = None
    if renew_token or not display.token_hash:
        token = _new_token(display)
        _close_screens(display)
    if not display.is_active:
        _close_screens(display)
    display.save()
    return token


def display_seen(*, display: Display, now: datetime | None = None) -> None:
    """Note that the display loaded its page (at most every few minutes: it is not a log)."""
    now = now or timezone.now()
    if display.last_seen_at is None or now - display.last_seen_at > SEEN_EVERY:
        Display.objects.filter(pk=display.pk).update(last_seen_at=now)


def lobby_refresh() -> None:
    """Tell the lobby screens to re-read what they show (notices, roster or windows changed)."""
    broadcast(group_name("lobby"), "lobby.refresh", {})
