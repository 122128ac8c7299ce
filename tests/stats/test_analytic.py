"""Parallel query: off on every connection of the portal, on in the statistics' transactions."""

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from stats.analytic import analytic

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel query is PostgreSQL's")


def _workers() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        return cursor.fetchone()[0]


def _work_mem() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW work_mem")
        return cursor.fetchone()[0]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_connection_starts_with_parallel_query_off_and_gets_it_back_after_the_statistics(settings):
    settings.DB_ANALYTIC_PARALLEL_WORKERS = 2
    assert _workers() == "0"
    usual = _work_mem()
    with analytic():
        assert connection.in_atomic_block
        assert _workers() == "2"
        assert _work_mem() == "64MB"  # the answered cases' list of a district's year is hashed
    assert _workers() == "0"
    assert _work_mem() == usual
    with pytest.raises(ZeroDivisionError):
        _fail_inside()  # a failing figure: the setting goes with the rolled-back transaction
    assert _workers() == "0"


def _fail_inside() -> None:
    with analytic():
        assert _workers() == "2"
        raise ZeroDivisionError


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_inside_a_longer_transaction_the_setting_ends_with_it():
    with transaction.atomic():
        with analytic():
            assert _workers() != "0"
        assert connection.in_atomic_block
    assert _workers() == "0"


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the embedded default's behaviour")
@pytest.mark.django_db(transaction=True)
def test_on_sqlite_no_transaction_is_opened_for_a_long_read():
    # The embedded default's transactions take the write lock when they begin (IMMEDIATE).
    with analytic():
        assert not connection.in_atomic_block


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_statistics_page_runs_its_figures_with_parallel_query_on(director_client):
    with CaptureQueriesContext(connection) as queries:
        assert director_client.get("/staff/stats/?period=2026").status_code == 200
    sqls = [q["sql"] for q in queries.captured_queries]
    turned_on = next(i for i, sql in enumerate(sqls) if "max_parallel_workers_per_gather" in sql)
    figures = [i for i, sql in enumerate(sqls) if "intake_case" in sql and "COUNT(" in sql]
    assert figures
    assert min(figures) > turned_on
    assert _workers() == "0"


@pytest.fixture
def director_client(org):
    client = Client()
    client.force_login(org.director.user)
    return client
