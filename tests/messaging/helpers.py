"""Cases, events and templates for the messaging tests."""

from datetime import timedelta

from django.utils import timezone

from cases.models import CaseEvent
from messaging.demo import DEMO_TEMPLATES
from messaging.models import SmsTemplate
from tests.mediation.factories import case_new

TEMPLATES = {
    "filed": ("SMS_100001", "您的事项已受理登记，查询码${code}，将于${date}前答复。", "code,date"),
    "accepted": ("SMS_100002", "您的事项${code}已受理，由${unit}办理。", "code,unit"),
    "extended": ("SMS_100004", "您的事项${code}答复期限延长至${date}。", "code,date"),
    "reply_ready": ("SMS_100005", "您的事项${code}已有书面答复，请到中心领取或凭查询码查看。", "code"),
    "follow_up": ("SMS_100006", "您的事项${code}已回访，感谢配合。", "code"),
    "reopened": ("SMS_100007", "您的事项${code}已重新办理。", "code"),
}
# The other services' kinds (issue 18) as the demo loads them.
TEMPLATES.update({kind: t for kind, t in DEMO_TEMPLATES.items() if kind not in TEMPLATES and kind != "referred"})


def templates(**codes) -> None:
    for kind, (code, text, params) in TEMPLATES.items():
        SmsTemplate.objects.update_or_create(
            kind=kind, defaults={"code": codes.get(kind, code), "text": text, "parameters": params}
        )


def filed_event(case=None, *, at=None, phone: str = "13800138000", **fields) -> CaseEvent:
    case = case or case_new(phone=phone, **fields)
    at = at or timezone.now() - timedelta(hours=1)
    return CaseEvent.objects.create(
        case=case, at=at, kind="filed", public=True, data={"reply_due_on": case.reply_due_on.isoformat()}
    )


def later(minutes: float):
    return timezone.now() + timedelta(minutes=minutes)
