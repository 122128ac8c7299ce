"""The legal consultation at the window (issue 16): recorded by the legal-service staff, it closes the case."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.errors import ActionRefused, CaseNotFound
from cases.models import Case, CaseEvent, CaseKind, Routing
from cases.rules import status as st
from cases.selectors import case_list_for_user
from intake.services import CaseInput, PetitionerInput, case_file
from mediation import permissions
from mediation.history import history_entries
from mediation.models import CaseClock, LegalConsultation
from mediation.rules import clocks as clock_rules
from mediation.services.legal_consultation import case_legal_consultation_hold, case_legal_consultation_record
from mediation.tasks import run_sweep
from tests.mediation.factories import routed_case

pytestmark = pytest.mark.django_db

QUESTION = "邻居装修占用公共走道，我能否要求其恢复原状？"
ADVICE = "可先协商；协商不成可申请人民调解，或依法向人民法院起诉请求排除妨害。"
LAW = "《中华人民共和国民法典》第二百八十八条、第二百三十六条"
NOTE = "内部备注：当事人情绪平稳"


def _file(service="legal_consultation", phone="13912345678"):
    return case_file(
        data=CaseInput(
            channel="visit",
            service=service,
            request=QUESTION,
            petitioners=[PetitionerInput(name="李阿姨", phone=phone)],
            consent=True,
        )
    ).case


@pytest.fixture
def consultation(org):
    return _file()


def _handler(org):
    return org.people["legal", "handler"]


def _clocks(case) -> dict:
    return dict(CaseClock.objects.filter(case=case).values_list("clock", "met_at"))


def test_the_legal_service_sees_an_unrouted_consultation_and_may_answer_it(org, consultation):
    handler = _handler(org)
    assert case_list_for_user(handler).filter(pk=consultation.pk).exists()
    assert {"give_consultation", "book_consultation"} <= permissions.case_actions_for(handler, consultation)
    for other in (org.people["agri", "handler"], org.people["agri", "head"]):
        assert not case_list_for_user(other).filter(pk=consultation.pk).exists()
    clerk = org.people["petition", "clerk"]
    assert not {"give_consultation", "book_consultation"} & permissions.case_actions_for(clerk, consultation)


def test_the_legal_service_does_not_see_an_unrouted_petition(org):
    petition = _file(service="petition")
    assert not case_list_for_user(_handler(org)).filter(pk=petition.pk).exists()


def test_a_consultation_answered_on_the_spot_closes_the_case_and_meets_its_clocks(org, consultation):
    now = timezone.now()
    recorded = case_legal_consultation_record(
        case=consultation, actor=_handler(org), question=QUESTION, advice=ADVICE, law_cited=LAW, note=NOTE, now=now
    )
    consultation.refresh_from_db()
    assert consultation.status == st.CLOSED
    assert recorded.mode == LegalConsultation.Mode.ON_THE_SPOT
    assert recorded.held_at == now
    assert recorded.unit == org.units["legal"]
    routing = Routing.objects.get(pk=consultation.pk)
    assert routing.lead_unit == org.units["legal"]
    assert routing.queued_at is None
    clocks = _clocks(consultation)
    assert {"reply", "accept"} <= set(clocks)
    assert all(met == now for met in clocks.values()), clocks
    event = CaseEvent.objects.get(case=consultation, kind="legal_consultation_given")
    assert event.public is True
    assert event.data["from"] == st.REGISTERED
    assert event.data["to"] == st.CLOSED
    assert event.data["law_cited"] == LAW
    assert ADVICE not in str(event.data)
    assert NOTE not in str(event.data)
    # No petition step follows: nothing is left to do on the case.
    assert not permissions.case_actions_for(_handler(org), consultation) - {"add_finding"}
    run_sweep(now + timedelta(days=90))
    assert set(CaseClock.objects.filter(case=consultation).values_list("state", flat=True)) == {clock_rules.MET}


def test_a_booked_consultation_stays_open_until_it_is_held(org, consultation):
    handler, now = _handler(org), timezone.now()
    booked_for = now + timedelta(days=2)
    case_legal_consultation_record(
        case=consultation,
        actor=handler,
        question=QUESTION,
        booked=True,
        booked_for=booked_for,
        lawyer="陈律师",
        now=now,
    )
    consultation.refresh_from_db()
    assert consultation.status == st.CONSULTATION_BOOKED
    clocks = _clocks(consultation)
    assert clocks["accept"] == now
    assert clocks["reply"] is None
    assert permissions.case_actions_for(handler, consultation) >= {"hold_consultation"}
    later = now + timedelta(days=2, hours=1)
    held = case_legal_consultation_hold(case=consultation, actor=handler, advice=ADVICE, law_cited=LAW, now=later)
    consultation.refresh_from_db()
    assert consultation.status == st.CLOSED
    assert (held.held_at, held.lawyer, held.booked_for) == (later, "陈律师", booked_for)
    assert _clocks(consultation)["reply"] == later
    kinds = list(CaseEvent.objects.filter(case=consultation, kind__startswith="legal_").values_list("kind", flat=True))
    assert kinds == ["legal_consultation_booked", "legal_consultation_held"]


@pytest.mark.parametrize(
    ("who", "fields", "code"),
    [
        ("petition-clerk", {"advice": ADVICE}, "role_not_allowed"),
        ("director", {"advice": ADVICE}, "role_not_allowed"),
        ("legal-handler", {"advice": "  "}, "required"),
        ("legal-handler", {"booked": True, "lawyer": "陈律师"}, "booked_for"),
        ("legal-handler", {"booked": True, "lawyer": "陈律师", "past": True}, "booked_for"),
        ("legal-handler", {"booked": True, "far": True, "lawyer": "陈律师"}, "booked_for"),
        ("legal-handler", {"booked": True, "soon": True, "lawyer": ""}, "required"),
    ],
)
def test_a_refused_consultation_stores_nothing(org, consultation, who, fields, code):
    actor = {
        "petition-clerk": org.people["petition", "clerk"],
        "director": org.director.user,
        "legal-handler": _handler(org),
    }[who]
    now = timezone.now()
    fields = dict(fields)
    if fields.pop("past", False):
        fields["booked_for"] = now - timedelta(hours=1)
    if fields.pop("far", False):
        fields["booked_for"] = now + timedelta(days=200)
    if fields.pop("soon", False):
        fields["booked_for"] = now + timedelta(days=1)
    with pytest.raises(ActionRefused) as refused:
        case_legal_consultation_record(case=consultation, actor=actor, question=QUESTION, now=now, **fields)
    assert refused.value.code == code
    consultation.refresh_from_db()
    assert consultation.status == st.REGISTERED
    assert not LegalConsultation.objects.filter(case=consultation).exists()
    assert not CaseEvent.objects.filter(case=consultation, kind__startswith="legal_consultation").exists()


def test_a_consultation_is_recorded_once(org, consultation):
    case_legal_consultation_record(case=consultation, actor=_handler(org), question=QUESTION, advice=ADVICE)
    with pytest.raises(ActionRefused) as refused:
        case_legal_consultation_record(case=consultation, actor=org.people["legal", "head"], question="x", advice="y")
    assert refused.value.code == "wrong_status"
    with pytest.raises(ActionRefused) as refused:
        case_legal_consultation_hold(case=consultation, actor=_handler(org), advice="y")
    assert refused.value.code == "wrong_status"


def test_a_consultation_another_unit_leads_is_not_the_legal_service_s(org):
    case = routed_case(lead=org.units["agri"], service="legal_consultation", kind=CaseKind.LEGAL)
    with pytest.raises(CaseNotFound):
        case_legal_consultation_record(case=case, actor=_handler(org), question="x", advice="y")


def test_a_consultation_routed_to_the_legal_service_is_answered_from_its_queue(org):
    case = routed_case(lead=org.units["legal"], service="legal_consultation", kind=CaseKind.LEGAL)
    case_legal_consultation_record(case=case, actor=org.people["legal", "head"], question="x", advice="y")
    case.refresh_from_db()
    assert case.status == st.CLOSED
    assert Routing.objects.get(pk=case.pk).queued_at is None


def test_a_petition_is_not_answered_as_a_consultation(org):
    case = routed_case(lead=org.units["legal"], service="petition", kind=CaseKind.LEGAL)
    with pytest.raises(ActionRefused) as refused:
        case_legal_consultation_record(case=case, actor=_handler(org), question="x", advice="y")
    assert refused.value.code == "unknown_action"


# --- the case page, the history, the tracking page -------------------------------------------------


def test_the_case_page_offers_the_form_to_the_legal_service_only(org, consultation, client):
    url = reverse("mediation:legal-consultation", args=[consultation.tracking_code])
    client.force_login(_handler(org))
    body = client.get(reverse("mediation:case", args=[consultation.tracking_code])).content.decode()
    assert url in body
    assert 'data-testid="consultation-form"' in body
    assert 'id="handling"' in body  # until a consultation is recorded, the generic flow stays open
    client.force_login(org.director.user)
    body = client.get(reverse("mediation:case", args=[consultation.tracking_code])).content.decode()
    assert url not in body


def test_the_consultation_from_the_case_page_to_the_tracking_page(org, consultation, client):
    client.force_login(_handler(org))
    response = client.post(
        reverse("mediation:legal-consultation", args=[consultation.tracking_code]),
        {"question": QUESTION, "mode": "on_the_spot", "advice": ADVICE, "law_cited": LAW, "note": NOTE},
    )
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == st.CLOSED
    page = client.get(reverse("mediation:case", args=[consultation.tracking_code]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    body = page.content.decode()
    assert ADVICE in body
    assert 'data-testid="consultation-form"' not in body
    assert 'id="handling"' not in body  # no petition handling (first call, reply, follow-up) on an answered case
    history = client.get(reverse("mediation:history", args=[consultation.tracking_code])).content.decode()
    assert LAW in history
    entry = history_entries(CaseEvent.objects.filter(case=consultation, kind="legal_consultation_given"))[0]
    assert entry.label != "legal_consultation_given"

    public = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    tracked = public.post(reverse("intake:track"), {"code": consultation.tracking_code, "phone_last4": "5678"})
    text = tracked.content.decode()
    assert "法律咨询已当场解答" in text
    assert LAW in text
    assert ADVICE not in text
    assert NOTE not in text


def test_a_booking_shows_on_the_tracking_page(org, consultation, client):
    client.force_login(_handler(org))
    when = timezone.localtime() + timedelta(days=3)
    response = client.post(
        reverse("mediation:legal-consultation", args=[consultation.tracking_code]),
        {"question": QUESTION, "mode": "booked", "booked_for": when.strftime("%Y-%m-%dT%H:%M"), "lawyer": "陈律师"},
    )
    assert response.status_code == 302
    public = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = public.post(
        reverse("intake:track"), {"code": consultation.tracking_code, "phone_last4": "5678"}
    ).content.decode()
    assert "陈律师" in text
    assert when.strftime("%Y-%m-%d %H:%M") in text
    assert "已预约值班律师" in text
    held_url = reverse("mediation:legal-consultation-held", args=[consultation.tracking_code])
    assert held_url in client.get(reverse("mediation:case", args=[consultation.tracking_code])).content.decode()
    assert client.post(held_url, {"advice": ADVICE, "law_cited": LAW}).status_code == 302
    assert Case.objects.get(pk=consultation.pk).status == st.CLOSED


def test_a_refused_form_comes_back_with_the_error_beside_the_field(org, consultation, client):
    client.force_login(_handler(org))
    response = client.post(
        reverse("mediation:legal-consultation", args=[consultation.tracking_code]),
        {"question": QUESTION, "mode": "booked", "lawyer": "陈律师"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 400
    assert "请填写预约咨询的日期和时间" in response.content.decode()
    consultation.refresh_from_db()
    assert consultation.status == st.REGISTERED


def test_someone_who_cannot_see_the_consultation_gets_404(org, consultation, client):
    client.force_login(org.people["agri", "handler"])
    response = client.post(
        reverse("mediation:legal-consultation", args=[consultation.tracking_code]),
        {"question": QUESTION, "mode": "on_the_spot", "advice": ADVICE},
    )
    assert response.status_code == 404
    consultation.refresh_from_db()
    assert consultation.status == st.REGISTERED


# --- the legal-service window: a walk-in, registered and answered in minutes ------------------------


def _walk_in_data(client):
    from intake.tokens import form_token_new

    return {
        "request": QUESTION,
        "name": "李阿姨",
        "phone": "13912345678",
        "consent": "on",
        "token": form_token_new(),
    }


def test_a_walk_in_is_registered_and_opens_at_the_consultation_form(org, client):
    client.force_login(_handler(org))
    page = client.get(reverse("intake:legal-walk-in"))
    assert page.status_code == 200
    response = client.post(reverse("intake:legal-walk-in"), _walk_in_data(client))
    case = Case.objects.get(request=QUESTION)
    assert (case.channel, case.service, case.status) == ("visit", "legal_consultation", st.REGISTERED)
    assert case.registered_by == _handler(org)
    assert response["Location"] == reverse("mediation:case", args=[case.tracking_code]) + "#consultation"
    body = client.get(response["Location"]).content.decode()
    assert 'data-testid="consultation-form"' in body
    listed = client.get(reverse("intake:legal-walk-in")).content.decode()
    assert case.tracking_code in listed


def test_a_walk_in_posted_twice_files_one_case(org, client):
    client.force_login(_handler(org))
    data = _walk_in_data(client)
    client.post(reverse("intake:legal-walk-in"), data)
    client.post(reverse("intake:legal-walk-in"), data)
    assert Case.objects.filter(request=QUESTION).count() == 1


def test_a_walk_in_without_consent_is_not_filed(org, client):
    client.force_login(_handler(org))
    data = _walk_in_data(client)
    del data["consent"]
    response = client.post(reverse("intake:legal-walk-in"), data, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert not Case.objects.filter(request=QUESTION).exists()


@pytest.mark.parametrize("who", ["agri-handler", "petition-clerk", "anonymous"])
def test_only_legal_service_staff_have_the_window_page(org, client, who):
    if who != "anonymous":
        client.force_login(org.people[("agri", "handler") if who == "agri-handler" else ("petition", "clerk")])
    consultation = _file()
    response = client.get(reverse("intake:legal-walk-in"))
    assert response.status_code in {302, 404}
    assert consultation.tracking_code not in response.content.decode()
    client.post(reverse("intake:legal-walk-in"), _walk_in_data(client))
    assert Case.objects.filter(request=QUESTION).count() == 1


def test_a_booked_consultation_is_open_on_the_workbench():
    from mediation.selectors.todo import OPEN_STATUSES
    from mediation.workbench.cases_list import status_label
    from mediation.workbench.filters import AWAITING_REPLY, CaseFilterSet

    assert st.CONSULTATION_BOOKED in OPEN_STATUSES
    assert st.CONSULTATION_BOOKED in AWAITING_REPLY
    assert status_label(st.CONSULTATION_BOOKED) == "已预约值班律师，待咨询"
    assert st.CONSULTATION_BOOKED in dict(CaseFilterSet.base_filters["status"].extra["choices"])
