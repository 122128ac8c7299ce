"""Binding a lobby kiosk to its browser: a signed device cookie set once by an enrollment link."""

import hashlib
import hmac
import secrets
from functools import wraps

from django.core import signing
from django.shortcuts import render
from django.utils import timezone

from cases.models import Kiosk

COOKIE = "ow_kiosk"
SALT = "one-window.kiosk"


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def kiosk_enrollment_new(kiosk: Kiosk) -> str:
    """A one-time enrollment key for ``kiosk`` (shown once to the administrator)."""
    key = secrets.token_urlsafe(24)
    kiosk.enrollment_hash = _hash(key)
    kiosk.save(update_fields=["enrollment_hash"])
    return key


def kiosk_enroll(key: str) -> tuple[Kiosk, str] | None:
    """Spend an enrollment key: the kiosk and the cookie value for its browser, or None."""
    kiosk = Kiosk.objects.filter(enrollment_hash=_hash(key), is_active=True).first() if key else None
    if kiosk is None:
        return None
    secret = secrets.token_urlsafe(32)
    kiosk.secret_hash = _hash(secret)
    kiosk.enrollment_hash = ""
    kiosk.enrolled_at = timezone.now()
    kiosk.save(update_fields=["secret_hash", "enrollment_hash", "enrolled_at"])
    return kiosk, signing.dumps({"id": kiosk.pk, "secret": secret}, salt=SALT)


def kiosk_from_request(request) -> Kiosk | None:
    raw = request.COOKIES.get(COOKIE)
    if not raw:
        return None
    try:
        data = signing.loads(raw, salt=SALT)
    except signing.BadSignature:
        return None
    kiosk = Kiosk.objects.filter(pk=data.get("id"), is_active=True).first()
    if (
        kiosk is None
        or not kiosk.secret_hash
        or not hmac.compare_digest(kiosk.secret_hash, _hash(data.get("secret", "")))
    ):
        return None
    return kiosk


def kiosk_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        kiosk = kiosk_from_request(request)
        if kiosk is None:
            return render(request, "intake/kiosk/not_enrolled.html", status=403)
        request.kiosk = kiosk
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        return response

    return wrapper
