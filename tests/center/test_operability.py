"""What the proxy and the operator rely on: probes, 503 instead of 500, a cache that degrades."""

import logging

import pytest
from django.core.cache.backends.redis import RedisCache
from django.db import OperationalError
from django.test import Client
from django.urls import path
from redis.exceptions import ConnectionError as RedisConnectionError

from center.cache import ResilientRedisCache
from center.urls import urlpatterns as site_patterns
from center.views import health

# A Redis port nothing listens on: the real client against a real refused connection.
UNREACHABLE_REDIS = "redis://127.0.0.1:9/0"


def _database_away(request):
    raise OperationalError("connection failed: the pool timed out")


def _bug(request):
    raise ZeroDivisionError


urlpatterns = [
    path("test/database-away/", _database_away),
    path("api/v1/test/database-away/", _database_away),
    path("test/bug/", _bug),
    *site_patterns,
]
handler500 = "center.views.errors.server_error"


@pytest.fixture
def failing_site(settings):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    return Client(raise_request_exception=False)


@pytest.mark.django_db
def test_healthz_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_checks_database_and_migrations(client):
    health._migrations_complete = False
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    assert response.json()["checks"] == {"database": "ok", "migrations": "ok", "redis": "ok"}


@pytest.mark.django_db
def test_readyz_is_unavailable_without_redis(client, settings):
    settings.REDIS_URL = UNREACHABLE_REDIS
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["redis"] == "ConnectionError"
    assert body["checks"]["database"] == "ok"


def test_readyz_is_unavailable_without_the_database(client, settings):
    # No django_db mark: pytest-django blocks the database, as if PostgreSQL were gone.
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] != "ok"
    assert response.json()["checks"]["migrations"] == "skipped"


def test_database_unavailable_answers_503_with_retry_after(failing_site):
    response = failing_site.get("/test/database-away/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "服务繁忙，请稍后几秒再试。" in response.content.decode()
    assert response["Cache-Control"] == "no-store"


def test_database_unavailable_in_the_api_answers_json_503(failing_site):
    response = failing_site.get("/api/v1/test/database-away/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["message"] == "服务繁忙，请稍后几秒再试。"


def test_database_unavailable_speaks_english_when_chosen(failing_site):
    failing_site.cookies["django_language"] = "en"
    response = failing_site.get("/api/v1/test/database-away/")
    assert response.json()["message"] == "The service is busy. Please try again in a few seconds."


def test_a_bug_is_still_a_500(failing_site, caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = failing_site.get("/test/bug/")
    assert response.status_code == 500
    assert "Retry-After" not in response


def test_cache_degrades_while_redis_is_away(caplog):
    cache = ResilientRedisCache(UNREACHABLE_REDIS, {"OPTIONS": {"socket_connect_timeout": 0.2}})
    with caplog.at_level(logging.WARNING, logger="center.cache"):
        assert cache.get("k", "default") == "default"
        assert cache.add("k", 1) is True  # a rate limit lets the resident through
        cache.set("k", 1)
        assert cache.get_many(["k"]) == {}
        assert cache.has_key("k") is False
        with pytest.raises(ValueError, match="cache unavailable"):
            cache.incr("k")
    assert "cache unavailable: incr skipped" in caplog.text
    # The plain backend fails: that is what the degradation is for.
    plain = RedisCache(UNREACHABLE_REDIS, {"OPTIONS": {"socket_connect_timeout": 0.2}})
    with pytest.raises(RedisConnectionError):
        plain.get("k")


def test_cache_works_normally_with_redis(settings):
    cache = ResilientRedisCache("redis://127.0.0.1:6379/8", {"KEY_PREFIX": "one-window-test-resilient"})
    cache.set("k", 41)
    assert cache.incr("k") == 42
    assert cache.get("k") == 42
    cache.delete("k")
    assert cache.get("k") is None


def test_cache_keeps_one_redis_client_for_every_operation():
    cache = ResilientRedisCache("redis://127.0.0.1:6379/8", {"KEY_PREFIX": "one-window-test-reuse"})
    client = cache._cache.get_client("a", write=True)
    assert cache._cache.get_client("b") is client
    cache.set("k", "值")
    assert cache.get("k") == "值"
    assert cache._cache.get_client("c", write=True) is client
    cache.delete("k")
