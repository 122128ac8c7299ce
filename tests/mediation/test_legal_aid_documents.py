"""The legal-aid documents checklist on the case (issue 16): recorded, missing ones named, marked complete."""

import pytest
from django.test import Client
from django.urls import reverse

from cases.errors import ActionRefused
from cases.models import CaseEvent, CaseKind
from cases.rules import status as st
from mediation.history import history_entries
from mediation.models import LegalAidChecklist
from mediation.services.legal_aid import case_legal_aid_decide, case_legal_aid_documents_record
from tests.mediation.factories import routed_case

pytestmark = pytest.mark.django_db
FOUR = ["application_form", "identity", "hardship", "matter_papers"]


@pytest.fixture
def application(org):
    return routed_case(
        lead=org.units["legal"],
        kind=CaseKind.LEGAL,
        service="legal_aid",
        status=st.IN_PROGRESS,
        picked_by=org.people["legal", "handler"],
    )


def test_missing_documents_are_named_until_the_application_is_complete(org, application):
    handler = org.people["legal", "handler"]
    checklist = case_legal_aid_documents_record(case=application, actor=handler, received=["identity"])
    assert checklist.complete_at is None
    recorded = CaseEvent.objects.get(case=application, kind="legal_aid_documents_recorded")
    assert recorded.data["missing"] == ["application_form", "hardship", "matter_papers"]
    checklist = case_legal_aid_documents_record(case=application, actor=handler, received=FOUR)
    assert checklist.complete_at is not None
    assert checklist.received == FOUR
    assert CaseEvent.objects.filter(case=application, kind="legal_aid_application_complete").count() == 1
    entry = history_entries(CaseEvent.objects.filter(case=application, kind="legal_aid_documents_recorded"))[0]
    assert entry.label != "legal_aid_documents_recorded"


def test_an_agents_application_needs_the_agents_papers(org, application):
    handler = org.people["legal", "handler"]
    checklist = case_legal_aid_documents_record(case=application, actor=handler, received=FOUR, by_agent=True)
    assert checklist.complete_at is None


@pytest.mark.parametrize(
    ("who", "received", "decided", "code"),
    [
        ("director", FOUR, False, "role_not_allowed"),
        ("legal-handler", ["passport"], False, "documents"),
        ("legal-handler", FOUR, True, "already_decided"),
    ],
)
def test_a_refused_checklist_stores_nothing(org, application, who, received, decided, code):
    handler = org.people["legal", "handler"]
    if decided:
        case_legal_aid_decide(case=application, actor=handler, granted=True)
    actor = org.director.user if who == "director" else handler
    with pytest.raises(ActionRefused) as refused:
        case_legal_aid_documents_record(case=application, actor=actor, received=received)
    assert refused.value.code == code
    assert not LegalAidChecklist.objects.filter(case=application).exists()


def test_a_consultation_has_no_legal_aid_checklist(org):
    case = routed_case(lead=org.units["legal"], kind=CaseKind.LEGAL, service="legal_consultation")
    with pytest.raises(ActionRefused) as refused:
        case_legal_aid_documents_record(case=case, actor=org.people["legal", "head"], received=FOUR)
    assert refused.value.code == "wrong_service"


def test_the_checklist_from_the_case_page(org, application):
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(org.people["legal", "handler"])
    url = reverse("mediation:legal-aid-documents", args=[application.tracking_code])
    page = client.get(reverse("mediation:case", args=[application.tracking_code])).content.decode()
    assert url in page
    assert client.post(url, {"received": ["identity", "hardship"]}).status_code == 302
    page = client.get(reverse("mediation:case", args=[application.tracking_code])).content.decode()
    assert "法律援助申请表" in page
    assert client.post(url, {"received": FOUR}).status_code == 302
    assert LegalAidChecklist.objects.get(case=application).complete_at is not None
    client.force_login(org.people["agri", "head"])
    assert client.post(url, {"received": []}).status_code == 404
