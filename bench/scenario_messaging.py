"""10,000 SMS through the background worker to a local fake of Alibaba Cloud's SMS API.

The worker process sets up a scratch database (the demo organisation), 10,000 cases each with a
petitioner and a "filed" event, and the SMS templates; it starts the fake gateway on 127.0.0.1
(``tests/messaging/fakes.py``: it checks every request's signature and counts each message it
takes under our idempotency key), queues ``messages_run`` and runs the real worker
(``manage.py db_worker --batch``: one process on SQLite, two on PostgreSQL) until the queue is
empty. Then the fake's delivery reports are posted to the receipts endpoint. It prints the
throughput (messages stored and sent per second of worker time), and checks that every queued
message was taken once by the gateway (none lost, none twice) and that delivered == queued.
"""

import json
import os
import subprocess
import sys
import time
from datetime import timedelta

from bench import harness, mediation_setup

TITLE = "SMS through the worker to a fake gateway (10,000 messages)"


def run(*, quick: bool = False) -> list[str]:
    lines = []
    for label, url in mediation_setup.databases():
        n = 1_000 if quick else 10_000
        r = mediation_setup.run_worker("bench.scenario_messaging", url, {"n": n})
        ok = r["queued"] == r["sent"] == r["delivered"] == r["accepted_keys"] == n and r["duplicates"] == 0
        lines.append(
            f"{label}: {n:,} filed events → {r['queued']:,} SMS queued, {r['sent']:,} sent, "
            f"{r['delivered']:,} delivered; gateway took {r['accepted_keys']:,} keys, {r['duplicates']} twice, "
            f"{r['bad_signatures']} bad signatures: {'ok' if ok else 'MISMATCH'}"
        )
        lines.append(
            f"  worker ({r['workers']} process{'es' if r['workers'] > 1 else ''}): {r['worker_seconds']:.1f} s, "
            f"{r['throughput']:.0f} SMS/s end to end; receipts applied in {r['receipt_seconds']:.1f} s"
        )
    return lines


def _setup(n: int) -> None:
    from django.utils import timezone

    from cases.models import Case, CaseEvent, Petitioner
    from messaging.models import SmsTemplate

    start = Case.objects.count() + 20_000_000
    base = timezone.now() - timedelta(days=1)
    # bulk_create on both databases (the queue's COPY path lists no column added since issue 12)
    cases = Case.objects.bulk_create(
        [mediation_setup._case(Case, i, base) for i in range(start, start + n)],
        batch_size=2000,
    )
    Petitioner.objects.bulk_create(
        [Petitioner(case=c, name="基准", phone=f"139{i:08d}", is_primary=True) for i, c in enumerate(cases)],
        batch_size=2000,
    )
    now = timezone.now()
    CaseEvent.objects.bulk_create(
        [
            CaseEvent(case=c, at=now, kind="filed", public=True, data={"reply_due_on": str(c.reply_due_on)})
            for c in cases
        ],
        batch_size=2000,
    )
    SmsTemplate.objects.create(
        kind="filed",
        code="SMS_100001",
        text="您的事项已登记，查询码${code}，将于${date}前答复。",
        parameters="code,date",
    )


def _work(workers: int) -> float:
    from messaging.tasks import messages_run

    for _ in range(workers):
        messages_run.enqueue()
    started = time.perf_counter()
    procs = [
        subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--worker-id", f"bench-{i}"],
            cwd=harness.ROOT,
            env=os.environ.copy(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for i in range(workers)
    ]
    for proc in procs:
        _out, err = proc.communicate(timeout=1800)
        if proc.returncode != 0:
            raise RuntimeError(err.decode()[-3000:])
    return time.perf_counter() - started


def _receipts() -> float:
    from django.conf import settings
    from django.test import Client

    from messaging.models import SmsMessage

    client = Client()
    url = f"/messaging/receipts/{settings.MESSAGING['RECEIPT_TOKEN']}/"
    started = time.perf_counter()
    ids = list(SmsMessage.objects.exclude(provider_id="").values_list("provider_id", flat=True))
    for first in range(0, len(ids), 500):
        body = [{"biz_id": pid, "success": True, "err_code": "DELIVERED"} for pid in ids[first : first + 500]]
        client.post(url, json.dumps(body), content_type="application/json", HTTP_HOST="127.0.0.1")
    return time.perf_counter() - started


def worker(args: dict) -> dict:
    from tests.messaging.fakes import ALIYUN, FakeGateway

    fake = FakeGateway("aliyun").__enter__()
    os.environ.update(
        MESSAGING_SMS_BACKEND="aliyun",
        MESSAGING_RECEIPT_TOKEN="bench-receipts",  # noqa: S106 -- a scratch token for the fake run
        ALIYUN_SMS_ACCESS_KEY_ID=ALIYUN["ACCESS_KEY_ID"],
        ALIYUN_SMS_ACCESS_KEY_SECRET=ALIYUN["ACCESS_KEY_SECRET"],
        ALIYUN_SMS_SIGN_NAME=ALIYUN["SIGN_NAME"],
        ALIYUN_SMS_ENDPOINT=fake.url,
    )
    mediation_setup.django_ready()
    from django.db import connection

    from messaging.models import SmsMessage, State

    n = args["n"]
    _setup(n)
    workers = 2 if connection.vendor == "postgresql" else 1
    connection.close()
    seconds = _work(workers)
    sent = SmsMessage.objects.filter(state=State.SENT).count()
    receipt_seconds = _receipts()
    fake.__exit__(None, None, None)
    return {
        "queued": SmsMessage.objects.count(),
        "sent": sent,
        "delivered": SmsMessage.objects.filter(state=State.DELIVERED).count(),
        "accepted_keys": len(fake.accepted),
        "duplicates": sum(1 for c in fake.accepted.values() if c > 1),
        "bad_signatures": fake.bad_signatures,
        "workers": workers,
        "worker_seconds": seconds,
        "throughput": n / seconds,
        "receipt_seconds": receipt_seconds,
    }


if __name__ == "__main__" and len(sys.argv) > 2 and sys.argv[1] == "--worker":
    print(json.dumps(worker(json.loads(sys.argv[2]))))
