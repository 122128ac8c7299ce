"""A clock met by an action is marked met in the same transaction, not by the next sweep."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import Routing
from cases.rules import status as st
from mediation import services
from mediation.models import CaseClock
from mediation.rules import clocks as clock_rules
from mediation.services.clocks import case_clocks_refresh
from mediation.services.routing import parse_owner
from tests.mediation.factories import case_new, routed_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def picked(org):
    case = routed_case(lead=org.units["agri"], village=org.village, received_at=timezone.now() - timedelta(days=2))
    services.case_pick(case=case, actor=org.people["agri", "handler"])
    case.refresh_from_db()
    return case


def _client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    return client


def _url(name, case):
    return reverse(f"mediation:{name}", args=[case.tracking_code])


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


def test_clocks_met_by_names_the_clocks_an_event_meets():
    # The first call also tells a named conduct reporter the report was accepted (report_notice).
    assert clock_rules.clocks_met_by("first_contact") == ("first_contact", "report_notice")
    assert set(clock_rules.clocks_met_by("reply_delivered")) == {"reply", "finish"}
    assert clock_rules.clocks_met_by("note_added") == ()


def test_recording_the_first_call_meets_the_first_contact_clock_at_once(org, picked):
    case_clocks_refresh(picked)
    clock = CaseClock.objects.get(case=picked, clock="first_contact")
    assert clock.met_at is None
    services.case_first_contact_record(
        case=picked, actor=org.people["agri", "handler"], at=timezone.now(), learned="已电话联系"
    )
    clock.refresh_from_db()
    assert clock.met_at is not None  # no sweep ran
    assert clock.state == clock_rules.MET


def test_confirming_the_routing_meets_the_accept_clock_at_once(org):
    case = case_new(village=org.village)
    services.case_route_propose(case=case)
    case_clocks_refresh(case)
    assert CaseClock.objects.filter(case=case, clock="accept", met_at__isnull=True).exists()
    _confirm_as_proposed(org, case)
    assert CaseClock.objects.get(case=case, clock="accept").state == clock_rules.MET


def test_the_page_shows_the_first_contact_clock_met_right_after_the_call(org, picked):
    case_clocks_refresh(picked)
    client = _client(org.people["agri", "handler"])
    response = client.post(
        _url("first-contact", picked),
        {"at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "learned": "已电话联系", "request_clear": "on"},
    )
    assert response.status_code == 302
    body = client.get(_url("case", picked)).content.decode()
    assert re.search(r'data-clock="first_contact" data-state="met"', body)
    picked.refresh_from_db()
    assert picked.status == st.IN_PROGRESS
