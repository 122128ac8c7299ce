"""SMS for the services that finish without a signed petition reply (issue 18): people's mediation, legal
aid, legal consultation, governance and reports. Each step runs through its own service; its SMS is
stored after the commit (through the worker), once, with its template's parameters; and nobody is
texted who must not be: a reporter who stayed anonymous, a grid worker, a petitioner who opted out."""

from datetime import datetime, timedelta

import pytest
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from cases.models import Case, CaseEvent, CaseKind, Petitioner
from cases.rules import status as st
from governance.services import incident_close, incident_dispatch
from intake.services import CaseInput, PetitionerInput, case_file
from mediation import services as mediation_services
from mediation.services.clocks import case_clocks_refresh
from mediation.services.legal_aid import case_legal_aid_decide, case_legal_aid_lawyer_assign
from mediation.services.legal_consultation import case_legal_consultation_record
from messaging import services
from messaging.models import DispatchCursor, SmsContact, SmsMessage, State
from peoples_mediation import services as pm
from tests.governance.conftest import governance_org
from tests.governance.test_incidents import _report
from tests.mediation.factories import build_org, routed_case
from tests.messaging.helpers import templates
from tests.peoples_mediation.factories import mediating, mediation_case, mediation_org, parties_added

pytestmark = pytest.mark.django_db
PETITIONER, RESPONDENT, DESK = "13800138000", "13700137000", "13912345678"


@pytest.fixture
def committed(configure, django_capture_on_commit_callbacks):
    """``committed(step, kind)``: run a step, see no SMS of ``kind`` before its commit, then read every
    event again from the start (the unique keys keep each SMS once); the SMS of ``kind`` stored."""
    configure(sms="console")
    templates()

    def run(step, kind: str):
        # The setup's own hints wait in the test's transaction: drop them, so that the step asks anew.
        transaction.get_connection().run_on_commit = []
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            step()
            assert not SmsMessage.objects.filter(kind=kind).exists()
        assert callbacks
        stored = list(SmsMessage.objects.filter(kind=kind).order_by("pk"))
        DispatchCursor.objects.all().delete()
        services.messages_dispatch()
        services.messages_dispatch()
        again = list(SmsMessage.objects.filter(kind=kind).order_by("pk"))
        assert again == stored
        return again

    return run


def _session_at() -> datetime:
    day = timezone.localtime() + timedelta(days=3)
    return day.replace(hour=14, minute=30, second=0, microsecond=0)


def _schedule(org, case):
    handler = org.people["mediation", "handler"]
    return lambda: pm.mediation_session_schedule(case=case, actor=handler, at=_session_at(), place="塘角村调解室")


def _sent(messages) -> dict[str, dict]:
    return {m.to: m.params for m in messages}


# people's mediation -------------------------------------------------------------------------------


def test_a_session_notice_reaches_every_party_with_a_phone_once(committed):
    org = mediation_org()
    case = mediation_case(org)
    _applicant, respondent = mediating(org, case)  # the applicant is the petitioner, on the same number
    messages = committed(_schedule(org, case), "mediation_session")
    notice = {"time": _session_at().strftime("%Y-%m-%d 14:30"), "place": "塘角村调解室"}
    assert _sent(messages) == {PETITIONER: notice, RESPONDENT: notice}  # never the code to the other side
    event = CaseEvent.objects.get(case=case, kind="mediation_session_scheduled")
    assert {m.key for m in messages} == {f"event:{event.pk}", f"event:{event.pk}:party:{respondent.pk}"}
    assert {m.state for m in messages} == {State.SENT}


def test_a_petitioner_who_opted_out_gets_no_notice_the_other_party_does(committed):
    org = mediation_org()
    case = mediation_case(org)
    SmsContact.objects.create(case=case, opt_out=True)
    mediating(org, case)
    messages = committed(_schedule(org, case), "mediation_session")
    assert [m.to for m in messages] == [RESPONDENT]


def test_the_desk_number_replaces_the_petitioners_party_phone(committed):
    org = mediation_org()
    case = mediation_case(org)
    SmsContact.objects.create(case=case, phone=DESK)
    mediating(org, case)
    messages = committed(_schedule(org, case), "mediation_session")
    assert sorted(m.to for m in messages) == sorted([DESK, RESPONDENT])


def test_the_agreement_tells_the_petitioner_once(committed):
    org = mediation_org()
    case = mediation_case(org)
    _applicant, respondent = mediating(org, case)
    today = timezone.localdate()

    def agree():
        pm.mediation_agreement_record(
            case=case,
            actor=org.people["mediation", "handler"],
            facts="李师傅装修时损坏防水层，致王大伯家天花板漏水。",
            dispute="漏水损失的赔偿数额。",
            signed_on=today,
            obligations=[pm.ObligationInput(respondent, "赔偿修缮费人民币三千元", today + timedelta(days=30))],
        )

    messages = committed(agree, "mediation_agreed")
    assert _sent(messages) == {PETITIONER: {"code": case.tracking_code}}
    assert not SmsMessage.objects.filter(kind="mediation_ended").exists()
    concluded = CaseEvent.objects.get(case=case, kind="mediation_concluded")
    assert messages[0].event_id == concluded.pk


def test_a_failed_mediation_tells_the_other_ways(committed):
    org = mediation_org()
    case = mediation_case(org)
    mediating(org, case)

    def fail():
        pm.mediation_failure_record(
            case=case, actor=org.people["mediation", "handler"], referral="court", note="赔偿数额分歧过大"
        )

    messages = committed(fail, "mediation_ended")
    assert _sent(messages) == {PETITIONER: {"code": case.tracking_code, "referral": "向人民法院提起诉讼"}}
    assert not SmsMessage.objects.filter(kind="mediation_agreed").exists()


def test_a_refusal_to_mediate_tells_the_other_ways(committed):
    org = mediation_org()
    case = mediation_case(org)
    _applicant, respondent = parties_added(org, case)

    def refuse():
        pm.mediation_consent_record(
            case=case,
            actor=org.people["mediation", "handler"],
            party=respondent,
            consent=False,
            referral="line_office",
            note="被申请人明确拒绝调解",
        )

    messages = committed(refuse, "mediation_ended")
    assert _sent(messages) == {PETITIONER: {"code": case.tracking_code, "referral": "向主管的行政机关（线办）申请处理"}}


# legal aid and legal consultation -----------------------------------------------------------------


def _application(org):
    case = routed_case(
        lead=org.units["legal"],
        kind=CaseKind.LEGAL,
        service="legal_aid",
        request="用人单位拖欠工资八个月，申请法律援助代理劳动仲裁。",
        status=st.IN_PROGRESS,
        picked_by=org.people["legal", "handler"],
    )
    case_clocks_refresh(case)
    return case


def test_a_grant_and_then_the_lawyer_are_told(committed):
    org = build_org()
    case = _application(org)
    handler = org.people["legal", "handler"]
    granted = committed(lambda: case_legal_aid_decide(case=case, actor=handler, granted=True), "legal_aid_granted")
    assert _sent(granted) == {PETITIONER: {"code": case.tracking_code}}

    def assign():
        case_legal_aid_lawyer_assign(case=case, actor=handler, lawyer="林律师", firm="沥海律师事务所")

    lawyer = committed(assign, "legal_aid_lawyer")
    assert _sent(lawyer) == {PETITIONER: {"code": case.tracking_code, "lawyer": "林律师", "firm": "沥海律师事务所"}}
    assert not SmsMessage.objects.filter(kind="legal_aid_refused").exists()


def test_a_refusal_tells_how_to_collect_the_decision(committed):
    org = build_org()
    case = _application(org)

    def refuse():
        case_legal_aid_decide(case=case, actor=org.people["legal", "head"], granted=False, reason="经济状况不符合条件")

    messages = committed(refuse, "legal_aid_refused")
    assert _sent(messages) == {PETITIONER: {"code": case.tracking_code}}  # the reason is in the written decision


def _consultation():
    return case_file(
        data=CaseInput(
            channel="visit",
            service="legal_consultation",
            request="邻居装修占用公共走道，我能否要求其恢复原状？",
            petitioners=[PetitionerInput(name="李阿姨", phone=DESK)],
            consent=True,
        )
    ).case


def test_a_booking_with_the_duty_lawyer_tells_the_time(committed):
    org = build_org()
    case = _consultation()
    when = timezone.localtime() + timedelta(days=2)
    booked_for = when.replace(hour=9, minute=30, second=0, microsecond=0)

    def book():
        case_legal_consultation_record(
            case=case,
            actor=org.people["legal", "handler"],
            question="邻居装修占用公共走道，我能否要求其恢复原状？",
            booked=True,
            booked_for=booked_for,
            lawyer="陈律师",
        )

    messages = committed(book, "consultation_booked")
    assert _sent(messages) == {
        DESK: {"code": case.tracking_code, "time": booked_for.strftime("%Y-%m-%d 09:30"), "lawyer": "陈律师"}
    }


def test_advice_given_at_the_window_sends_nothing(committed):
    org = build_org()
    case = _consultation()

    def answer():
        case_legal_consultation_record(
            case=case,
            actor=org.people["legal", "handler"],
            question="邻居装修占用公共走道，我能否要求其恢复原状？",
            advice="可先协商；协商不成可申请人民调解。",
        )

    assert committed(answer, "consultation_booked") == []
    assert set(SmsMessage.objects.filter(case=case).values_list("kind", flat=True)) == {"filed"}


# governance ---------------------------------------------------------------------------------------


def test_a_grid_workers_incident_texts_nobody(committed, private_media):
    gov = governance_org()
    case = _report(gov).case
    handler = gov.people["agri", "handler"]

    def handle():
        incident_dispatch(case=case, actor=gov.people["gov", "handler"], unit=gov.units["agri"])
        mediation_services.case_pick(case=case, actor=handler)
        incident_close(case=case, actor=handler, measure="村调委会现场调处，双方签订界址协议。")

    assert committed(handle, "governance_closed") == []
    assert CaseEvent.objects.filter(case=case, kind="governance_closed").exists()
    assert not SmsMessage.objects.filter(case=case).exists()  # not filed, referred nor closed: staff
    assert not SmsMessage.objects.filter(to=gov.grid.phone).exists()


def test_a_residents_governance_matter_closed_is_told(committed):
    build_org()
    case = case_file(
        data=CaseInput(
            channel="online",
            service="governance",
            request="村口路灯损坏多日，夜间通行有安全隐患。",
            petitioners=[PetitionerInput(name="王大伯", phone=PETITIONER)],
            consent=True,
        )
    ).case

    def close():
        CaseEvent.objects.create(case=case, at=timezone.now(), kind="governance_closed", public=True, data={})

    messages = committed(close, "governance_closed")
    assert _sent(messages) == {PETITIONER: {"code": case.tracking_code}}


# reports (举报) -----------------------------------------------------------------------------------


def _reply_signed(case):
    return lambda: CaseEvent.objects.create(case=case, at=timezone.now(), kind="completion_signed", data={})


def test_a_named_reporter_hears_the_answer_is_ready_and_the_reported_person_never(committed):
    org = build_org()
    reported = org.people["agri", "handler"]
    case = routed_case(
        lead=org.units["discipline"],
        kind=CaseKind.CONDUCT,
        service="complaint",
        is_conduct_complaint=True,
        accused_persons=[reported],
        phone=DESK,
    )
    messages = committed(_reply_signed(case), "reply_ready")
    assert _sent(messages) == {DESK: {"code": case.tracking_code}}
    assert set(SmsMessage.objects.values_list("to", flat=True)) == {DESK}


def test_an_anonymous_reporter_gets_no_sms(committed):
    org = build_org()
    case = routed_case(lead=org.units["agri"], service="complaint", request="匿名举报账目不公开")
    Petitioner.objects.filter(case=case).delete()
    Case.objects.filter(pk=case.pk).update(is_anonymous=True, passphrase_hash=make_password("river-bank-2026"))
    case.refresh_from_db()
    assert committed(_reply_signed(case), "reply_ready") == []
    assert not SmsMessage.objects.filter(case=case).exists()


# resend -------------------------------------------------------------------------------------------


def test_a_failed_notice_to_the_other_party_is_resent_to_that_party(committed):
    org = mediation_org()
    case = mediation_case(org)
    SmsContact.objects.create(case=case, phone=DESK)
    mediating(org, case)
    messages = committed(_schedule(org, case), "mediation_session")
    to_party = next(m for m in messages if m.to == RESPONDENT)
    SmsMessage.objects.filter(pk=to_party.pk).update(state=State.FAILED)
    to_party.refresh_from_db()
    clerk = org.people["petition", "clerk"]
    again = services.sms_resend(message=to_party, actor=clerk)
    assert again.to == RESPONDENT
    SmsMessage.objects.filter(pk=again.pk).update(state=State.FAILED)
    again.refresh_from_db()
    assert services.sms_resend(message=again, actor=clerk).to == RESPONDENT
