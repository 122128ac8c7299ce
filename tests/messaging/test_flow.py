"""From a recorded step to a message: filing with its SMS choices, after commit, through the worker;
who is told (the visibility rule, as a matrix), preferences, quiet hours and the daily digest."""

import json
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from cases.models import CaseEvent
from cases.selectors import users_who_may_know
from intake.services import CaseInput, PetitionerInput, case_file
from mediation.models import Notification
from messaging import services
from messaging.models import DispatchCursor, SmsContact, SmsMessage, StaffMessagePreference, State, WorkMessage
from tests.mediation.factories import routed_case
from tests.messaging.helpers import later, templates

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _filing(**extra) -> CaseInput:
    return CaseInput(
        channel="online",
        service="petition",
        request="村道破损，请求修复。",
        consent=True,
        petitioners=[PetitionerInput(name="王大伯", phone="13800138000")],
        **extra,
    )


def test_filing_sends_the_tracking_code_and_reply_date_after_commit_through_the_worker(
    configure, django_capture_on_commit_callbacks, tmp_path
):
    configure(sms="file")
    templates()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        filed = case_file(data=_filing())
    assert len(callbacks) >= 1
    message = SmsMessage.objects.get(case=filed.case)
    assert message.kind == "filed"
    assert message.state == State.SENT
    assert message.params == {"code": filed.case.tracking_code, "date": filed.case.reply_due_on.isoformat()}
    lines = (tmp_path / "outbox" / "sms.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    sent = json.loads(lines[0])
    assert sent["to"] == "138****8000"  # the outbox masks like the logs
    assert filed.case.tracking_code in sent["text"]


def test_nothing_is_recorded_or_sent_with_the_embedded_default(django_capture_on_commit_callbacks):
    templates()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        case_file(data=_filing())
    assert not callbacks or not SmsMessage.objects.exists()
    assert not SmsMessage.objects.exists()
    assert not WorkMessage.objects.exists()


def test_a_petitioner_who_opted_out_gets_no_sms_and_another_number_is_used(configure):
    configure(sms="console")
    templates()
    quiet = case_file(data=_filing(sms_opt_out=True)).case
    other = case_file(data=_filing(sms_phone="13912345678")).case
    services.messages_dispatch()
    assert SmsContact.objects.get(case=quiet).opt_out
    assert not SmsMessage.objects.filter(case=quiet).exists()
    assert SmsMessage.objects.get(case=other).to == "13912345678"


def test_an_anonymous_report_or_a_landline_gets_no_sms(configure):
    configure(sms="console")
    templates()
    landline = case_file(
        data=CaseInput(
            channel="online",
            service="petition",
            request="村道破损，请求修复。",
            consent=True,
            petitioners=[PetitionerInput(name="王大伯", phone="057582123456")],
        )
    ).case
    services.messages_dispatch()
    assert not SmsMessage.objects.filter(case=landline).exists()


def test_each_step_the_petitioner_hears_of_is_one_sms_with_its_parameters(configure, org):
    configure(sms="console")
    templates()
    case = routed_case(lead=org.units["agri"])
    now = later(-30)
    for kind, data in [
        ("routing_confirmed", {}),
        ("deadline_extended", {"to": "2026-12-31"}),
        ("completion_signed", {}),
        ("follow_up", {}),
        ("reopened", {}),
        ("note_added", {}),
    ]:
        CaseEvent.objects.create(case=case, at=now, kind=kind, data=data)
    services.messages_dispatch()
    services.messages_dispatch()
    sent = {m.kind: m.params for m in SmsMessage.objects.filter(case=case)}
    assert sent == {
        "accepted": {"code": case.tracking_code, "unit": "农业农村办"},
        "extended": {"code": case.tracking_code, "date": "2026-12-31"},
        "reply_ready": {"code": case.tracking_code},
        "follow_up": {"code": case.tracking_code},
        "reopened": {"code": case.tracking_code},
    }
    services.messages_send_due()
    assert set(SmsMessage.objects.values_list("state", flat=True)) == {State.SENT}


def test_a_message_without_a_template_fails_visibly(configure, org):
    configure(sms="console")
    case = routed_case(lead=org.units["agri"])
    CaseEvent.objects.create(case=case, at=later(-30), kind="follow_up", data={})
    services.messages_dispatch()
    services.messages_send_due()
    message = SmsMessage.objects.get()
    assert message.state == State.FAILED
    assert message.error


# who is told ----------------------------------------------------------------


def _everyone(org):
    return [*org.people.values(), org.director.user, *(leader.user for leader in org.leaders.values()), org.outsider]


def test_a_conduct_complaint_is_never_announced_to_the_accused(configure, org):
    """Matrix: a notification row for every person; a work message only for those the rule lets know."""
    configure(work="console")
    case = routed_case(
        lead=org.units["discipline"], kind="conduct", is_conduct_complaint=True, accused_units=[org.units["agri"]]
    )
    people = _everyone(org)
    for user in people:
        Notification.objects.create(
            user=user, case=case, kind="deadline", key="x", message="到期", created_at=later(-1)
        )
    CaseEvent.objects.create(case=case, at=later(-1), kind="assignment_signed", data={})
    services.messages_dispatch()
    told = set(WorkMessage.objects.values_list("user_id", flat=True))
    may_know = users_who_may_know([case.pk], [u.pk for u in people])[case.pk]
    assert told == may_know
    accused = {u.pk for (unit, _role), u in org.people.items() if unit == "agri"}
    assert not told & accused
    assert org.people["discipline", "handler"].pk in told
    assert org.director.user.pk in told
    assigned = WorkMessage.objects.filter(category="assignment")
    assert set(assigned.values_list("user_id", flat=True)) == {
        org.people["discipline", "handler"].pk,
        org.people["discipline", "head"].pk,
    }


def test_a_pick_tells_the_unit_head_not_the_one_who_picked(configure, org):
    configure(work="console")
    handler = org.people["agri", "handler"]
    case = routed_case(lead=org.units["agri"])
    CaseEvent.objects.create(case=case, at=later(-1), kind="picked", actor=handler, data={})
    services.messages_dispatch()
    assert list(WorkMessage.objects.values_list("user_id", "category")) == [(org.people["agri", "head"].pk, "pick")]


# preferences ------------------------------------------------------------------


def _note(user, case, key, at):
    return Notification.objects.create(
        user=user, case=case, kind="deadline", key=key, message="事项到期", created_at=at
    )


def test_kinds_a_person_did_not_choose_never_reach_them_but_joint_reception_always_does(configure, org):
    configure(work="console")
    head = org.people["agri", "head"]
    StaffMessagePreference.objects.create(user=head, categories=["pick"])
    case = routed_case(lead=org.units["agri"])
    _note(head, case, "a", later(-1))
    services.messages_dispatch()
    assert not WorkMessage.objects.exists()
    assert StaffMessagePreference.objects.get(user=head).wants("joint_reception")


def test_quiet_hours_hold_a_message_until_they_end(configure, org, settings):
    configure(work="console")
    head = org.people["agri", "head"]
    StaffMessagePreference.objects.create(user=head, quiet_start=time(22, 0), quiet_end=time(7, 30))
    case = routed_case(lead=org.units["agri"])
    night = datetime(2026, 11, 30, 23, 15, tzinfo=SHANGHAI)
    _note(head, case, "n", night)
    services.messages_dispatch(now=night)
    message = WorkMessage.objects.get()
    assert timezone.localtime(message.next_attempt_at, SHANGHAI) == datetime(2026, 12, 1, 7, 30, tzinfo=SHANGHAI)
    assert services.messages_send_due(now=night)["work"] == 0
    assert services.messages_send_due(now=datetime(2026, 12, 1, 7, 31, tzinfo=SHANGHAI))["work"] == 1


def test_a_daily_digest_gathers_the_held_messages_into_one(configure, org):
    configure(work="console")
    head = org.people["agri", "head"]
    StaffMessagePreference.objects.create(user=head, digest=True)
    for i in range(3):
        _note(head, routed_case(lead=org.units["agri"]), f"d{i}", later(-1))
    services.messages_dispatch()
    assert set(WorkMessage.objects.values_list("state", flat=True)) == {State.HELD}
    assert services.messages_send_due()["work"] == 0
    assert services.digests_build() == 1
    assert services.digests_build() == 0
    services.messages_send_due()
    digest = WorkMessage.objects.get(key__startswith="digest:")
    assert digest.state == State.SENT
    assert digest.text.count("事项到期") == 3
    assert WorkMessage.objects.filter(state=State.DIGESTED, digest=digest).count() == 3


def test_a_late_commit_below_the_cursor_is_still_read(configure, org):
    """The cursor moves only past rows older than the grace period: a row committed late is not skipped."""
    configure(work="console")
    head = org.people["agri", "head"]
    case = routed_case(lead=org.units["agri"])
    now = timezone.now()
    high = Notification.objects.create(
        pk=1000, user=head, case=case, kind="deadline", key="high", message="m", created_at=now
    )
    services.messages_dispatch(now=now)
    assert DispatchCursor.objects.get(source="notifications").floor == 0  # too recent to pass
    low = Notification.objects.create(
        pk=900, user=head, case=case, kind="deadline", key="low", message="m", created_at=now
    )
    services.messages_dispatch(now=now)
    assert set(WorkMessage.objects.values_list("key", flat=True)) == {f"n:{high.pk}", f"n:{low.pk}"}
    services.messages_dispatch(now=now + timedelta(minutes=11))
    assert DispatchCursor.objects.get(source="notifications").floor == high.pk
    assert WorkMessage.objects.count() == 2


def test_a_resend_is_sent_by_the_worker_right_after_its_commit(configure, org, django_capture_on_commit_callbacks):
    configure(sms="console")
    case = routed_case(lead=org.units["agri"])
    CaseEvent.objects.create(case=case, at=later(-30), kind="reopened", data={})
    services.messages_dispatch()
    services.messages_send_due()  # no template: failed
    failed = SmsMessage.objects.get()
    templates()
    with django_capture_on_commit_callbacks(execute=True):
        again = services.sms_resend(message=failed, actor=org.people["petition", "clerk"])
    again.refresh_from_db()
    assert again.state == State.SENT
