"""Issue 17: a leader-led legal consultation or legal-aid application is not finished before its owner has
recorded the five duties, held the case conference, had the re-investigation signed and made the proactive
appointment (二（二）、二（四）); the step that would close it is refused, naming what is missing."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.errors import ActionRefused
from cases.models import Case, CaseKind, Routing
from cases.rules import status as st
from lobby.services import case_escalation_record
from mediation.models import LegalConsultation
from mediation.services.legal_aid import case_legal_aid_decide, case_legal_aid_lawyer_assign
from mediation.services.legal_consultation import case_legal_consultation_hold, case_legal_consultation_record
from tests.mediation.factories import leader_led_requirements_record, routed_case

pytestmark = pytest.mark.django_db
LABELS = ("包掌握情况", "包教育稳控", "专题分析会", "审阅签字", "主动约访")


def _leader_led(org, service: str) -> Case:
    """A case of ``service`` picked by the legal service's handler, then made leader-led by a skip-level petition."""
    handler = org.people["legal", "handler"]
    case = routed_case(
        lead=org.units["legal"],
        kind=CaseKind.LEGAL,
        service=service,
        status=st.IN_PROGRESS,
        picked_by=handler,
        village=org.village,
    )
    case_escalation_record(case=case, actor=handler, skip_level_to="city", note="信访人已赴绍兴市反映。")
    routing = Routing.objects.get(pk=case.pk)
    assert routing.leader_led is True
    assert routing.owner == org.leaders["liu"]  # supervises the legal service
    return Case.objects.get(pk=case.pk)


def _refused(run) -> str:
    with pytest.raises(ActionRefused) as refused:
        run()
    assert refused.value.code == "requirements"
    for label in LABELS:
        assert label in refused.value.message
    return refused.value.message


def _done(org, case) -> None:
    liu = org.leaders["liu"].user
    leader_led_requirements_record(
        case,
        handler=org.people["legal", "handler"],
        supervisor=liu,
        owner=liu,
        attendee=org.people["legal", "head"],
        now=timezone.now(),
    )


def _answer(org, case, **booking):
    return case_legal_consultation_record(
        case=case,
        actor=org.people["legal", "handler"],
        question="邻居占用公共走道怎么办？",
        advice="" if booking else "可先协商，协商不成可申请调解或起诉。",
        law_cited="《民法典》第二百八十八条",
        note="",
        **booking,
    )


def test_a_leader_led_consultation_is_not_answered_at_the_window_before_its_owner_has_done_everything(org):
    case = _leader_led(org, st.LEGAL_CONSULTATION)
    _refused(lambda: _answer(org, case))
    assert Case.objects.get(pk=case.pk).status == st.IN_PROGRESS
    assert not LegalConsultation.objects.filter(case=case).exists()

    _done(org, case)
    _answer(org, case)
    assert Case.objects.get(pk=case.pk).status == st.CLOSED


def test_a_booked_leader_led_consultation_is_held_only_after_its_owner_has_done_everything(org):
    case = _leader_led(org, st.LEGAL_CONSULTATION)
    _answer(org, case, booked=True, booked_for=timezone.now() + timedelta(days=2), lawyer="王律师")
    assert Case.objects.get(pk=case.pk).status == st.CONSULTATION_BOOKED  # booking finishes nothing

    def hold():
        case_legal_consultation_hold(case=case, actor=org.people["legal", "handler"], advice="可申请调解。")

    _refused(hold)
    assert Case.objects.get(pk=case.pk).status == st.CONSULTATION_BOOKED
    _done(org, case)
    hold()
    assert Case.objects.get(pk=case.pk).status == st.CLOSED


def test_a_leader_led_legal_aid_is_neither_refused_nor_handed_to_a_lawyer_before_its_owner_has_done_everything(org):
    handler = org.people["legal", "handler"]
    refused = _leader_led(org, st.LEGAL_AID)
    _refused(lambda: case_legal_aid_decide(case=refused, actor=handler, granted=False, reason="不符合经济困难条件。"))
    assert Case.objects.get(pk=refused.pk).status == st.IN_PROGRESS
    assert not refused.events.filter(kind="legal_aid_decided").exists()

    granted = _leader_led(org, st.LEGAL_AID)
    case_legal_aid_decide(case=granted, actor=handler, granted=True)  # a grant finishes nothing
    _refused(lambda: case_legal_aid_lawyer_assign(case=granted, actor=handler, lawyer="王律师"))
    assert Case.objects.get(pk=granted.pk).status == st.IN_PROGRESS

    for case in (refused, granted):
        _done(org, case)
    case_legal_aid_decide(case=refused, actor=handler, granted=False, reason="不符合经济困难条件。")
    case_legal_aid_lawyer_assign(case=granted, actor=handler, lawyer="王律师")
    assert set(Case.objects.filter(pk__in=[refused.pk, granted.pk]).values_list("status", flat=True)) == {st.CLOSED}


def test_the_case_page_of_a_leader_led_consultation_lists_what_its_closing_waits_for(client, org, zh):
    case = _leader_led(org, st.LEGAL_CONSULTATION)
    client.force_login(org.people["legal", "handler"])
    page = client.get(reverse("mediation:case", args=[case.tracking_code])).content.decode()
    assert 'data-testid="leader-led-missing"' in page
    for label in LABELS:
        assert label in page
    assert "办结签前" not in page  # a consultation is closed at the window, not signed off
