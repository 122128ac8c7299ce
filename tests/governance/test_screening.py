"""The monthly dispute screening: filed once per village and month; high-risk items become cases, once."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.errors import ActionRefused, Conflict, NotAllowed
from cases.models import Case
from cases.rules import status as st
from cases.selectors import case_list_for_user
from governance import selectors
from governance.models import Screening, ScreeningItem
from governance.services import ScreeningItemInput, incident_dispatch, screening_escalate, screening_file

pytestmark = pytest.mark.django_db


def _items(gov, *levels):
    return [
        ScreeningItemInput(f"张{n}与李{n}", f"第{n}起纠纷：土地边界争议。", gov.category, level, "村调委会已介入")
        for n, level in enumerate(levels, start=1)
    ]


def test_a_village_files_its_list_and_the_high_risk_items_become_cases(gov):
    screening = screening_file(actor=gov.grid.user, items=_items(gov, "low", "high", "medium", "high"))
    assert screening.village == gov.village
    assert screening.month == timezone.localdate().replace(day=1)
    items = list(screening.items.order_by("pk"))
    assert [item.case_id is not None for item in items] == [False, True, False, True]
    case = items[1].case
    assert case.service == "governance"
    assert case.status == st.REGISTERED
    assert case.village == gov.village
    assert case.routing.lead_unit == gov.units["gov"]
    assert "张2与李2" in case.request
    assert case.events.filter(kind="screening_item_escalated").exists()
    assert case.screening_item == items[1]  # linked back
    assert case_list_for_user(gov.people["gov", "handler"]).filter(pk=case.pk).exists()


def test_escalating_again_never_files_a_second_case(gov):
    screening = screening_file(actor=gov.grid.user, items=_items(gov, "high"))
    assert Case.objects.count() == 1
    again = screening_escalate(screening=screening, actor=gov.grid.user)
    assert [c.pk for c in again] == [screening.items.get().case_id]
    # Even with the link lost, the item's submission token finds the case filed the first time.
    ScreeningItem.objects.update(case=None)
    screening_escalate(screening=screening, actor=gov.grid.user)
    assert Case.objects.count() == 1
    assert screening.items.get().case_id is not None


def test_a_second_filing_of_the_same_month_is_refused(gov, zh):
    screening_file(actor=gov.grid.user, items=_items(gov, "high"))
    with pytest.raises(Conflict) as refused:
        screening_file(actor=gov.grid.user, items=_items(gov, "high", "high"))
    assert "每月只报送一次" in refused.value.message
    assert Screening.objects.count() == 1
    assert Case.objects.count() == 1


def test_next_month_is_a_new_filing(gov):
    screening_file(actor=gov.grid.user, items=_items(gov, "low"))
    later = timezone.now() + timedelta(days=32)
    screening_file(actor=gov.grid.user, items=_items(gov, "low"), now=later)
    assert Screening.objects.count() == 2


def test_a_nil_report_is_a_filing(gov):
    screening = screening_file(actor=gov.grid.user, items=[], note="本月无矛盾纠纷")
    assert screening.items.count() == 0
    overview = selectors.screening_overview(gov.director.user, today=timezone.localdate())
    assert gov.village not in overview["missing"]


def test_a_bad_item_refuses_the_whole_list(gov):
    items = [*_items(gov, "high"), ScreeningItemInput("", "", gov.category, "high")]
    with pytest.raises(ActionRefused) as refused:
        screening_file(actor=gov.grid.user, items=items)
    assert refused.value.code == "item"
    assert not Screening.objects.exists()
    assert not Case.objects.exists()


def test_only_grid_workers_file(gov):
    with pytest.raises(NotAllowed):
        screening_file(actor=gov.people["gov", "head"], items=[])


def test_the_director_sees_which_villages_have_not_filed(gov):
    screening_file(actor=gov.grid.user, items=_items(gov, "high"))
    overview = selectors.screening_overview(gov.director.user, today=timezone.localdate())
    assert overview["missing"] == [gov.other_village]
    assert [village for village, _filing in overview["filed"]] == [gov.village]
    assert overview["items"][0].case_visible
    with pytest.raises(NotAllowed):
        selectors.screening_overview(gov.people["agri", "head"], today=timezone.localdate())


def test_a_screened_case_is_dispatched_like_an_incident(gov):
    screening = screening_file(actor=gov.grid.user, items=_items(gov, "high"))
    case = screening.items.get().case
    incident_dispatch(case=case, actor=gov.people["gov", "handler"], unit=gov.units["east"])
    case.refresh_from_db()
    assert case.status == st.ASSIGNED
    assert case.clocks.get(clock="governance_response").policy_code.startswith("center_governance_response_high")


def test_the_screening_pages(client, gov):
    client.force_login(gov.grid.user)
    assert client.get(reverse("governance:screening")).status_code == 200
    data = {
        "items-TOTAL_FORMS": "3",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "50",
    }
    data |= {
        "items-0-parties": "王某与赵某",
        "items-0-summary": "宅基地边界纠纷，双方情绪激动。",
        "items-0-category": str(gov.category.pk),
        "items-0-risk_level": "high",
        "items-0-measures": "网格员已劝解",
        "note": "",
    }
    response = client.post(reverse("governance:screening"), data)
    assert response.status_code == 302
    item = ScreeningItem.objects.get()
    assert item.case is not None
    assert client.post(reverse("governance:screening"), data).status_code == 409
    assert ScreeningItem.objects.count() == 1
    assert "screening-filed" in client.get(reverse("governance:screening")).content.decode()
    client.force_login(gov.director.user)
    page = client.get(reverse("governance:screening-overview")).content.decode()
    assert gov.other_village.name in page
    assert item.case.display_code in page
    client.force_login(gov.people["agri", "head"])
    assert client.get(reverse("governance:screening-overview")).status_code == 403
    assert client.get(reverse("governance:screening")).status_code == 403


def test_rows_left_empty_post_as_a_browser_sends_them_and_stay_out_of_the_list(client, gov):
    """A browser sends every field of the empty rows: their selects must post nothing chosen."""
    client.force_login(gov.grid.user)
    page = client.get(reverse("governance:screening")).content.decode()
    assert '<option value="" selected>' in page  # the risk level starts unchosen
    data = {
        "items-TOTAL_FORMS": "3",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "50",
    }
    for n in range(3):
        data |= {
            f"items-{n}-parties": "",
            f"items-{n}-summary": "",
            f"items-{n}-category": "",
            f"items-{n}-measures": "",
        }
        data[f"items-{n}-risk_level"] = ""
    data |= {
        "items-0-parties": "王某与赵某",
        "items-0-summary": "宅基地边界纠纷。",
        "items-0-category": str(gov.category.pk),
        "items-0-risk_level": "low",
        "note": "",
    }
    response = client.post(reverse("governance:screening"), data)
    assert response.status_code == 302
    assert ScreeningItem.objects.count() == 1
    assert ScreeningItem.objects.get().case is None
