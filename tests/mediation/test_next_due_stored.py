"""``Routing.next_due_on`` is always what ``mediation.selectors.due.case_next_due`` computes: after
filing, routing, signing, picking, every clock met, an extension, a reassignment, a reopening, a
calendar change and the sweep."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.models import Case, Routing
from cases.rules import status as st
from intake.services import CaseInput, PetitionerInput, case_file
from mediation import services
from mediation.models import CaseClock
from mediation.selectors.due import case_next_due
from mediation.services.clocks import (
    case_clocks_refresh,
    case_extension_request,
    clocks_recompute_provisional,
    extension_decide,
)
from mediation.services.routing import parse_owner
from mediation.tasks import run_sweep
from tests.mediation.factories import case_new

pytestmark = pytest.mark.django_db

SECTIONS = {
    "understood_request": "您反映村道破损，请求修复。",
    "facts": "经现场核实，村道约两百米路面破损。",
    "basis": "依据《农村公路条例》相关规定。",
    "decision": "街道已安排资金，于本月底前修复。",
    "remedies": "如不服，可在收到本意见之日起30日内请求复查。",
}


def _as_date(value):
    return None if value is None else str(value)[:10]


def assert_stored(step: str) -> None:
    """Every routing's stored next due date equals the computed one (and is never empty)."""
    rows = list(Routing.objects.annotate(computed=case_next_due("pk")).values_list("pk", "next_due_on", "computed"))
    assert rows, step
    for pk, stored, computed in rows:
        assert stored is not None, (step, pk)
        assert _as_date(stored) == _as_date(computed), (step, pk, stored, computed)


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


def _clocks(case) -> dict:
    return dict(CaseClock.objects.filter(case=case).values_list("clock", "met_at"))


def test_the_stored_next_due_date_follows_every_clock_change_of_a_case_s_life(org):
    handler, clerk, director = org.people["agri", "handler"], org.people["petition", "clerk"], org.director.user
    filed = case_file(
        data=CaseInput(
            channel="visit",
            service="petition",
            request="村口道路损坏多年，雨天积水严重，请求尽快修复。",
            petitioners=[PetitionerInput(name="王小明", phone="13912345678")],
            consent=True,
            village=org.village,
        )
    )
    case = filed.case
    assert Routing.objects.filter(pk=case.pk).exists()
    assert_stored("filed")
    before = Routing.objects.get(pk=case.pk).next_due_on

    _confirm_as_proposed(org, case)  # meets the accept clock
    assert _clocks(case)["accept"] is not None
    assert_stored("routing confirmed")
    services.case_sign_assignment(case=case, actor=director)  # starts the first-contact clock
    assert_stored("signed")
    routing = Routing.objects.get(pk=case.pk)
    lead = routing.lead_unit
    if lead != org.units["agri"]:
        services.case_reassign(case=case, actor=director, unit=org.units["agri"], reason="改由农业办承办")
        assert_stored("reassigned")
    services.case_pick(case=case, actor=handler)
    assert_stored("picked")
    services.case_first_contact_record(case=case, actor=handler, at=timezone.now(), learned="王大伯说村道塌陷。")
    assert _clocks(case)["first_contact"] is not None
    assert_stored("first contact")
    after_contact = Routing.objects.get(pk=case.pk).next_due_on
    assert after_contact >= before  # the earliest clocks are met: the next one is later or the same

    case_extension_request(case=case, actor=handler, days=10, reason="需要现场测量")
    assert_stored("extension requested")
    extension_decide(case=case, actor=director, approve=True)
    assert_stored("extension approved")

    services.case_reply_draft(case=case, actor=handler, sections=SECTIONS)
    services.case_reply_submit(case=case, actor=handler)
    services.case_completion_sign(case=case, actor=director)
    assert_stored("signed off")
    services.case_reply_deliver(
        case=case, actor=clerk, method="in_person", delivered_on=timezone.localdate()
    )  # meets the reply and finish clocks
    assert Case.objects.get(pk=case.pk).status == st.REPLIED
    assert_stored("reply delivered")
    assert Routing.objects.get(pk=case.pk).next_due_on == Case.objects.get(pk=case.pk).reply_due_on

    clocks_recompute_provisional()
    assert_stored("calendar recomputed")
    run_sweep(timezone.now() + timedelta(days=3))
    assert_stored("swept")


def test_a_case_routed_after_its_clocks_started_stores_its_earliest_clock(org):
    case = case_new(village=org.village, received_at=timezone.now() - timedelta(days=1))
    case_clocks_refresh(case)  # no routing yet
    assert CaseClock.objects.filter(case=case).exists()
    services.case_route_propose(case=case)
    assert_stored("proposed after the clocks")
    earliest = CaseClock.objects.filter(case=case).order_by("due_on").values_list("due_on", flat=True).first()
    assert Routing.objects.get(pk=case.pk).next_due_on == min(earliest, case.reply_due_on)


def test_the_migration_s_fill_agrees_with_the_definition(org):
    """The data migration's frozen copy of the rule stores what the services store."""
    from importlib import import_module

    from django.apps import apps

    for i in range(3):
        case = case_new(village=org.village, received_at=timezone.now() - timedelta(days=i))
        services.case_route_propose(case=case)
        case_clocks_refresh(case)
    _confirm_as_proposed(org, case)  # one case with a met clock
    stored = dict(Routing.objects.values_list("pk", "next_due_on"))
    Routing.objects.update(next_due_on=None)
    import_module("cases.migrations.0002_routing_next_due").fill(apps, None)
    assert dict(Routing.objects.values_list("pk", "next_due_on")) == stored
    assert_stored("migration")
