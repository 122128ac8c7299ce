"""Delivery reports pushed by the SMS providers: a sent message becomes delivered, or failed.

Alibaba Cloud pushes ``[{"biz_id", "success", "err_code", "err_msg", ...}]``, Tencent Cloud
``[{"sid", "report_status": "SUCCESS"|"FAIL", "errmsg", "description", ...}]``.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from messaging.models import SmsMessage, State


def _normalise(item: dict) -> tuple[str, bool, str] | None:
    if "biz_id" in item:
        return str(item["biz_id"]), bool(item.get("success")), str(item.get("err_msg") or item.get("err_code") or "")
    if "sid" in item:
        ok = str(item.get("report_status", "")).upper() == "SUCCESS"
        return str(item["sid"]), ok, str(item.get("description") or item.get("errmsg") or "")
    return None


@transaction.atomic
def receipts_apply(*, items: list, now: datetime | None = None) -> int:
    """Apply delivery reports; returns how many messages changed. Unknown ids are ignored."""
    now = now or timezone.now()
    changed = 0
    for item in items:
        parsed = _normalise(item) if isinstance(item, dict) else None
        if parsed is None:
            continue
        provider_id, ok, text = parsed
        qs = SmsMessage.objects.filter(provider_id=provider_id, state=State.SENT)
        if ok:
            changed += qs.update(state=State.DELIVERED, delivered_at=now)
        else:
            changed += qs.update(state=State.FAILED, error=f"{text}"[:300])
    return changed
