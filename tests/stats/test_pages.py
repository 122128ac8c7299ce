"""The statistics pages: what the director reads, bad input, and a query count that does not grow."""

import re

import pytest
from django.test import Client

from mediation.calendar import work_calendar
from stats.views import PAGE_SIZE
from tests.mediation.factories import routed_case
from tests.stats.history import bj, step
from tests.stats.scenario import november

pytestmark = pytest.mark.django_db

PAGE_QUERIES = 47  # the staff header asks the admin permission (viewer_for again): 9 of them; the
# working-day numbers are checked against the calendar once (then the cache knows): 1
CASES_QUERIES = 24


@pytest.fixture(autouse=True)
def _calendar_loaded(db):
    """A running server loads the working-day calendar once per process (and after each change): so
    do the pages measured here, before the queries are counted."""
    work_calendar()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _more_cases(org, n: int) -> None:
    for i in range(n):
        unit = org.units["agri" if i % 2 else "urban"]
        case = routed_case(lead=unit, received_at=bj(2026, 11, 1 + i % 28, 9), village=org.village)
        step(case, "reply_delivered", bj(2026, 11, 1 + i % 28, 15))


def test_director_reads_the_month(org, django_assert_max_num_queries):
    november(org)
    client = _client(org.director.user)
    with django_assert_max_num_queries(PAGE_QUERIES):
        response = client.get("/staff/stats/", {"period": "2026-11"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="stats-chart"' in html
    assert 'type="application/json"' in html
    assert "vendor/echarts/echarts.min.js" in html
    assert "<script>" not in html  # data via json_script, code from static files only
    total = re.search(r'data-testid="figures-total">(.*?)</tr>', html, re.S)[1]
    assert re.findall(r"<td>(?:<a [^>]*>)?(\d+)", total)[:4] == ["5", "0", "2", "3"]
    assert "measure=not_proxy" in html  # the proxy rate (20 %) falls short: its cases are a click away


@pytest.mark.parametrize("by", ["unit", "village", "area", "service", "kind", "channel", "owner"])
def test_every_breakdown_in_constant_queries(org, by, django_assert_max_num_queries):
    november(org)
    client = _client(org.director.user)
    with django_assert_max_num_queries(PAGE_QUERIES) as few:
        assert client.get("/staff/stats/", {"period": "2026-Q4", "by": by}).status_code == 200
    _more_cases(org, 30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/staff/stats/", {"period": "2026-Q4", "by": by}).status_code == 200


def test_a_range_of_days(org):
    november(org)
    response = _client(org.director.user).get("/staff/stats/", {"start": "2026-11-01", "end": "2026-11-02"})
    assert response.status_code == 200
    assert "2026-11-01~2026-11-02" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"period": "2026-13"}, "2026-11"),
        ({"period": "1999"}, "2000"),
        ({"start": "2026-11-20", "end": "2026-11-01"}, ""),
        ({"start": "2026-11-20"}, ""),
        ({"by": "weather"}, ""),
    ],
)
def test_bad_periods_answer_400_with_a_message(org, zh, query, message):
    response = _client(org.director.user).get("/staff/stats/", query)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="errorlist"' in html
    assert message in html


def test_cases_behind_a_figure(org, django_assert_max_num_queries):
    story = november(org)
    client = _client(org.director.user)
    with django_assert_max_num_queries(CASES_QUERIES):
        response = client.get("/staff/stats/cases/", {"period": "2026-11", "measure": "not_completed"})
    html = response.content.decode()
    assert story.c.display_code in html
    assert story.d.display_code in html
    assert story.a.display_code not in html
    response = client.get(
        "/staff/stats/cases/",
        {"period": "2026-11", "measure": "late:reply", "by": "unit", "value": org.units["agri"].pk},
    )
    assert story.a.display_code in response.content.decode()


def test_cases_behind_a_figure_page_by_page_in_constant_queries(org, django_assert_max_num_queries):
    _more_cases(org, PAGE_SIZE + 5)
    client = _client(org.director.user)
    with django_assert_max_num_queries(CASES_QUERIES):
        first = client.get("/staff/stats/cases/", {"period": "2026-11", "measure": "replied"})
    assert first.content.decode().count('href="/staff/cases/') == PAGE_SIZE
    second = client.get("/staff/stats/cases/", {"period": "2026-11", "measure": "replied", "page": 2})
    assert second.content.decode().count('href="/staff/cases/') == 5


@pytest.mark.parametrize(
    "query",
    [
        {"period": "2026-11", "measure": "weather"},
        {"period": "someday", "measure": "received"},
        {"period": "2026-11", "measure": "received", "by": "weather", "value": "1"},
        {"period": "2026-11", "measure": "received", "by": "unit", "value": "abc"},
        {"period": "2026-11", "measure": "received", "by": "service", "value": "nothing"},
        {"period": "2026-11", "measure": "late:"},
    ],
)
def test_cases_behind_a_figure_refuse_what_names_no_figure(org, query):
    response = _client(org.director.user).get("/staff/stats/cases/", query)
    assert response.status_code == 400


def test_a_unit_head_cannot_list_another_units_cases(org):
    story = november(org)
    client = _client(org.people[("agri", "head")])
    response = client.get("/staff/stats/cases/", {"period": "2026-11", "measure": "received"})
    html = response.content.decode()
    assert story.a.display_code in html
    assert story.c.display_code not in html
    assert story.f.display_code not in html


def _targets_table(html: str) -> str:
    return re.search(r'data-testid="targets">(.*?)</table>', html, re.S)[1]


@pytest.mark.parametrize("by", ["village", "area", "service", "kind", "channel", "owner"])
def test_the_targets_table_is_the_same_whatever_the_breakdown(org, by):
    november(org)
    client = _client(org.director.user)
    by_unit = client.get("/staff/stats/", {"period": "2026-11", "by": "unit"}).content.decode()
    other = client.get("/staff/stats/", {"period": "2026-11", "by": by}).content.decode()
    # The links behind a shortfall name the unit breakdown either way; only the page's own ``by`` differs.
    assert _targets_table(other) == _targets_table(by_unit)
    assert "农业农村办" in _targets_table(other)


def test_a_unit_with_only_a_step_has_no_targets_row_under_any_breakdown(org):
    # November has clocks due (the story), so the unit page reads every row's on-time rates first.
    november(org)
    only_a_step = routed_case(lead=org.units["legal"], received_at=bj(2026, 10, 20, 9), village=org.village)
    step(only_a_step, "assignment_signed", bj(2026, 11, 3, 10))
    client = _client(org.director.user)
    by_unit = client.get("/staff/stats/", {"period": "2026-11", "by": "unit"}).content.decode()
    by_village = client.get("/staff/stats/", {"period": "2026-11", "by": "village"}).content.decode()
    assert "司法所" in re.search(r'data-testid="figures">(.*?)</table>', by_unit, re.S)[1]  # its step counts
    assert "司法所" not in _targets_table(by_unit)
    assert _targets_table(by_unit) == _targets_table(by_village)
