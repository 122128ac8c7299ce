"""Issue 17: 代办. The petition office gives a case to a proxy agent with the resident's consent; the agent
then sees it across units, is told of every public step, and records the help given; nobody else gains
anything, and an agent a complaint is about never carries it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.errors import ActionRefused, CaseNotFound, NotAllowed
from cases.models import Case, CaseEvent, ProxyHandling
from cases.rules import status as st
from cases.selectors import case_list_for_user
from departments.models import ProxyAgent
from mediation import services
from mediation.models import Notification, ProxyHelp
from mediation.selectors.proxy import proxy_cases_for
from mediation.selectors.todo import todo_counts
from tests.factories import UserFactory
from tests.mediation.factories import routed_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(org):
    return ProxyAgent.objects.create(user=UserFactory(username="proxy.tangjiao"), village=org.village)


@pytest.fixture
def handled(org):
    return routed_case(lead=org.units["agri"], status=st.IN_PROGRESS, picked_by=org.people["agri", "handler"])


def _give(org, case, agent, **kwargs):
    return services.case_proxy_assign(
        case=case,
        actor=org.people["petition", "clerk"],
        agent=agent,
        requested_via=kwargs.pop("requested_via", "desk"),
        consent=kwargs.pop("consent", "信访人当面签署代办委托书"),
        **kwargs,
    )


def test_the_agent_sees_only_the_cases_they_carry(org, agent, handled):
    other = routed_case(lead=org.units["urban"])
    assert not case_list_for_user(agent.user).exists()
    _give(org, handled, agent)
    assert list(case_list_for_user(agent.user)) == [handled]
    assert list(proxy_cases_for(agent.user)) == [handled]
    assert other not in case_list_for_user(agent.user)
    assert {t.todo.key: t.count for t in todo_counts(agent.user)}["proxy_cases"] == 1
    event = CaseEvent.objects.get(case=handled, kind="proxy_assigned")
    assert event.public is True
    assert event.data["consent"] == "信访人当面签署代办委托书"


def test_the_agent_is_told_of_every_public_step_and_records_help(org, agent, handled):
    _give(org, handled, agent)
    handler = org.people["agri", "handler"]
    services.case_first_contact_record(case=handled, actor=handler, at=timezone.now(), learned="诉求明确")
    services.case_reply_draft(
        case=handled,
        actor=handler,
        sections={
            "understood_request": "修路",
            "facts": "属实",
            "basis": "规定",
            "decision": "修复",
            "remedies": "复查",
        },
    )
    services.case_reply_submit(case=handled, actor=handler)
    services.case_completion_sign(case=handled, actor=org.director.user)
    services.case_reply_deliver(case=handled, actor=handler, method="in_person", delivered_on=timezone.localdate())
    told = Notification.objects.filter(user=agent.user, case=handled, kind="proxy_step")
    assert told.count() >= 1
    assert any("答复" in n.message or "reply" in n.message for n in told)

    record = services.proxy_help_record(
        case=handled,
        actor=agent.user,
        kind="hardship",
        on=timezone.localdate(),
        note="信访人生活困难，已联系民政救助。",
    )
    assert record.agent == agent
    assert Notification.objects.filter(user=handler, kind="proxy_help").exists()
    assert CaseEvent.objects.filter(case=handled, kind="proxy_help").exists()


def test_only_the_petition_office_or_director_gives_a_case_and_only_its_agent_records_help(org, agent, handled):
    with pytest.raises(NotAllowed):
        services.case_proxy_assign(
            case=handled, actor=org.people["agri", "head"], agent=agent, requested_via="desk", consent="x"
        )
    with pytest.raises(CaseNotFound):
        services.case_proxy_assign(case=handled, actor=org.outsider, agent=agent, requested_via="desk", consent="x")
    with pytest.raises(CaseNotFound):  # not carrying it: the agent cannot even see it
        services.proxy_help_record(case=handled, actor=agent.user, kind="policy", on=timezone.localdate(), note="x")
    _give(org, handled, agent)
    with pytest.raises(NotAllowed):
        services.proxy_help_record(
            case=handled, actor=org.people["agri", "handler"], kind="policy", on=timezone.localdate(), note="x"
        )
    assert not ProxyHelp.objects.exists()


def test_bad_input_is_refused_and_stores_nothing(org, agent, handled):
    inactive = ProxyAgent.objects.create(user=UserFactory(username="proxy.old"), is_active=False)
    for kwargs, code in [
        ({"agent": inactive}, "agent"),
        ({"requested_via": "pigeon"}, "requested_via"),
        ({"consent": "  "}, "consent"),
    ]:
        with pytest.raises(ActionRefused) as refused:
            _give(org, handled, kwargs.pop("agent", agent), **kwargs)
        assert refused.value.code == code
    _give(org, handled, agent)
    with pytest.raises(ActionRefused) as same:
        _give(org, handled, agent)
    assert same.value.code == "unchanged"
    for kwargs, code in [({"kind": "magic"}, "kind"), ({"on": timezone.localdate() + timedelta(days=3)}, "on")]:
        with pytest.raises(ActionRefused) as refused:
            services.proxy_help_record(
                case=handled, actor=agent.user, **{"kind": "policy", "on": timezone.localdate(), "note": "x", **kwargs}
            )
        assert refused.value.code == code
    assert ProxyHandling.objects.count() == 1
    assert not ProxyHelp.objects.exists()


def test_an_agent_a_complaint_is_about_never_carries_it_nor_sees_it(org, agent):
    conduct = routed_case(
        lead=org.units["discipline"], is_conduct_complaint=True, accused_persons=[agent.user], kind="conduct"
    )
    with pytest.raises(ActionRefused) as refused:
        services.case_proxy_assign(
            case=conduct, actor=org.people["discipline", "clerk"], agent=agent, requested_via="desk", consent="x"
        )
    assert refused.value.code == "agent_conflicted"
    # Even if the row existed, the deny wins over the agent's grant.
    ProxyHandling.objects.create(
        case=conduct,
        agent=agent,
        requested_via="desk",
        consent="x",
        consent_at=timezone.now(),
        assigned_at=timezone.now(),
    )
    assert not Case.objects.filter(pk__in=case_list_for_user(agent.user).values("pk"), pk=conduct.pk).exists()


def test_the_case_page_and_the_workbench(client, org, agent, handled, zh):
    client.force_login(org.people["petition", "clerk"])
    url = reverse("mediation:proxy-assign", args=[handled.tracking_code])
    assert url in client.get(reverse("mediation:case", args=[handled.tracking_code])).content.decode()
    bad = client.post(url, {"agent": agent.pk, "requested_via": "desk", "consent": ""})
    assert bad.status_code == 400
    assert not ProxyHandling.objects.exists()
    assert client.post(url, {"agent": agent.pk, "requested_via": "kiosk", "consent": "电话同意"}).status_code == 302

    client.force_login(agent.user)
    bench = client.get(reverse("mediation:proxy-workbench"))
    assert bench.status_code == 200
    assert handled.display_code in bench.content.decode()
    page = client.get(reverse("mediation:case", args=[handled.tracking_code]))
    assert page.status_code == 200
    help_url = reverse("mediation:proxy-help", args=[handled.tracking_code])
    assert help_url in page.content.decode()
    done = client.post(help_url, {"kind": "policy", "on": timezone.localdate().isoformat(), "note": "讲解补偿政策"})
    assert done.status_code == 302
    assert ProxyHelp.objects.get().note == "讲解补偿政策"
    # Another unit's handler gains nothing from the agent's grant.
    client.force_login(org.people["urban", "handler"])
    assert client.get(reverse("mediation:case", args=[handled.tracking_code])).status_code == 404


def test_a_resident_asks_for_an_agent_when_filing_and_the_petition_office_sees_it(org, agent):
    from intake.services import CaseInput, PetitionerInput, case_file

    filed = case_file(
        data=CaseInput(
            channel="online",
            service="petition",
            request="村道破损，请求修复。",
            petitioners=[PetitionerInput(name="王小明", phone="13800138111")],
            consent=True,
            proxy_requested=True,
        ),
        actor=None,
    )
    case = Case.objects.get(pk=filed.case.pk)
    assert case.proxy_requested is True
    clerk = org.people["petition", "clerk"]
    assert {t.todo.key: t.count for t in todo_counts(clerk)}["proxy_requested"] == 1
    services.case_route_propose(case=case)
    _give(org, case, agent, requested_via="online")
    assert {t.todo.key: t.count for t in todo_counts(clerk)}["proxy_requested"] == 0


def test_the_intake_api_takes_the_request_for_an_agent(client, org):
    response = client.post(
        "/api/v1/intake/cases",
        {
            "service": "petition",
            "request": "村道破损，请求修复。",
            "name": "王小明",
            "phone": "13800138222",
            "consent": True,
            "proxy_requested": True,
            "sms_opt_out": True,
        },
        content_type="application/json",
    )
    assert response.status_code in {200, 201}, response.content
    case = Case.objects.get(tracking_code=response.json()["tracking_code"])
    assert case.proxy_requested is True


def test_the_clerk_is_offered_the_agents_of_the_cases_village_first(org, agent):
    from mediation.selectors.proxy import agents_for_case

    ProxyAgent.objects.create(user=UserFactory(username="proxy.aaa"))  # the subdistrict's, sorts first by name
    case = routed_case(lead=org.units["agri"], village=org.village)
    assert agents_for_case(case).first() == agent
