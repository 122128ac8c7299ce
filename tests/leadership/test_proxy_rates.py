"""Issue 17: the proxy, completion and satisfaction rates per agent and village against 50 / 100 / 95 %,
the cases behind a shortfall, the director's rewards and penalties; and who reads which."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.errors import ActionRefused, NotAllowed
from cases.models import CaseEvent, ProxyHandling
from cases.rules import status as st
from departments.models import ProxyAgent
from leadership.models import ProxyReward
from leadership.proxy_rates import rates_for, rates_scope_for, shortfall_cases
from leadership.services import proxy_reward_record
from mediation.models import FollowUp
from stats.rules.periods import month_of
from tests.factories import AreaFactory, UserFactory, VillageFactory
from tests.mediation.factories import routed_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(org):
    return ProxyAgent.objects.create(user=UserFactory(username="proxy.tangjiao"), village=org.village)


def carry(case, agent, now):
    ProxyHandling.objects.create(
        case=case, agent=agent, requested_via="desk", consent="当面同意", consent_at=now, assigned_at=now
    )


def answered(case, now):
    CaseEvent.objects.create(case=case, at=now, kind="reply_delivered", public=True, data={})


def visited(case, satisfaction, now, user):
    FollowUp.objects.create(
        case=case,
        made_by="回访员",
        at=now,
        method="phone",
        satisfaction=satisfaction,
        recorded_by=user,
        recorded_at=now,
    )


@pytest.fixture
def month(org, agent):
    """塘角村: 4 cases received this month, 3 carried by the agent; 2 of those answered, 1 visited unsatisfied."""
    now = timezone.now()
    cases = [routed_case(lead=org.units["agri"], village=org.village, received_at=now) for _ in range(4)]
    for case in cases[:3]:
        carry(case, agent, now)
    answered(cases[0], now)
    answered(cases[1], now)
    visited(cases[0], "satisfied", now, org.director.user)
    visited(cases[1], "unsatisfied", now, org.director.user)
    return month_of(timezone.localdate(now)), cases


def row_of(rows, key):
    return next(r for r in rows if r.key == key)


def test_the_rates_are_counted_against_the_targets(org, agent, month):
    period, cases = month
    agents, villages = rates_for(rates_scope_for(org.director.user), period)
    mine = row_of(agents, f"agent-{agent.pk}")
    assert (mine.received, mine.carried_here, mine.proxied, mine.completed) == (4, 3, 3, 2)
    assert (mine.rated, mine.satisfied) == (2, 1)
    verdicts = {v["code"]: v for v in mine.verdicts()}
    assert verdicts["proxy_rate"]["state"] == "met"
    assert verdicts["proxy_rate"]["rate"] == "75.0%"
    assert verdicts["completion_rate"]["state"] == "not_met"
    assert verdicts["completion_rate"]["shortfall"] == 1
    assert verdicts["satisfaction_rate"]["state"] == "not_met"
    assert verdicts["satisfaction_rate"]["rate"] == "50.0%"
    village = row_of(villages, f"village-{org.village.pk}")
    assert (village.received, village.carried_here, village.completed) == (4, 3, 2)
    # The cases behind the shortfalls, one click away.
    scope = rates_scope_for(org.director.user)
    shown, counted = shortfall_cases(scope, period, "not_completed", agent=agent, village=None)
    assert counted == 1
    assert list(shown) == [cases[2]]
    shown, counted = shortfall_cases(scope, period, "not_proxied", agent=None, village=org.village)
    assert list(shown) == [cases[3]]
    shown, counted = shortfall_cases(scope, period, "unsatisfied", agent=agent, village=None)
    assert list(shown) == [cases[1]]


def test_a_conduct_complaint_about_the_agent_moves_none_of_their_figures(org, agent, month):
    period, _cases = month
    before = row_of(rates_for(rates_scope_for(agent.user), period)[0], f"agent-{agent.pk}")
    now = timezone.now()
    complaint = routed_case(
        lead=org.units["discipline"],
        village=org.village,
        is_conduct_complaint=True,
        accused_persons=[agent.user],
        kind="conduct",
        received_at=now,
    )
    carry(complaint, agent, now)
    after = row_of(rates_for(rates_scope_for(agent.user), period)[0], f"agent-{agent.pk}")
    assert (after.received, after.proxied, after.completed) == (before.received, before.proxied, before.completed)
    # The director counts it.
    director_row = row_of(rates_for(rates_scope_for(org.director.user), period)[0], f"agent-{agent.pk}")
    assert director_row.proxied == before.proxied + 1


def test_who_reads_which_rates(org, agent, month):
    period, _cases = month
    other_area = AreaFactory(code="west", name="西片")
    other_village = VillageFactory(code="xitou", name="西头村", area=other_area)
    other = ProxyAgent.objects.create(user=UserFactory(username="proxy.xitou"), village=other_village)
    director = rates_scope_for(org.director.user)
    assert {a.pk for a in director.agents} == {agent.pk, other.pk}
    chief = rates_scope_for(org.leaders["li"].user)  # 东片's area chief
    assert [a.pk for a in chief.agents] == [agent.pk]
    assert list(chief.villages) == [org.village]
    own = rates_scope_for(agent.user)
    assert [a.pk for a in own.agents] == [agent.pk]
    assert not own.villages
    assert shortfall_cases(own, period, "proxied", agent=other, village=None) is None
    for user in (org.people["agri", "handler"], org.people["petition", "clerk"], org.leaders["zhang"].user):
        assert rates_scope_for(user) is None


def test_the_rates_page_from_every_side(client, org, agent, month):
    period, cases = month
    url = reverse("leadership:proxy-rates") + f"?period={period.code}"
    client.force_login(org.director.user)
    page = client.get(url)
    assert page.status_code == 200
    assert 'data-agent="proxy.tangjiao"' in page.content.decode()
    assert 'data-testid="reward-form"' in page.content.decode()
    client.force_login(agent.user)
    page = client.get(url).content.decode()
    assert 'data-agent="proxy.tangjiao"' in page
    assert 'data-testid="reward-form"' not in page
    drill = client.get(
        reverse("leadership:proxy-rate-cases") + f"?period={period.code}&agent={agent.pk}&measure=not_completed"
    )
    assert drill.status_code == 200
    assert cases[2].display_code in drill.content.decode()
    client.force_login(org.people["agri", "handler"])
    assert client.get(url).status_code == 403
    client.force_login(org.director.user)
    assert client.get(reverse("leadership:proxy-rates") + "?period=2026-13").status_code == 400
    assert (
        client.get(reverse("leadership:proxy-rate-cases") + f"?period={period.code}&measure=magic").status_code == 404
    )


def test_the_director_records_rewards_and_penalties_shown_beside_the_rates(client, org, agent, month):
    period, _cases = month
    reward = proxy_reward_record(
        actor=org.director.user,
        agent=agent,
        period=period.code,
        kind="reward",
        points=5,
        amount=None,
        reason="代办率达标",
    )
    assert reward.recorded_by == org.director.user
    agents, _villages = rates_for(rates_scope_for(agent.user), period)
    assert row_of(agents, f"agent-{agent.pk}").rewards == [reward]
    client.force_login(org.director.user)
    response = client.post(
        reverse("leadership:proxy-rates") + f"?period={period.code}",
        {"agent": agent.pk, "period": period.code, "kind": "penalty", "amount": "50", "reason": "满意率未达标"},
    )
    assert response.status_code == 302
    assert ProxyReward.objects.filter(kind="penalty", amount=Decimal("50")).exists()
    assert "满意率未达标" in client.get(reverse("leadership:proxy-rates") + f"?period={period.code}").content.decode()


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"period": "2026-11-01~2026-11-05"}, "period"),
        ({"period": "soon"}, "period"),
        ({"kind": "bonus"}, "kind"),
        ({"points": None, "amount": None}, "points"),
        ({"points": 0}, "points"),
        ({"amount": Decimal("-1"), "points": None}, "amount"),
        ({"reason": "  "}, "reason"),
        ({"agent": None}, "agent"),
    ],
)
def test_a_bad_reward_is_refused_and_stores_nothing(org, agent, overrides, code):
    values = {"agent": agent, "period": "2026-11", "kind": "reward", "points": 3, "amount": None, "reason": "好"}
    with pytest.raises(ActionRefused) as refused:
        proxy_reward_record(actor=org.director.user, **{**values, **overrides})
    assert refused.value.code == code
    assert not ProxyReward.objects.exists()


@pytest.mark.parametrize("who", ["agent", "chief", "clerk"])
def test_only_the_director_sets_rewards(client, org, agent, who):
    users = {"agent": agent.user, "chief": org.leaders["li"].user, "clerk": org.people["petition", "clerk"]}
    with pytest.raises(NotAllowed):
        proxy_reward_record(
            actor=users[who], agent=agent, period="2026-11", kind="reward", points=1, amount=None, reason="x"
        )
    client.force_login(users[who])
    response = client.post(
        reverse("leadership:proxy-rates"),
        {"agent": agent.pk, "period": "2026-11", "kind": "reward", "points": "1", "reason": "x"},
    )
    assert response.status_code == 403
    assert not ProxyReward.objects.exists()


def test_a_closed_case_counts_as_completed(org, agent):
    now = timezone.now()
    case = routed_case(lead=org.units["agri"], village=org.village, received_at=now, status=st.CLOSED)
    carry(case, agent, now)
    CaseEvent.objects.create(case=case, at=now, kind="closed", data={})
    agents, _ = rates_for(rates_scope_for(org.director.user), month_of(timezone.localdate(now)))
    assert row_of(agents, f"agent-{agent.pk}").completion_rate == 1


def test_the_staff_home_links_the_rates_for_those_who_read_them(client, org, agent):
    link = reverse("leadership:proxy-rates")
    for user, shown in [
        (org.director.user, True),
        (org.leaders["li"].user, True),  # 东片's area chief
        (agent.user, True),
        (org.people["agri", "head"], False),
        (org.people["petition", "clerk"], False),
    ]:
        client.force_login(user)
        assert (link in client.get(reverse("staff:home")).content.decode()) is shown, user
