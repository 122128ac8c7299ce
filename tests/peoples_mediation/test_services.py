"""People's mediation services: parties, mediators with recusal, consent, sessions, the outcome."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.errors import ActionRefused, CaseNotFound, Conflict, NotAllowed
from cases.models import CaseEvent
from cases.rules import status as st
from mediation.models import CaseClock, FollowUp
from peoples_mediation import services
from peoples_mediation.models import Agreement, Mediation, MediatorChoice, Party, Session
from tests.mediation.factories import routed_case
from tests.peoples_mediation.factories import mediating, mediation_case, parties_added

pytestmark = pytest.mark.django_db


def _kinds(case) -> list[str]:
    return list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))


def test_parties_are_recorded_with_contact_and_side(org, case, handler):
    applicant, respondent = parties_added(org, case)
    assert applicant.side == "applicant"
    assert respondent.phone == "13700137000"
    assert _kinds(case).count("mediation_party_added") == 2
    assert Mediation.objects.get(case=case).stage == "preparing"


def test_an_organisation_can_be_a_party(org, case, handler):
    party = services.mediation_party_add(
        case=case, actor=handler, kind="organisation", name="沥海建筑公司", phone="057500000", side="respondent"
    )
    assert party.kind == "organisation"


def test_a_party_twice_is_refused_in_chinese(org, case, handler):
    parties_added(org, case)
    with pytest.raises(ActionRefused, match="已登记"):
        services.mediation_party_add(
            case=case, actor=handler, kind="person", name="王大伯", phone="1", side="applicant"
        )
    assert Party.objects.filter(case=case).count() == 2


def test_a_related_mediator_is_refused_and_nothing_is_stored(org, case, handler):
    applicant, _respondent = parties_added(org, case)
    with pytest.raises(ActionRefused) as refused:
        services.mediation_mediator_choose(
            case=case, actor=handler, mediator=org.mediators["qian"], related_party=applicant, relation="堂兄弟"
        )
    assert refused.value.code == "recusal"
    assert "回避" in refused.value.message
    assert "王大伯" in refused.value.message
    assert not MediatorChoice.objects.filter(case=case).exists()


def test_one_or_more_mediators_from_the_roster_village_ones_too(org, case, handler):
    services.mediation_mediator_choose(case=case, actor=handler, mediator=org.mediators["zhao"])
    services.mediation_mediator_choose(case=case, actor=handler, mediator=org.mediators["qian"])
    assert MediatorChoice.objects.filter(case=case).count() == 2
    with pytest.raises(Conflict):
        services.mediation_mediator_choose(case=case, actor=handler, mediator=org.mediators["qian"])


def test_an_inactive_mediator_cannot_be_chosen(org, case, handler):
    with pytest.raises(ActionRefused, match="停用"):
        services.mediation_mediator_choose(case=case, actor=handler, mediator=org.mediators["retired"])


def test_consent_needs_both_sides_first(org, case, handler):
    applicant = services.mediation_party_add(
        case=case, actor=handler, kind="person", name="王大伯", phone="1", side="applicant"
    )
    with pytest.raises(ActionRefused, match="两方当事人"):
        services.mediation_consent_record(case=case, actor=handler, party=applicant, consent=True)


def test_both_sides_consenting_starts_mediation(org, case, handler):
    mediating(org, case)
    assert Mediation.objects.get(case=case).stage == "mediating"
    case.refresh_from_db()
    assert case.status == st.IN_PROGRESS


def test_a_refusal_closes_it_with_a_referral_as_the_answer(org, case, handler):
    applicant, respondent = parties_added(org, case)
    services.mediation_consent_record(case=case, actor=handler, party=applicant, consent=True)
    with pytest.raises(ActionRefused, match="其他途径"):
        services.mediation_consent_record(case=case, actor=handler, party=respondent, consent=False)
    stage = services.mediation_consent_record(
        case=case, actor=handler, party=respondent, consent=False, referral="court", note="被申请人明确拒绝调解"
    )
    assert stage == "refused"
    case.refresh_from_db()
    assert case.status == st.REPLIED
    record = Mediation.objects.get(case=case)
    assert (record.referral, record.stage) == ("court", "refused")
    concluded = CaseEvent.objects.get(case=case, kind="mediation_concluded")
    assert concluded.public
    assert CaseClock.objects.get(case=case, clock="reply").met_at is not None


def test_no_session_before_a_mediator_and_consent(org, case, handler):
    with pytest.raises(Conflict, match="准备调解"):
        services.mediation_session_schedule(
            case=case, actor=handler, at=timezone.now() + timedelta(days=1), place="调解室"
        )


def test_sessions_are_scheduled_then_recorded(org, case, handler):
    mediating(org, case)
    # The session is held an hour after it is scheduled, and recorded an hour after that: "today" is
    # the session's own Beijing day (at 23:30 Beijing time the hour after is tomorrow).
    at = timezone.now() + timedelta(hours=1)
    later = at + timedelta(hours=1)
    day = timezone.localdate(later)
    session = services.mediation_session_schedule(case=case, actor=handler, at=at, place="中心一楼调解室")
    assert session.number == 1
    with pytest.raises(ActionRefused, match="晚于今天"):
        services.mediation_session_record(
            case=case, actor=handler, session=session, held_on=day + timedelta(days=1), said="x", now=later
        )
    services.mediation_session_record(
        case=case, actor=handler, session=session, held_on=day, said="双方陈述", agreed="同意赔偿", now=later
    )
    assert Session.objects.get(pk=session.pk).agreed == "同意赔偿"
    with pytest.raises(ActionRefused, match=r"already|已记录"):
        services.mediation_session_record(
            case=case, actor=handler, session=session, held_on=day, said="again", now=later
        )


def _agree(case, handler, respondent, *, days=30):
    today = timezone.localdate()
    return services.mediation_agreement_record(
        case=case,
        actor=handler,
        facts="李师傅装修时损坏防水层，致王大伯家天花板漏水。",
        dispute="漏水损失的赔偿数额。",
        signed_on=today,
        obligations=[services.ObligationInput(respondent, "赔偿修缮费人民币三千元", today + timedelta(days=days))],
    )


def test_agreement_is_the_answer_and_starts_the_30_day_window(org, case, handler):
    _applicant, respondent = mediating(org, case)
    agreement = _agree(case, handler, respondent)
    case.refresh_from_db()
    assert case.status == st.REPLIED
    assert agreement.obligations.count() == 1
    window = CaseClock.objects.get(case=case, clock="judicial_confirmation")
    assert window.started_on == timezone.localdate()
    assert window.due_on >= timezone.localdate() + timedelta(days=30)
    assert "第三十三条" in window.basis
    assert CaseClock.objects.get(case=case, clock="reply").met_at is not None


def test_an_obligation_due_before_signing_is_refused(org, case, handler):
    _applicant, respondent = mediating(org, case)
    with pytest.raises(ActionRefused, match="早于协议签订日"):
        _agree(case, handler, respondent, days=-1)
    assert not Agreement.objects.filter(case=case).exists()


def test_failure_is_closed_with_a_referral(org, case, handler):
    mediating(org, case)
    services.mediation_failure_record(case=case, actor=handler, referral="arbitration", note="赔偿数额分歧过大")
    case.refresh_from_db()
    assert case.status == st.REPLIED
    assert Mediation.objects.get(case=case).referral == "arbitration"


def test_performance_follow_up_is_the_follow_up_visit(org, case, handler):
    _applicant, respondent = mediating(org, case)
    agreement = _agree(case, handler, respondent)
    obligation = agreement.obligations.get()
    with pytest.raises(ActionRefused, match="履行情况"):
        services.mediation_performance_record(
            case=case, actor=handler, performance={}, method="phone", satisfaction="satisfied", at=timezone.now()
        )
    services.mediation_performance_record(
        case=case,
        actor=handler,
        performance={obligation.pk: ("performed", "已当面支付")},
        method="phone",
        satisfaction="satisfied",
        at=timezone.now(),
    )
    case.refresh_from_db()
    assert case.status == st.FOLLOW_UP_DONE
    assert FollowUp.objects.get(case=case).satisfaction == "satisfied"
    obligation.refresh_from_db()
    assert obligation.performance == "performed"


def test_the_joint_application_meets_the_window(org, case, handler):
    _applicant, respondent = mediating(org, case)
    _agree(case, handler, respondent)
    services.mediation_confirmation_record(
        case=case, actor=handler, applied=True, court="上虞区人民法院", applied_on=timezone.localdate()
    )
    assert CaseClock.objects.get(case=case, clock="judicial_confirmation").met_at is not None
    with pytest.raises(ActionRefused):
        services.mediation_confirmation_record(case=case, actor=handler, applied=False)


def test_another_unit_and_a_member_not_holding_it_cannot_act(org, case):
    with pytest.raises(CaseNotFound):
        services.mediation_party_add(
            case=case, actor=org.people["agri", "handler"], kind="person", name="x", phone="1", side="applicant"
        )
    with pytest.raises(NotAllowed):
        services.mediation_party_add(
            case=case, actor=org.people["mediation", "clerk"], kind="person", name="x", phone="1", side="applicant"
        )
    head = org.people["mediation", "head"]
    services.mediation_party_add(case=case, actor=head, kind="person", name="x", phone="1", side="applicant")


def test_the_director_sees_but_does_not_mediate(org, case):
    with pytest.raises(NotAllowed):
        services.mediation_party_add(
            case=case, actor=org.director.user, kind="person", name="x", phone="1", side="applicant"
        )


def test_a_petition_is_not_mediated(org):
    petition = routed_case(
        lead=org.units["mediation"], status=st.IN_PROGRESS, picked_by=org.people["mediation", "handler"]
    )
    with pytest.raises(ActionRefused) as refused:
        services.mediation_party_add(
            case=petition,
            actor=org.people["mediation", "handler"],
            kind="person",
            name="x",
            phone="1",
            side="applicant",
        )
    assert refused.value.code == "wrong_service"


def test_nothing_before_the_case_is_picked(org):
    queued = mediation_case(org, picked=False)
    with pytest.raises(Conflict):
        services.mediation_party_add(
            case=queued, actor=org.people["mediation", "head"], kind="person", name="x", phone="1", side="applicant"
        )
