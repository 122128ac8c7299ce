"""One-time form tokens: a double click or a resent form files one case, not two."""

import secrets

from django.core import signing

SALT = "one-window.intake.form"
MAX_AGE = 6 * 3600


def form_token_new() -> str:
    return signing.TimestampSigner(salt=SALT).sign(secrets.token_urlsafe(18))


def form_token_check(signed: str) -> str | None:
    """The token's random part (what the case stores), or None when forged or expired."""
    try:
        return signing.TimestampSigner(salt=SALT).unsign(signed or "", max_age=MAX_AGE)
    except signing.BadSignature:
        return None
