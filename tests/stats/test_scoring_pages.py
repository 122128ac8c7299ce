"""The scores pages: who reads, computes, adjusts and publishes (a matrix), what a unit head reads of
a conduct complaint about their unit (nothing), the Excel export, and queries that do not grow."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cases.models import CaseKind
from departments import permissions as perms
from stats import services
from stats.models import ScoreAdjustment, ScorePeriod, ScoreTotal
from tests.mediation.factories import routed_case
from tests.stats.history import bj, clock, follow_up

pytestmark = pytest.mark.django_db
Q2 = "2026-Q2"


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _late(org, unit_key: str, request: str, *, village=None, day: int = 10, **fields):
    case = routed_case(lead=org.units[unit_key], request=request, village=village, received_at=bj(2026, 4, 1), **fields)
    clock(case, "reply", date(2026, 4, day))
    return case


@pytest.fixture
def scored(org):
    """Q2 computed: agri and urban late once each, and a late conduct complaint about agri
    (led by the discipline office) that agri, its head and its supervising leader never read of."""
    _late(org, "agri", "农业办超期件", village=org.village)
    _late(org, "urban", "城建办超期件")
    complaint = _late(
        org,
        "discipline",
        "举报农业办干部作风问题",
        kind=CaseKind.CONDUCT,
        is_conduct_complaint=True,
        accused_units=[org.units["agri"]],
        village=org.village,
    )
    follow_up(complaint, bj(2026, 5, 1), "unsatisfied", org.director.user)
    services.score_period_compute(actor=org.director.user, code=Q2, now=bj(2026, 7, 2))
    org.complaint = complaint
    return org


def _who(org, name):
    return {
        "director": org.director.user,
        "discipline head": org.people[("discipline", perms.HEAD)],
        "agri head": org.people[("agri", perms.HEAD)],
        "agri handler": org.people[("agri", perms.HANDLER)],
        "leader li": org.leaders["li"].user,  # supervises agri, chief of the east area
        "urban head": org.people[("urban", perms.HEAD)],
        "outsider": org.outsider,
        "anonymous": None,
    }[name]


# who: (period table, agri's lines, urban's lines, the village's lines)
READS = {
    "director": (200, 200, 200, 200),
    "discipline head": (200, 200, 200, 200),
    "agri head": (200, 200, 404, 404),
    "leader li": (200, 200, 404, 200),
    "urban head": (200, 404, 200, 404),
    "agri handler": (403, 403, 403, 403),
    "outsider": (403, 403, 403, 403),
    "anonymous": (302, 302, 302, 302),
}


@pytest.mark.parametrize("who", READS)
def test_who_reads_which_scores(scored, who):
    client = _client(_who(scored, who))
    pages = [
        f"/staff/stats/scores/{Q2}/",
        f"/staff/stats/scores/{Q2}/unit/agriculture/",
        f"/staff/stats/scores/{Q2}/unit/urban-construction/",
        f"/staff/stats/scores/{Q2}/village/tangjiao/",
    ]
    assert tuple(client.get(url).status_code for url in pages) == READS[who]


def test_the_table_lists_only_what_the_reader_may_read(scored):
    html = _client(_who(scored, "agri head")).get(f"/staff/stats/scores/{Q2}/").content.decode()
    assert "农业农村办" in html
    assert "98.0" in html
    assert "城建办" not in html
    assert "塘角村" not in html
    html = _client(_who(scored, "director")).get(f"/staff/stats/scores/{Q2}/").content.decode()
    assert all(name in html for name in ("农业农村办", "城建办", "东片联村工作组", "塘角村"))


@pytest.mark.parametrize("who", ["agri head", "leader li"])
def test_a_conduct_complaint_about_the_unit_reaches_none_of_its_pages(scored, who):
    client = _client(_who(scored, who))
    for url in (
        "/staff/stats/scores/",
        f"/staff/stats/scores/{Q2}/",
        f"/staff/stats/scores/{Q2}/unit/agriculture/",
        f"/staff/stats/scores/{Q2}/village/tangjiao/",
    ):
        body = client.get(url).content.decode()
        assert scored.complaint.tracking_code not in body
        assert scored.complaint.display_code not in body
        assert "举报" not in body
    assert ScoreTotal.objects.get(period__code=Q2, unit=scored.units["agri"]).total == Decimal(98)


def test_the_lines_link_the_cases_the_reader_may_see(scored):
    html = _client(_who(scored, "agri head")).get(f"/staff/stats/scores/{Q2}/unit/agriculture/").content.decode()
    case = ScorePeriod.objects.get(code=Q2).lines.get(unit=scored.units["agri"]).case
    assert f"/staff/cases/{case.tracking_code}/" in html or case.display_code in html
    assert "-2.0" in html


# who may (compute, adjust, publish): only the director.
ACTS = {
    "director": (302, 302, 302),
    "discipline head": (403, 403, 403),
    "agri head": (403, 403, 403),
    "leader li": (403, 403, 403),
    "agri handler": (403, 403, 403),
    "outsider": (403, 403, 403),
}


@pytest.mark.parametrize("who", ACTS)
def test_only_the_director_computes_adjusts_and_publishes(scored, who):
    client = _client(_who(scored, who))
    compute = client.post(f"/staff/stats/scores/{Q2}/compute/")
    adjust = client.post(
        f"/staff/stats/scores/{Q2}/unit/agriculture/adjust/", {"points": "3", "reason": "化解积案成效明显"}
    )
    publish = client.post(f"/staff/stats/scores/{Q2}/publish/")
    assert (compute.status_code, adjust.status_code, publish.status_code) == ACTS[who]
    adjusted = ScoreAdjustment.objects.exists()
    published = ScorePeriod.objects.get(code=Q2).published
    assert (adjusted, published) == ((True, True) if who == "director" else (False, False))


def test_a_frozen_period_refuses_in_chinese(scored, zh):
    client = _client(scored.director.user)
    client.post(f"/staff/stats/scores/{Q2}/publish/")
    response = client.post(f"/staff/stats/scores/{Q2}/compute/")
    assert response.status_code == 409
    assert "已发布" in response.content.decode()
    page = client.get(f"/staff/stats/scores/{Q2}/").content.decode()
    assert 'data-testid="score-compute"' not in page


@pytest.mark.parametrize("code", ["2026-05", "nonsense", "2026-Q5"])
def test_a_period_that_is_no_quarter_or_year_answers_400(scored, code):
    assert _client(scored.director.user).get(f"/staff/stats/scores/{code}/").status_code == 400


def test_the_excel_export_holds_the_readers_rows(scored):
    response = _client(_who(scored, "agri head")).get(f"/staff/stats/scores/{Q2}/export/")
    sheet = openpyxl.load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1:] == [("农业农村办", 100, -2, 0, 0, 98)]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_pages_cost_the_same_whatever_the_rows(scored):
    director = _client(scored.director.user)
    urls = [f"/staff/stats/scores/{Q2}/", f"/staff/stats/scores/{Q2}/unit/agriculture/", "/staff/stats/scores/"]
    before = [_queries(director, url) for url in urls]
    for n in range(6):
        _late(scored, "agri", f"又一件 {n}", village=scored.village, day=11 + n)
    services.score_period_compute(actor=scored.director.user, code=Q2, now=bj(2026, 7, 2))
    after = [_queries(director, url) for url in urls]
    assert after == before
    assert max(after) <= 40
