"""Issue 17: a leader-led mediation case is answered (agreement signed, or ended with a referral) only when
its owner has recorded the five duties, held the case conference, had the re-investigation signed and made
the proactive appointment (二（二）、二（四）)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.errors import ActionRefused
from cases.models import Case, CaseEvent, Routing
from cases.rules import status as st
from lobby.services import case_escalation_record
from peoples_mediation import services
from peoples_mediation.models import Agreement, Mediation
from tests.mediation.factories import leader_led_requirements_record
from tests.peoples_mediation.factories import mediating, parties_added

pytestmark = pytest.mark.django_db
LABELS = ("包掌握情况", "包解决化解", "专题分析会", "审阅签字", "主动约访")


@pytest.fixture
def leader_led(org, case, handler):
    """The committee's case made leader-led by a skip-level petition (its supervisor: the political-legal leader)."""
    org.leaders["liu"].supervised_units.add(org.units["mediation"])
    case_escalation_record(case=case, actor=handler, skip_level_to="district", note="双方已到区信访局反映。")
    routing = Routing.objects.get(pk=case.pk)
    assert routing.leader_led is True
    assert routing.owner == org.leaders["liu"]
    return Case.objects.get(pk=case.pk)


def _refused(run) -> None:
    with pytest.raises(ActionRefused) as refused:
        run()
    assert refused.value.code == "requirements"
    for label in LABELS:
        assert label in refused.value.message


def _done(org, case, handler) -> None:
    liu = org.leaders["liu"].user
    leader_led_requirements_record(
        case, handler=handler, supervisor=liu, owner=liu, attendee=org.people["mediation", "head"], now=timezone.now()
    )


def _agree(case, handler, respondent):
    today = timezone.localdate()
    return services.mediation_agreement_record(
        case=case,
        actor=handler,
        facts="装修损坏防水层致漏水。",
        dispute="赔偿数额。",
        signed_on=today,
        obligations=[services.ObligationInput(respondent, "赔偿修缮费三千元", today + timedelta(days=30))],
    )


def test_the_agreement_of_a_leader_led_case_waits_for_its_owner(org, leader_led, handler):
    _applicant, respondent = mediating(org, leader_led)
    _refused(lambda: _agree(leader_led, handler, respondent))
    assert Case.objects.get(pk=leader_led.pk).status == st.IN_PROGRESS
    assert not Agreement.objects.filter(case=leader_led).exists()
    assert Mediation.objects.get(case=leader_led).stage == "mediating"

    _done(org, leader_led, handler)
    _agree(leader_led, handler, respondent)
    assert Case.objects.get(pk=leader_led.pk).status == st.REPLIED


def test_the_end_with_a_referral_of_a_leader_led_case_waits_for_its_owner(org, leader_led, handler):
    mediating(org, leader_led)

    def fail():
        services.mediation_failure_record(case=leader_led, actor=handler, referral="court", note="分歧过大")

    _refused(fail)
    assert not CaseEvent.objects.filter(case=leader_led, kind="mediation_concluded").exists()
    _done(org, leader_led, handler)
    fail()
    assert Case.objects.get(pk=leader_led.pk).status == st.REPLIED


def test_a_refusal_to_mediate_does_not_end_a_leader_led_case_before_its_owner_has_done_everything(
    org, leader_led, handler
):
    _applicant, respondent = parties_added(org, leader_led)
    services.mediation_mediator_choose(case=leader_led, actor=handler, mediator=org.mediators["zhao"])

    def refuse():
        return services.mediation_consent_record(
            case=leader_led, actor=handler, party=respondent, consent=False, referral="court", note="明确拒绝调解"
        )

    _refused(refuse)
    assert Case.objects.get(pk=leader_led.pk).status == st.IN_PROGRESS
    _done(org, leader_led, handler)
    assert refuse() == "refused"
    assert Case.objects.get(pk=leader_led.pk).status == st.REPLIED
