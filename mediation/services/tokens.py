"""Personal API tokens: issued once, stored only as their SHA-256."""

import hashlib
import secrets
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from mediation.models import ApiToken

TOKEN_PREFIX = "ow_"  # noqa: S105 (a marker, not a secret)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_issue(*, user, name: str = "", now: datetime | None = None) -> tuple[ApiToken, str]:
    """A new token for ``user``; the raw token is returned here and never again."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:60], key_hash=token_hash(raw), prefix=raw[:10], created_at=now or timezone.now()
    )
    return token, raw


def api_token_user(raw: str):
    """The active user a token belongs to, or None (unknown, revoked, or inactive user)."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = ApiToken.objects.filter(key_hash=token_hash(raw), revoked_at__isnull=True).select_related("user").first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
