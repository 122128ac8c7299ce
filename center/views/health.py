"""Probes for the proxy or orchestrator: /healthz (the process answers) and /readyz (it can serve).

Both answer plain JSON without a session and are exempt from the HTTPS redirect, so that a probe
inside the machine reaches them over plain HTTP (with a Host header from ALLOWED_HOSTS).
"""

import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

# Applied migrations do not come undone under a running server: once seen complete, not read again.
_migrations_complete = False


def _check_database() -> str | None:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # any failure means "not ready"; its kind is reported
        return type(error).__name__
    return None


def _check_migrations() -> str | None:
    global _migrations_complete
    if _migrations_complete:
        return None
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as error:
        return type(error).__name__
    if pending:
        return f"{len(pending)} pending"
    _migrations_complete = True
    return None


def _check_redis() -> str | None:
    if not settings.REDIS_URL:
        return None
    # deferred: the embedded default has no Redis
    import redis

    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1)
        try:
            client.ping()
        finally:
            client.close()
    except Exception as error:
        return type(error).__name__
    return None


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    started = time.monotonic()
    checks = {"database": _check_database()}
    checks["migrations"] = _check_migrations() if checks["database"] is None else "skipped"
    checks["redis"] = _check_redis()
    ready = all(value is None for value in checks.values())
    body = {
        "status": "ok" if ready else "unavailable",
        "checks": {name: value or "ok" for name, value in checks.items()},
        "ms": round((time.monotonic() - started) * 1000, 1),
    }
    return JsonResponse(body, status=200 if ready else 503)
