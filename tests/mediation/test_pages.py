"""The staff pages from three sides: the right unit, another unit, anonymous; and their query budgets."""

import pytest
from django.urls import reverse

from cases.models import Case, Routing
from cases.rules import status as st
from tests.mediation.factories import assert_chinese, routed_case

pytestmark = pytest.mark.django_db


def test_queue_page_from_three_sides(client, org):
    case = routed_case(lead=org.units["agri"], request="田间道路被占用")
    url = reverse("mediation:queue", args=["agriculture"])
    client.force_login(org.people["agri", "handler"])
    body = client.get(url).content.decode()
    assert case.display_code in body
    assert "田间道路被占用" in body
    client.force_login(org.people["urban", "handler"])
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_queue_page_query_count_does_not_grow_with_cases(client, org, django_assert_max_num_queries):
    client.force_login(org.people["agri", "handler"])
    url = reverse("mediation:queue", args=["agriculture"])
    routed_case(lead=org.units["agri"])
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for _ in range(30):
        routed_case(lead=org.units["agri"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("/pick/") == 31


def test_queue_pages_by_keyset(client, org):
    cases = [routed_case(lead=org.units["agri"]) for _ in range(3)]
    client.force_login(org.people["agri", "head"])
    from mediation import selectors

    first = selectors.queue_for_unit(org.people["agri", "head"], org.units["agri"], limit=2)
    assert [c.pk for c in first.items] == [c.pk for c in cases[:2]]
    second = selectors.queue_for_unit(org.people["agri", "head"], org.units["agri"], after=first.next_cursor, limit=2)
    assert [c.pk for c in second.items] == [cases[2].pk]
    assert second.next_cursor is None
    page = client.get(reverse("mediation:queue", args=["agriculture"]) + "?after=garbage")
    assert page.status_code == 200


def test_pick_through_the_page_and_the_loser_sees_it_gone(client, org):
    from django.test import Client

    case = routed_case(lead=org.units["agri"])
    queue = reverse("mediation:queue", args=["agriculture"])
    loser = Client()
    loser.force_login(org.people["agri", "head"])
    assert [c.pk for c in loser.get(queue).context["waiting"].items] == [case.pk]
    client.force_login(org.people["agri", "handler"])
    response = client.post(reverse("mediation:pick", args=[case.tracking_code]), {"next": queue})
    assert response.status_code == 302
    assert response["Location"] == queue
    response = loser.post(reverse("mediation:pick", args=[case.tracking_code]), {"next": queue}, follow=True)
    assert response.context["waiting"].items == []
    assert [c.pk for c in response.context["held"].items] == [case.pk]
    assert Routing.objects.get(pk=case.pk).picked_by == org.people["agri", "handler"]
    [message] = [str(m) for m in response.context["messages"]]
    assert_chinese(message, "Already picked by someone else.", "已被他人领取")


def test_case_page_from_three_sides(client, org):
    case = routed_case(lead=org.units["agri"], assisting=[org.units["east"]], request="灌溉渠堵塞")
    url = reverse("mediation:case", args=[case.tracking_code])
    client.force_login(org.people["agri", "handler"])
    assert "灌溉渠堵塞" in client.get(url).content.decode()
    client.force_login(org.people["east", "handler"])  # assisting: read-only, may add findings
    body = client.get(url).content.decode()
    assert "灌溉渠堵塞" in body
    assert "/findings/" in body
    assert "/pick/" not in body
    client.force_login(org.people["urban", "head"])
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_director_reassigns_through_the_page(client, org):
    case = routed_case(lead=org.units["agri"])
    client.force_login(org.director.user)
    response = client.post(
        reverse("mediation:reassign", args=[case.tracking_code]), {"unit": org.units["urban"].pk, "reason": "规划"}
    )
    assert response.status_code == 302
    assert Routing.objects.get(pk=case.pk).lead_unit == org.units["urban"]
    history = client.get(reverse("mediation:case", args=[case.tracking_code])).content.decode()
    assert "规划" in history


def test_clerk_confirms_and_director_signs_through_the_pages(client, org):
    from mediation import services
    from tests.mediation.factories import case_new

    case = case_new(village=org.village)
    services.case_route_propose(case=case)
    client.force_login(org.people["petition", "clerk"])
    inbox = client.get(reverse("mediation:inbox")).content.decode()
    assert case.display_code in inbox
    page = client.get(reverse("mediation:case", args=[case.tracking_code])).content.decode()
    assert "一（一）2" in page
    response = client.post(
        reverse("mediation:routing-confirm", args=[case.tracking_code]),
        {"lead_unit": org.units["agri"].pk, "reason": "土地问题"},
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).status == st.ROUTED
    client.force_login(org.director.user)
    assert case.display_code in client.get(reverse("mediation:inbox")).content.decode()
    client.post(reverse("mediation:sign", args=[case.tracking_code]))
    assert Case.objects.get(pk=case.pk).status == st.ASSIGNED


def test_delegations_page_is_the_directors(client, org):
    url = reverse("mediation:delegations")
    client.force_login(org.leaders["li"].user)
    assert client.get(url).status_code == 404
    client.force_login(org.director.user)
    response = client.post(
        url,
        {
            "leader": org.leaders["liu"].pk,
            "scope": "assignment",
            "valid_from": "2026-01-05",
            "valid_until": "2026-01-09",
        },
    )
    assert response.status_code == 302
    assert "2026-01-05" in client.get(url).content.decode()


def test_my_queues_page_lists_my_units_and_the_cases_i_hold(client, org, django_assert_max_num_queries):
    from mediation import services

    handler = org.people["agri", "handler"]
    case = routed_case(lead=org.units["agri"])
    services.case_pick(case=case, actor=handler)
    client.force_login(handler)
    with django_assert_max_num_queries(20):
        body = client.get(reverse("mediation:queues")).content.decode()
    assert reverse("mediation:queue", args=["agriculture"]) in body
    assert reverse("mediation:queue", args=["urban-construction"]) not in body
    assert case.display_code in body


def test_history_names_case_kinds_not_codes(client, org):
    from mediation import services
    from tests.mediation.factories import case_new

    case = case_new(village=org.village)
    services.case_route_propose(case=case)
    clerk = org.people["petition", "clerk"]
    services.case_routing_set_facts(case=case, actor=clerk, kind="policy", line_office=org.units["agri"])
    client.force_login(clerk)
    from django.utils import translation

    from cases.models import CaseKind

    body = client.get(reverse("mediation:case", args=[case.tracking_code])).content.decode()
    with translation.override("zh-hans"):
        labels = f"{CaseKind.EXECUTION.label} → {CaseKind.POLICY.label}"
    assert labels in body
    assert "(execution →" not in body


def test_assisting_and_inbox_pages_from_three_sides(client, org):
    from mediation import services
    from tests.mediation.factories import case_new

    assisted = routed_case(lead=org.units["agri"], assisting=[org.units["east"]])
    registered = case_new(village=org.village)
    services.case_route_propose(case=registered)
    client.force_login(org.people["east", "clerk"])
    assert assisted.display_code in client.get(reverse("mediation:assisting")).content.decode()
    assert registered.display_code not in client.get(reverse("mediation:inbox")).content.decode()
    client.force_login(org.people["urban", "head"])
    assert assisted.display_code not in client.get(reverse("mediation:assisting")).content.decode()
    assert registered.display_code not in client.get(reverse("mediation:inbox")).content.decode()
    client.force_login(org.people["petition", "clerk"])
    assert registered.display_code in client.get(reverse("mediation:inbox")).content.decode()
    client.logout()
    for name in ("mediation:assisting", "mediation:inbox", "mediation:queues"):
        assert client.get(reverse(name)).status_code == 302
