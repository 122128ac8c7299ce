"""The pure rules of messaging, the providers' documented signature, and the admin's template check."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from messaging import rules
from messaging.backends.aliyun import signature
from messaging.conf import from_environ
from messaging.demo import DEMO_TEMPLATES
from messaging.models import Category, SmsKind, SmsTemplate

TZ = ZoneInfo("Asia/Shanghai")


def test_the_choices_and_the_rules_name_the_same_kinds():
    assert tuple(SmsKind.values) == tuple(rules.SMS_PARAMETERS)
    assert tuple(Category.values) == rules.CATEGORIES
    outcomes = {kind for _field, kinds in rules.SMS_BY_OUTCOME.values() for kind in kinds.values()}
    assert set(rules.SMS_BY_EVENT.values()) | outcomes == set(rules.SMS_PARAMETERS)
    assert not set(rules.SMS_BY_EVENT) & set(rules.SMS_BY_OUTCOME)


def test_the_demo_templates_pass_the_admin_check_one_per_kind():
    assert set(DEMO_TEMPLATES) == set(rules.SMS_PARAMETERS)
    for kind, (_code, text, parameters) in DEMO_TEMPLATES.items():
        assert rules.template_problems(kind, text, parameters.split(",")) == [], kind


def test_an_event_that_decides_picks_its_sms_by_what_it_decided():
    assert rules.sms_kind("mediation_concluded", {"outcome": "agreed"}) == "mediation_agreed"
    assert rules.sms_kind("mediation_concluded", {"outcome": "failed"}) == "mediation_ended"
    assert rules.sms_kind("mediation_concluded", {"outcome": "refused"}) == "mediation_ended"
    assert rules.sms_kind("legal_aid_decided", {"decision": "granted"}) == "legal_aid_granted"
    assert rules.sms_kind("legal_aid_decided", {"decision": "refused"}) == "legal_aid_refused"
    assert rules.sms_kind("legal_aid_decided", {}) is None
    assert rules.sms_kind("mediation_agreement_signed", {}) is None  # told once, by mediation_concluded
    assert rules.sms_kind("legal_consultation_given", {}) is None  # the resident is at the window
    assert rules.sms_kind("completion_signed", {}) == "reply_ready"


def test_notification_kinds_fall_into_the_categories_people_choose_from():
    assert rules.category_of_notification("deadline") == "deadline"
    assert rules.category_of_notification("warning_slip") == "warning_slip"
    assert rules.category_of_notification("reinvestigation_filed") == "supervision"
    assert rules.category_of_notification("reply_submitted") == "completion_signature"
    assert rules.category_of_notification("assist_request") == "other"
    assert set(rules.CATEGORY_BY_NOTIFICATION.values()) | set(rules.CATEGORY_BY_EVENT.values()) | rules.URGENT <= set(
        rules.CATEGORIES
    )


def test_aliyun_signature_matches_the_documented_example():
    """Alibaba Cloud's SMS documentation signs this request with secret "testSecret" (GET)."""
    params = {
        "AccessKeyId": "testId",
        "Action": "SendSms",
        "Format": "XML",
        "OutId": "123",
        "PhoneNumbers": "15300000001",
        "RegionId": "cn-hangzhou",
        "SignName": "阿里云短信测试专用",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": "45e25e9b-0a6f-4070-8c85-2956eda1b466",
        "SignatureVersion": "1.0",
        "TemplateCode": "SMS_71390007",
        "TemplateParam": '{"customer":"test"}',
        "Timestamp": "2017-07-12T02:42:19Z",
        "Version": "2017-05-25",
    }
    assert signature(params, "testSecret", method="GET") == "zJDF+Lrzhj/ThnlvIToysFRq6t4="


@pytest.mark.parametrize(
    ("raw", "masked"), [("13800138000", "138****8000"), ("+86 139-1234-5678", "861****5678"), ("", "****")]
)
def test_phone_numbers_are_masked(raw, masked):
    assert rules.mask_phone(raw) == masked


def test_every_mobile_number_in_a_text_is_masked():
    assert (
        rules.mask_text("打给13800138000或13912345678，座机057582123456")
        == "打给138****8000或139****5678，座机057582123456"
    )


def test_backoff_doubles_up_to_an_hour():
    assert [rules.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert rules.backoff(20) == timedelta(hours=1)


@pytest.mark.parametrize(
    ("at", "start", "end", "until"),
    [
        (datetime(2026, 11, 30, 23, 0, tzinfo=TZ), time(22), time(7, 30), datetime(2026, 12, 1, 7, 30, tzinfo=TZ)),
        (datetime(2026, 12, 1, 6, 0, tzinfo=TZ), time(22), time(7, 30), datetime(2026, 12, 1, 7, 30, tzinfo=TZ)),
        (datetime(2026, 12, 1, 12, 0, tzinfo=TZ), time(22), time(7, 30), None),
        (datetime(2026, 12, 1, 12, 30, tzinfo=TZ), time(12), time(14), datetime(2026, 12, 1, 14, 0, tzinfo=TZ)),
        (datetime(2026, 12, 1, 12, 30, tzinfo=TZ), None, None, None),
    ],
)
def test_quiet_hours_may_wrap_midnight(at, start, end, until):
    assert rules.quiet_until(at, start, end) == until


def test_a_template_uses_only_its_kinds_parameters_each_in_its_text():
    assert rules.template_problems("filed", "查询码${code}，${date}前答复", ["code", "date"]) == []
    assert rules.template_problems("filed", "查询码${code}", ["code", "date"]) == ["parameter date is not in the text"]
    assert rules.template_problems("reopened", "${name}", ["name"])
    assert rules.template_render("码${code}", {"code": "ABC"}) == "码ABC"


@pytest.mark.django_db
def test_the_admin_refuses_a_template_with_a_foreign_parameter(zh):
    template = SmsTemplate(
        kind="reopened", code="SMS_1", text="您的事项${code}由${name}重新办理", parameters="code,name"
    )
    with pytest.raises(ValidationError) as refused:
        template.full_clean()
    assert "只能使用以下参数" in str(refused.value)


def test_the_environment_chooses_the_gateways_and_refuses_an_unknown_one(tmp_path):
    cfg = from_environ({"MESSAGING_SMS_BACKEND": "Tencent", "TENCENT_SMS_SDK_APP_ID": "1400"}, tmp_path, "http://x")
    assert cfg["SMS_BACKEND"] == "tencent"
    assert cfg["WORK_BACKEND"] == "none"
    assert cfg["TENCENT"]["SDK_APP_ID"] == "1400"
    with pytest.raises(ValueError, match="MESSAGING_WORK_BACKEND"):
        from_environ({"MESSAGING_WORK_BACKEND": "pager"}, tmp_path, "http://x")
