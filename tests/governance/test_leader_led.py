"""Issue 17: a leader-led incident is closed with its measure only when its owner has recorded the five
duties, held the case conference, had the re-investigation signed and made the proactive appointment
(二（二）、二（四）); its case page lists what is still missing."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.errors import ActionRefused
from cases.models import Case, CaseEvent, Routing
from cases.rules import status as st
from governance.services import IncidentInput, incident_close, incident_dispatch, incident_report
from lobby.services import case_escalation_record
from mediation import services as mediation_services
from tests.mediation.factories import leader_led_requirements_record

pytestmark = pytest.mark.django_db
MEASURE = "村调委会现场调处，双方签订界址协议。"


def _leader_led_incident(gov) -> Case:
    """An incident dispatched to the agriculture office, picked, then made leader-led by a skip-level petition."""
    data = IncidentInput(
        village=gov.village,
        address="塘角村东路12号旁",
        category=gov.category,
        risk_level="high",
        description="两户村民因宅基地界址发生争执。",
    )
    case = incident_report(actor=gov.grid.user, data=data, photos=[]).case
    incident_dispatch(case=case, actor=gov.people["gov", "handler"], unit=gov.units["agri"])
    handler = gov.people["agri", "handler"]
    mediation_services.case_pick(case=case, actor=handler)
    case_escalation_record(case=case, actor=handler, skip_level_to="province", note="一方已赴省反映。")
    routing = Routing.objects.get(pk=case.pk)
    assert routing.leader_led is True
    assert routing.owner == gov.leaders["li"]  # supervises the agriculture office
    return Case.objects.get(pk=case.pk)


def test_a_leader_led_incident_is_closed_only_when_its_owner_has_done_everything(gov):
    case = _leader_led_incident(gov)
    handler = gov.people["agri", "handler"]
    with pytest.raises(ActionRefused) as refused:
        incident_close(case=case, actor=handler, measure=MEASURE)
    assert refused.value.code == "requirements"
    for label in ("包掌握情况", "包思想转化", "专题分析会", "审阅签字", "主动约访"):
        assert label in refused.value.message
    assert Case.objects.get(pk=case.pk).status == st.IN_PROGRESS
    assert not CaseEvent.objects.filter(case=case, kind="governance_closed").exists()

    li = gov.leaders["li"].user
    leader_led_requirements_record(
        case, handler=handler, supervisor=li, owner=li, attendee=gov.people["agri", "head"], now=timezone.now()
    )
    incident_close(case=case, actor=handler, measure=MEASURE)
    assert Case.objects.get(pk=case.pk).status == st.CLOSED


def test_the_incident_page_lists_what_a_leader_led_incident_still_lacks(client, gov, zh):
    case = _leader_led_incident(gov)
    client.force_login(gov.people["agri", "handler"])
    url = reverse("governance:case", args=[case.tracking_code])
    page = client.get(url).content.decode()
    assert 'data-testid="leader-led-missing"' in page
    for label in ("包掌握情况", "包承诺息访", "召开专题分析会", "主动约访听取诉求"):
        assert label in page
    assert reverse("mediation:case", args=[case.tracking_code]) + "#escalation" in page

    refused = client.post(reverse("governance:close", args=[case.tracking_code]), {"measure": MEASURE})
    assert refused.status_code == 400
    assert "包掌握情况" in refused.content.decode()
    assert Case.objects.get(pk=case.pk).status == st.IN_PROGRESS


def test_the_page_of_an_ordinary_incident_shows_no_leader_led_section(client, gov):
    data = IncidentInput(
        village=gov.village, address="塘角村", category=gov.category, risk_level="low", description="路灯损坏。"
    )
    case = incident_report(actor=gov.grid.user, data=data, photos=[]).case
    client.force_login(gov.people["gov", "handler"])
    page = client.get(reverse("governance:case", args=[case.tracking_code])).content.decode()
    assert 'data-testid="leader-led"' not in page
