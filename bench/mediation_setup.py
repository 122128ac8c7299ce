"""Shared set-up of the case-handling benchmarks: a scratch database, the demo organisation, and
cases bulk-inserted straight into a unit's shared queue (COPY on PostgreSQL, bulk_create on SQLite).

The benchmarks run their measurements in a worker process (``python -m bench.<scenario> --worker``)
so that Django is configured for the database under test and nothing else.
"""

import json
import os
import subprocess
import sys
import tempfile
from datetime import timedelta

from bench import harness

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def worker_env(database_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    env |= {
        "DJANGO_SETTINGS_MODULE": "center.settings",
        "ONE_WINDOW_VAR_DIR": tempfile.mkdtemp(prefix="one-window-bench-"),
        "LOG_LEVEL": "WARNING",
        "ONE_WINDOW_PROFILE": "embedded",
        "RATE_LIMITS_ENABLED": "0",
    }
    env.pop("REDIS_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def run_worker(module: str, database_url: str | None, args: dict) -> dict:
    """Run ``module --worker`` against one database and return the JSON it prints last."""
    done = subprocess.run(
        [sys.executable, "-m", module, "--worker", json.dumps(args)],
        cwd=harness.ROOT,
        env=worker_env(database_url),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{module} worker failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def databases() -> list[tuple[str, str | None]]:
    """SQLite always; PostgreSQL too when DATABASE_URL is set."""
    found: list[tuple[str, str | None]] = [("SQLite", None)]
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        found.append(("PostgreSQL", os.environ["DATABASE_URL"]))
    return found


def django_ready() -> None:
    """In the worker: configure Django, migrate and load the demo organisation."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo", "--quiet-logins", verbosity=0)


def fake_code(n: int) -> str:
    """A valid tracking code for the n-th bulk case (distinct for every n)."""
    digits = []
    for _ in range(10):
        n, r = divmod(n, len(CODE_ALPHABET))
        digits.append(CODE_ALPHABET[r])
    return "LH" + "".join(reversed(digits))


def bulk_queue(*, unit_code: str, count: int, start: int = 0, batch: int = 5000) -> None:
    """``count`` cases waiting in ``unit_code``'s queue (status assigned, queued, oldest first)."""
    from django.db import connection
    from django.utils import timezone

    from cases.models import Case, Routing
    from departments.models import Unit

    unit = Unit.objects.get(code=unit_code)
    base = timezone.now() - timedelta(days=30)
    if connection.vendor == "postgresql":
        _copy(unit.pk, count, start, base)
        return
    for first in range(start, start + count, batch):
        numbers = range(first, min(first + batch, start + count))
        cases = Case.objects.bulk_create([_case(Case, n, base) for n in numbers])
        Routing.objects.bulk_create(
            [
                Routing(
                    case=case,
                    kind="policy",
                    lead_unit_id=unit.pk,
                    confirmed_at=case.received_at,
                    signed_at=case.received_at,
                    assigned_at=case.received_at,
                    queued_at=case.received_at,
                    next_due_on=case.reply_due_on,
                )
                for case in cases
            ]
        )


def _case(model, n: int, base):
    at = base + timedelta(seconds=n)
    return model(
        tracking_code=fake_code(n),
        channel="visit",
        service="petition",
        request=f"基准测试诉求第{n}件：道路破损，请求修复。",
        status="assigned",
        received_at=at,
        reply_due_on=(at + timedelta(days=21)).date(),
        consent_at=at,
    )


def _copy(unit_id: int, count: int, start: int, base) -> None:
    """COPY the cases and their routings (PostgreSQL): about a million rows a minute."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM intake_case")
        first_id = cursor.fetchone()[0] + 1
        raw = cursor.cursor
        case_cols = (
            "id, tracking_code, channel, service, request, group_size, is_conduct_complaint, accused_description, "
            "repeat_count, skip_level, extreme_behaviour, status, received_at, reply_due_on, "
            "reply_due_provisional, reply_due_basis, consent_at, idempotency_fingerprint, accused_pending, "
            "refer_to_district, is_anonymous, report_category, passphrase_hash, proxy_requested"
        )
        with raw.copy(f"COPY intake_case ({case_cols}) FROM STDIN") as copy:
            for i in range(count):
                n = start + i
                at = base + timedelta(seconds=n)
                copy.write_row(
                    (first_id + i, fake_code(n), "visit", "petition", f"基准测试诉求第{n}件：道路破损，请求修复。",
                     1, False, "", 1, False, False, "assigned", at, (at + timedelta(days=21)).date(), False, "", at, "",
                     False, False, False, "", "", False)
                )  # fmt: skip
        routing_cols = "case_id, kind, lead_unit_id, proposal, leader_led, confidential, confirmed_at, signed_at, "
        routing_cols += "assigned_at, queued_at, next_due_on"
        with raw.copy(f"COPY mediation_routing ({routing_cols}) FROM STDIN") as copy:
            for i in range(count):
                at = base + timedelta(seconds=start + i)
                due = (at + timedelta(days=21)).date()  # no clock: the reply date (``case_next_due``)
                copy.write_row((first_id + i, "policy", unit_id, "{}", False, False, at, at, at, at, due))
        cursor.execute("SELECT setval(pg_get_serial_sequence('intake_case', 'id'), (SELECT MAX(id) FROM intake_case))")
        cursor.execute("ANALYZE intake_case")
        cursor.execute("ANALYZE mediation_routing")
