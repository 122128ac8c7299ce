"""Forms on the case page that do not fight: the confirmed routing stays confirmed, and a refused
form comes back as typed with the error beside it."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.errors import ActionRefused, Conflict
from cases.models import CaseEvent, Routing
from mediation import services
from mediation.services.routing import parse_owner
from tests.mediation.factories import case_new, routed_case

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_limits(settings):
    settings.RATE_LIMITS_ENABLED = False


def _client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    return client


def _url(name, case):
    return reverse(f"mediation:{name}", args=[case.tracking_code])


def _form(body: str, testid: str) -> str:
    """The HTML of the form marked ``data-testid=testid``."""
    start = body.index(f'data-testid="{testid}"')
    return body[start : body.index("</form>", start)]


@pytest.fixture
def confirmed(org):
    """A registered case whose proposal (the east liaison team) the clerk confirmed as proposed."""
    case = case_new(village=org.village)
    routing = services.case_route_propose(case=case)
    assert routing.proposal["lead_unit"] == "liaison-east"
    _confirm_as_proposed(org, case)
    case.refresh_from_db()
    return case


def _confirm_as_proposed(org, case):
    routing = Routing.objects.get(pk=case.pk)
    units = {u.code: u for u in org.units.values()}
    return services.case_routing_confirm(
        case=case,
        actor=org.people["petition", "clerk"],
        lead_unit=units[routing.proposal["lead_unit"]],
        assisting_units=[units[c] for c in routing.proposal["assisting_units"]],
        owner=parse_owner(routing.proposal["owner"]),
        leader_led=routing.proposal["leader_led"],
    )


@pytest.fixture
def picked(org):
    case = routed_case(lead=org.units["agri"], village=org.village, received_at=timezone.now() - timedelta(days=2))
    services.case_pick(case=case, actor=org.people["agri", "handler"])
    case.refresh_from_db()
    return case


# --- the routing, once confirmed ------------------------------------------------------------------


def test_confirming_a_confirmed_routing_again_is_refused_and_changes_nothing(org, confirmed):
    clerk = org.people["petition", "clerk"]
    with pytest.raises(Conflict) as refused:
        services.case_routing_confirm(case=confirmed, actor=clerk, lead_unit=org.units["agri"], reason="重按确认")
    assert refused.value.code == "already_confirmed"
    confirmed.routing.refresh_from_db()
    assert confirmed.routing.lead_unit == org.units["east"]
    assert not CaseEvent.objects.filter(case=confirmed, kind__in=["routing_overridden", "routing_changed"]).exists()


def test_changing_the_confirmed_routing_needs_a_reason_and_is_recorded_from_the_confirmed(org, confirmed):
    clerk = org.people["petition", "clerk"]
    with pytest.raises(ActionRefused) as refused:
        services.case_routing_confirm(case=confirmed, actor=clerk, lead_unit=org.units["agri"], change=True)
    assert refused.value.code == "reason_required"
    routing = confirmed.routing
    with pytest.raises(ActionRefused) as same:
        services.case_routing_confirm(
            case=confirmed,
            actor=clerk,
            lead_unit=routing.lead_unit,
            assisting_units=list(routing.assisting_units.all()),
            owner=routing.owner,
            leader_led=routing.leader_led,
            change=True,
            reason="没变",
        )
    assert same.value.code == "unchanged"
    services.case_routing_confirm(
        case=confirmed, actor=clerk, lead_unit=org.units["agri"], change=True, reason="涉及土地承包"
    )
    changed = CaseEvent.objects.get(case=confirmed, kind="routing_changed")
    assert changed.data["from"]["lead_unit"] == "liaison-east"
    assert changed.data["to"]["lead_unit"] == "agriculture"
    assert changed.data["reason"] == "涉及土地承包"
    confirmed.routing.refresh_from_db()
    assert confirmed.routing.lead_unit == org.units["agri"]


def test_a_change_before_the_first_confirmation_is_refused(org):
    case = case_new(village=org.village)
    services.case_route_propose(case=case)
    with pytest.raises(Conflict) as refused:
        services.case_routing_confirm(
            case=case, actor=org.people["petition", "clerk"], lead_unit=org.units["agri"], change=True, reason="x"
        )
    assert refused.value.code == "not_confirmed"


def test_the_page_shows_the_confirmed_routing_and_offers_an_explicit_change(org, confirmed):
    clerk = org.people["petition", "clerk"]
    services.case_routing_confirm(
        case=confirmed, actor=clerk, lead_unit=org.units["agri"], change=True, reason="涉及土地承包"
    )
    body = _client(clerk).get(_url("case", confirmed)).content.decode()
    form = _form(body, "routing-form")
    assert 'data-testid="change-routing"' in body
    selected = re.search(r'<option value="(\d+)" selected>', form)
    assert selected is not None
    assert int(selected.group(1)) == org.units["agri"].pk  # the confirmed unit, not the proposal's
    assert 'name="change" value="True"' in form


def test_pressing_the_old_confirm_again_does_not_re_route(org, confirmed):
    """The form as it was before the confirmation (no change flag) is refused; the error is beside it."""
    clerk = org.people["petition", "clerk"]
    response = _client(clerk).post(
        _url("routing-confirm", confirmed), {"lead_unit": org.units["agri"].pk, "reason": "旧表单"}
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "旧表单" in _form(body, "routing-form")  # what was typed is still there
    assert "变更分流" in _form(body, "routing-form") or "Change the routing" in _form(body, "routing-form")
    confirmed.routing.refresh_from_db()
    assert confirmed.routing.lead_unit == org.units["east"]


def test_a_change_without_a_reason_comes_back_with_the_error_on_the_reason_field(org, confirmed):
    clerk = org.people["petition", "clerk"]
    response = _client(clerk).post(
        _url("routing-confirm", confirmed), {"lead_unit": org.units["agri"].pk, "change": "True"}
    )
    assert response.status_code == 400
    form = _form(response.content.decode(), "routing-form")
    assert re.search(r'class="errorlist[^"]*"[^>]*id="id_reason_error"', form)
    confirmed.routing.refresh_from_db()
    assert confirmed.routing.lead_unit == org.units["east"]


# --- a refused form keeps what was typed ------------------------------------------------------------


def test_a_reply_saved_before_the_first_call_keeps_the_text_and_shows_the_error_in_the_form(org, picked):
    handler = org.people["agri", "handler"]
    typed = "经现场核实，村道约两百米路面破损，需要修复。"
    response = _client(handler).post(_url("reply-draft", picked), {"facts": typed})
    assert response.status_code == 400
    body = response.content.decode()
    form = _form(body, "reply-form")
    assert typed in form
    assert "errorlist" in form
    assert not picked.replies.exists()


def test_an_invalid_form_comes_back_on_the_page_not_as_a_redirect(org, picked):
    handler = org.people["agri", "handler"]
    response = _client(handler).post(_url("first-contact", picked), {"learned": "打过电话", "at": "不是时间"})
    assert response.status_code == 400
    form = _form(response.content.decode(), "first-contact-form")
    assert "打过电话" in form
    assert 'id="id_at_error"' in form


def test_a_form_posted_from_another_page_still_goes_back_there(org, picked):
    handler = org.people["agri", "handler"]
    response = _client(handler).post(
        _url("reply-draft", picked), {"facts": "文字", "next": reverse("mediation:queues")}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mediation:queues")


# --- the same over the API -------------------------------------------------------------------------


def test_the_api_refuses_a_second_confirmation_and_changes_only_when_asked(org, confirmed):
    _token, raw = services.api_token_issue(user=org.people["petition", "clerk"])
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    url = f"/api/v1/cases/{confirmed.tracking_code}/confirm-routing"
    again = Client().post(
        url, data={"lead_unit": "agriculture", "reason": "再确认"}, content_type="application/json", **headers
    )
    assert (again.status_code, again.json()["code"]) == (409, "already_confirmed")
    changed = Client().post(
        url,
        data={"lead_unit": "agriculture", "reason": "涉及土地承包", "change": True},
        content_type="application/json",
        **headers,
    )
    assert changed.status_code == 200
    assert changed.json()["routing"]["lead_unit"] == "agriculture"
    assert CaseEvent.objects.filter(case=confirmed, kind="routing_changed").count() == 1
