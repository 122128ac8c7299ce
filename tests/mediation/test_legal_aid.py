"""The legal-aid decision: the legal-service unit records it, and it meets the 7-day clock at once; the
clock runs from the day the application is complete (法律援助法 第四十三条), not from its receipt."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation

from cases.errors import ActionRefused
from cases.models import CaseEvent, CaseKind
from cases.rules import status as st
from mediation.history import history_entries
from mediation.models import CaseClock
from mediation.rules import clocks as rules
from mediation.services.clocks import case_clocks_refresh
from mediation.services.legal_aid import case_legal_aid_decide, case_legal_aid_documents_record
from mediation.tasks import run_sweep
from tests.mediation.factories import routed_case

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
FOUR = ["application_form", "identity", "hardship", "matter_papers"]


def at(y, m, d, h=10):
    return datetime(y, m, d, h, tzinfo=SH)


@pytest.fixture
def received(org):
    """A legal-aid application received on Monday 2 November 2026, its documents not yet checked."""
    case = routed_case(
        lead=org.units["legal"],
        kind=CaseKind.LEGAL,
        service="legal_aid",
        received_at=at(2026, 11, 2),
        assigned_at=at(2026, 11, 2, 11),
        status=st.IN_PROGRESS,
        picked_by=org.people["legal", "handler"],
    )
    case_clocks_refresh(case, at(2026, 11, 2, 11))
    return case


@pytest.fixture
def application(org, received):
    """The application, complete on Tuesday 3 November 2026: the decision is due on 10 November."""
    case_legal_aid_documents_record(
        case=received, actor=org.people["legal", "handler"], received=FOUR, now=at(2026, 11, 3)
    )
    return received


def _clock(case):
    return CaseClock.objects.get(case=case, clock="legal_aid_decision")


def test_no_decision_clock_runs_while_the_application_is_incomplete(org, received, client):
    assert not CaseClock.objects.filter(case=received, clock="legal_aid_decision").exists()
    handler = org.people["legal", "handler"]
    case_legal_aid_documents_record(case=received, actor=handler, received=["identity"], now=at(2026, 11, 3))
    assert not CaseClock.objects.filter(case=received, clock="legal_aid_decision").exists()
    client.force_login(handler)
    page = client.get(reverse("mediation:case", args=[received.tracking_code])).content.decode()
    assert 'data-clock="legal_aid_decision" data-state="waiting"' in page
    with translation.override("zh-hans"):
        page = client.get(reverse("mediation:case", args=[received.tracking_code])).content.decode()
    assert "等待申请材料齐全" in page
    assert "自收到完整申请材料之日起七日内" in page


def test_completing_the_application_starts_the_clock_and_the_decision_meets_it(org, received, client):
    handler = org.people["legal", "handler"]
    case_legal_aid_documents_record(case=received, actor=handler, received=FOUR, now=at(2026, 11, 3))
    clock = _clock(received)
    # Complete on Tuesday 3 November (not counted), received the day before: 7 days to Tuesday 10 November.
    assert (clock.started_on, clock.due_on) == (date(2026, 11, 3), date(2026, 11, 10))
    assert clock.state == rules.RUNNING
    assert clock.policy_code == "legal_aid_decision_7_days"
    assert "收到完整申请材料当日不计" in clock.explanation
    client.force_login(handler)
    page = client.get(reverse("mediation:case", args=[received.tracking_code])).content.decode()
    assert 'data-clock="legal_aid_decision" data-state="waiting"' not in page
    # A document recorded missing later neither stops nor restarts the clock.
    case_legal_aid_documents_record(case=received, actor=handler, received=FOUR[:3], now=at(2026, 11, 5))
    assert _clock(received).due_on == date(2026, 11, 10)
    case_legal_aid_decide(case=received, actor=handler, granted=True, now=at(2026, 11, 9))
    clock = _clock(received)
    assert clock.met_at == at(2026, 11, 9)
    assert clock.state == rules.MET
    run_sweep(at(2026, 11, 20))
    assert _clock(received).state == rules.MET


def test_a_decision_before_the_application_is_complete_leaves_no_clock_waiting(org, received, client):
    handler = org.people["legal", "head"]
    case_legal_aid_decide(case=received, actor=handler, granted=False, reason="不属于法律援助范围", now=at(2026, 11, 3))
    client.force_login(handler)
    page = client.get(reverse("mediation:case", args=[received.tracking_code])).content.decode()
    assert 'data-state="waiting"' not in page


def test_legal_aid_decision_meets_its_clock_in_the_same_transaction(org, application):
    assert _clock(application).met_at is None
    case_legal_aid_decide(case=application, actor=org.people["legal", "handler"], granted=True, now=at(2026, 11, 4))
    clock = _clock(application)
    assert clock.met_at == at(2026, 11, 4)
    assert clock.state == rules.MET
    recorded = CaseEvent.objects.get(case=application, kind="legal_aid_decided")
    assert recorded.data["decision"] == "granted"
    assert recorded.data["unit"]["code"] == "legal-service"
    assert recorded.public is False


def test_decided_legal_aid_never_goes_overdue(org, application):
    case_legal_aid_decide(
        case=application,
        actor=org.people["legal", "head"],
        granted=False,
        reason="不符合经济困难条件",
        now=at(2026, 11, 4),
    )
    run_sweep(at(2026, 11, 20))
    assert _clock(application).state == rules.MET


def test_undecided_legal_aid_goes_overdue(application):
    run_sweep(at(2026, 11, 20))
    assert _clock(application).state == rules.OVERDUE


@pytest.mark.parametrize(
    ("who", "granted", "reason", "code"),
    [
        ("director", True, "", "role_not_allowed"),
        ("legal-handler", False, "", "reason"),
    ],
)
def test_legal_aid_decision_refused(org, application, who, granted, reason, code):
    actor = org.director.user if who == "director" else org.people["legal", "handler"]
    with pytest.raises(ActionRefused) as refused:
        case_legal_aid_decide(case=application, actor=actor, granted=granted, reason=reason, now=at(2026, 11, 4))
    assert refused.value.code == code
    assert _clock(application).met_at is None
    assert not CaseEvent.objects.filter(case=application, kind="legal_aid_decided").exists()


def test_legal_aid_is_decided_once(org, application):
    handler = org.people["legal", "handler"]
    case_legal_aid_decide(case=application, actor=handler, granted=True, now=at(2026, 11, 4))
    with pytest.raises(ActionRefused) as refused:
        case_legal_aid_decide(case=application, actor=handler, granted=False, reason="x", now=at(2026, 11, 5))
    assert refused.value.code == "already_decided"


def test_only_a_legal_aid_application_is_decided(org):
    case = routed_case(lead=org.units["legal"], kind=CaseKind.LEGAL, service="legal_consultation")
    with pytest.raises(ActionRefused) as refused:
        case_legal_aid_decide(case=case, actor=org.people["legal", "head"], granted=True)
    assert refused.value.code == "wrong_service"


def test_legal_aid_decision_from_the_case_page(org, application, client):
    handler = org.people["legal", "handler"]
    client.force_login(handler)
    page = client.get(reverse("mediation:case", args=[application.tracking_code]))
    assert reverse("mediation:legal-aid-decide", args=[application.tracking_code]) in page.content.decode()
    response = client.post(
        reverse("mediation:legal-aid-decide", args=[application.tracking_code]), {"decision": "grant", "reason": ""}
    )
    assert response.status_code == 302
    assert _clock(application).met_at is not None
    entry = history_entries(CaseEvent.objects.filter(case=application, kind="legal_aid_decided"))[0]
    assert entry.label != "legal_aid_decided"
    page = client.get(reverse("mediation:case", args=[application.tracking_code]))
    assert reverse("mediation:legal-aid-decide", args=[application.tracking_code]) not in page.content.decode()


def test_other_units_are_not_offered_the_decision(org, application, client):
    client.force_login(org.director.user)
    page = client.get(reverse("mediation:case", args=[application.tracking_code]))
    assert page.status_code == 200
    assert reverse("mediation:legal-aid-decide", args=[application.tracking_code]) not in page.content.decode()
