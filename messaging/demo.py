"""The demo SMS templates (loaded by ``manage.py load_demo``): one per kind, with made-up provider codes.

A real center registers its own templates with its provider first and enters their codes in the
admin (Settings → 短信模板); a migration seeds none, because a made-up code would be refused by the
provider. Get-or-create by kind: loading twice, or after an administrator edited one, changes nothing.
"""

from django.db import transaction

from messaging.models import SmsTemplate

# kind: (the provider's template code, the approved text, its parameters in the provider's order)
DEMO_TEMPLATES: dict[str, tuple[str, str, str]] = {
    "filed": ("SMS_DEMO_01", "您的事项已受理登记，查询码${code}，将于${date}前答复。", "code,date"),
    "accepted": ("SMS_DEMO_02", "您的事项${code}已受理，由${unit}办理。", "code,unit"),
    "referred": ("SMS_DEMO_03", "您反映的事项${code}已转交${unit}处置。", "code,unit"),
    "extended": ("SMS_DEMO_04", "您的事项${code}答复期限延长至${date}。", "code,date"),
    "reply_ready": ("SMS_DEMO_05", "您的事项${code}已有书面答复，请到中心领取或凭查询码查看。", "code"),
    "follow_up": ("SMS_DEMO_06", "您的事项${code}已回访，感谢配合。", "code"),
    "reopened": ("SMS_DEMO_07", "您的事项${code}已重新办理。", "code"),
    "mediation_session": (
        "SMS_DEMO_08",
        "人民调解委员会通知：您参与的纠纷调解定于${time}在${place}进行，请准时参加。",
        "time,place",
    ),
    "mediation_agreed": (
        "SMS_DEMO_09",
        "您申请调解的事项${code}已签订调解协议，请到街道人民调解委员会领取调解协议书。",
        "code",
    ),
    "mediation_ended": (
        "SMS_DEMO_10",
        "您申请调解的事项${code}已终止调解，您可以依法${referral}；告知书请到街道人民调解委员会领取。",
        "code,referral",
    ),
    "legal_aid_granted": (
        "SMS_DEMO_11",
        "您的法律援助申请${code}已决定给予法律援助，请带身份证到司法所领取给予法律援助决定书。",
        "code",
    ),
    "legal_aid_refused": (
        "SMS_DEMO_12",
        "您的法律援助申请${code}经审查决定不予法律援助，请带身份证到司法所领取决定书，书中载明理由和异议途径。",
        "code",
    ),
    "legal_aid_lawyer": (
        "SMS_DEMO_13",
        "您的法律援助事项${code}已指派律师${lawyer}承办，律师将与您联系。",
        "code,lawyer",
    ),
    "consultation_booked": (
        "SMS_DEMO_14",
        "您的法律咨询${code}已预约值班律师${lawyer}，请于${time}到中心法律服务窗口。",
        "code,lawyer,time",
    ),
    "governance_closed": ("SMS_DEMO_15", "您反映的事项${code}已处置办结，可凭查询码查询处置情况。", "code"),
}


@transaction.atomic
def load_demo_templates() -> int:
    """One template per SMS kind that has none yet; how many were added."""
    added = 0
    for kind, (code, text, parameters) in DEMO_TEMPLATES.items():
        _template, created = SmsTemplate.objects.get_or_create(
            kind=kind, defaults={"code": code, "text": text, "parameters": parameters}
        )
        added += created
    return added
