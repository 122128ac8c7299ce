"""A statistics page slow to count is kept, says when it was counted, is counted again by the real
worker, and is never read by anyone who counts other cases (``stats.kept``)."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.template.loader import get_template
from django.test import Client
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from mediation.calendar import work_calendar
from stats.dimensions import BY_CODE
from stats.kept import TEMPLATE, figures_key, quick_periods
from stats.rules.periods import period_parse
from stats.scope import stats_scope_for
from stats.tasks import figures_prepare_task, figures_refresh
from tests.mediation.factories import routed_case
from tests.stats.history import bj
from tests.stats.scenario import november
from tests.stats.test_visibility import MATRIX, _complaints, _user

pytestmark = pytest.mark.django_db

NOVEMBER = {"period": "2026-11"}
User = get_user_model()
COUNTED_TABLES = re.compile(r'"(intake_case|intake_caseevent|mediation_(caseclock|followup|routing|extension))"')
KEPT_QUERIES = 14  # the session and its save, the reader and their standing, the staff header


@pytest.fixture(autouse=True)
def _keeping(settings, db):
    """Every page counts as slow; a kept copy is fresh for five minutes."""
    work_calendar()
    settings.STATS_KEEP_FROM_SECONDS = 0
    settings.STATS_REFRESH_AFTER_SECONDS = 300


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _received(response) -> int:
    html = response.content.decode()
    total = re.search(r'data-testid="figures-total">(.*?)</tr>', html, re.S)[1]
    return int(re.findall(r"<td>(?:<a [^>]*>)?(\d+)", total)[0])


def _new_case(org) -> None:
    routed_case(lead=org.units["agri"], received_at=bj(2026, 11, 20, 9), village=org.village)


def _refreshes() -> int:
    return DBTaskResult.objects.filter(task_path=figures_refresh.module_path).count()


def test_a_slow_page_is_kept_and_says_when_it_was_counted(org, django_assert_max_num_queries):
    november(org)
    client = _client(org.director.user)
    with django_assert_max_num_queries(60) as count:
        first = client.get("/staff/stats/", NOVEMBER)
    assert first.status_code == 200
    assert 'data-testid="stats-kept"' not in first.content.decode()  # counted for this request
    assert any(COUNTED_TABLES.search(q["sql"]) for q in count.captured_queries)
    _new_case(org)
    with django_assert_max_num_queries(KEPT_QUERIES) as read:
        second = client.get("/staff/stats/", NOVEMBER)
    counted = [q["sql"] for q in read.captured_queries if COUNTED_TABLES.search(q["sql"])]
    assert counted == [], counted  # nothing is counted: the session, the reader's standing, the header
    html = second.content.decode()
    assert 'data-testid="stats-kept"' in html
    assert second.context["figures"].html == first.context["figures"].html
    assert _received(second) == _received(first) == 5  # the copy counted before the new case
    assert "fresh=1" in html  # "count again now"
    fresh = client.get("/staff/stats/", {**NOVEMBER, "fresh": "1"})
    assert _received(fresh) == 6
    assert 'data-testid="stats-kept"' not in fresh.content.decode()
    assert _received(client.get("/staff/stats/", NOVEMBER)) == 6  # the fresh count is what is kept now
    assert _refreshes() == 0  # nothing was old enough to count again


def test_a_page_quick_to_count_is_counted_for_every_request(org, settings):
    settings.STATS_KEEP_FROM_SECONDS = 60
    november(org)
    client = _client(org.director.user)
    assert _received(client.get("/staff/stats/", NOVEMBER)) == 5
    _new_case(org)
    response = client.get("/staff/stats/", NOVEMBER)
    assert _received(response) == 6
    assert 'data-testid="stats-kept"' not in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_an_old_copy_is_served_once_and_counted_again_by_the_worker(org, settings):
    """Committed for real (the worker reads what the page queued, on its own connection)."""
    november(org)
    client = _client(org.director.user)
    client.get("/staff/stats/", NOVEMBER)
    _new_case(org)
    settings.STATS_REFRESH_AFTER_SECONDS = 0  # the copy is now old
    assert _received(client.get("/staff/stats/", NOVEMBER)) == 5  # served at once, with its time
    assert _received(client.get("/staff/stats/", NOVEMBER)) == 5
    assert _refreshes() == 1  # the second reader did not queue the same count again
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    row = DBTaskResult.objects.get(task_path=figures_refresh.module_path)
    assert row.status == "SUCCESSFUL", row.traceback
    settings.STATS_REFRESH_AFTER_SECONDS = 300
    assert _received(client.get("/staff/stats/", NOVEMBER)) == 6  # the worker's count


def test_the_refresh_counts_nothing_for_someone_who_no_longer_reads_statistics(org):
    november(org)
    clerk = org.people[("petition", "clerk")]
    assert figures_refresh.call(clerk.pk, "2026-11", "unit", "zh-hans") is None
    director = org.director.user
    director.is_active = False
    director.save(update_fields=["is_active"])
    assert figures_refresh.call(director.pk, "2026-11", "unit", "zh-hans") is None


def test_readers_share_a_copy_only_when_they_count_the_same_cases(org):
    november(org)
    _complaints(org)
    period = period_parse("2026-11")
    today = period.last
    scopes = {who: stats_scope_for(_user(org, who)) for who in MATRIX}
    keys = {
        who: figures_key(scope, period, BY_CODE["unit"], today=today)
        for who, scope in scopes.items()
        if scope is not None
    }
    moved = {key for who, key in keys.items() if MATRIX[who]}
    kept_from = {key for who, key in keys.items() if not MATRIX[who]}
    assert len(moved) >= 2
    assert len(kept_from) >= 3
    assert not moved & kept_from  # nobody the complaints are kept from shares a key with one who sees them
    assert keys["agri", "head"] != keys["petition", "head"]  # heads of two units count two units


def test_every_reader_reads_their_own_figures_from_a_shared_cache(org):
    """The matrix of ``test_visibility``: everybody reads the page (and keeps a copy) with the
    complaints about the agriculture office on record; then everybody reads it again, from the
    copies, and must read exactly what they read counted live."""
    november(org)
    _complaints(org)
    readers = {who: _client(_user(org, who)) for who in MATRIX}
    live = {}
    for who, client in readers.items():
        response = client.get("/staff/stats/", NOVEMBER)
        live[who] = response.context["figures"].html if response.status_code == 200 else None
    for who, client in readers.items():
        response = client.get("/staff/stats/", NOVEMBER)
        if live[who] is None:
            assert response.status_code == 403, who
            continue
        assert 'data-testid="stats-kept"' in response.content.decode(), who
        assert response.context["figures"].html == live[who], who
    assert live["agri", "head"] != live["director", None]


def test_the_kept_template_holds_nothing_of_the_request():
    source = re.sub(r"{% comment %}.*?{% endcomment %}", "", get_template(TEMPLATE).template.source, flags=re.S)
    assert "csrf" not in source
    assert "nonce" not in source
    assert "request" not in source
    assert "user" not in source


def test_the_days_first_reads_find_the_quick_pages_counted(org, settings):
    settings.STATS_KEEP_FROM_SECONDS = 60  # read, no page would be kept: what is kept, prepare kept
    november(org)
    out = StringIO()
    call_command("stats_prepare", stdout=out)
    counted = int(out.getvalue().strip().removeprefix("counted="))
    today = timezone.localdate()
    scopes = [scope for user in User.objects.filter(is_active=True) if (scope := stats_scope_for(user))]
    with translation.override("zh-hans"):
        pages = {figures_key(s, p, BY_CODE["unit"], today=today) for s in scopes for p in quick_periods(today)}
    assert counted == len(pages) > 4  # once per page and distinct scope
    readers = [who for who in MATRIX if stats_scope_for(_user(org, who)) is not None]
    out = StringIO()
    call_command("stats_prepare", stdout=out)
    assert out.getvalue().strip() == "counted=0"  # all fresh
    for who in readers:
        client = _client(_user(org, who))
        for period in ("", "2026-11", "2026-Q4", "2026"):
            response = client.get("/staff/stats/", {"period": period} if period else {})
            assert 'data-testid="stats-kept"' in response.content.decode(), (who, period)
    for period in ("2026-11", "2026"):  # the director's kept copies are what they count now
        fresh = _client(org.director.user).get("/staff/stats/", {"period": period, "fresh": "1"})
        kept = _client(org.director.user).get("/staff/stats/", {"period": period})
        assert kept.context["figures"].html == fresh.context["figures"].html


def test_prepare_can_be_handed_to_the_worker(db):
    call_command("stats_prepare", "--enqueue", stdout=StringIO())
    assert DBTaskResult.objects.filter(task_path=figures_prepare_task.module_path).count() == 1
