"""In-process cost of one filing: queries and CPU of the online form POST and the API POST.

    DJANGO_ALLOW_ASYNC_UNSAFE=1 .venv/bin/pytest bench/post_cpu.py -q -s -p no:cacheprovider

Runs on the test database with the demo organisation, through Django's test client (no server):
prints the queries of one POST of each kind and the median CPU (``time.process_time``) of
``POST_CPU_N`` POSTs (default 200) after a warm-up.
"""

import json
import os
import statistics
import time

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intake.tokens import form_token_new

N = int(os.environ.get("POST_CPU_N", "200"))
PHONES = iter(f"139{n:08d}" for n in range(10**8))


def _online(client):
    data = {
        "service": "petition",
        "request": "村口道路损坏多年，雨天积水严重，请求尽快修复。",
        "name": "王小明",
        "phone": next(PHONES),
        "group_size": "1",
        "consent": "on",
        "token": form_token_new(),
    }
    response = client.post("/file/", data)
    if response.status_code != 302:
        raise AssertionError(response.content[:500])


def _api(client):
    data = {"service": "mediation", "request": "邻居装修噪音扰民，协商无果，申请调解。", "name": "李四"}
    data |= {"phone": next(PHONES), "consent": True}
    response = client.post("/api/v1/intake/cases", json.dumps(data), content_type="application/json")
    if response.status_code != 201:
        raise AssertionError(response.content[:500])


@pytest.mark.django_db
@pytest.mark.parametrize("post", [_online, _api], ids=["online", "api"])
def test_post_cost(client, settings, post):
    settings.RATE_LIMITS_ENABLED = False
    call_command("load_demo", "--quiet-logins")
    # A resident GETs the form before posting it: that GET caches the page (``cms.formcache``), and
    # the POST is then served on it without Wagtail's routing queries, as in the real flow.
    client.get("/file/")
    for _ in range(10):
        post(client)
    with CaptureQueriesContext(connection) as queries:
        post(client)
    print(f"\n{post.__name__}: {len(queries)} queries")
    for query in queries:
        print("   ", query["sql"][:160])
    times = []
    for _ in range(N):
        started = time.process_time()
        post(client)
        times.append((time.process_time() - started) * 1000)
    print(f"{post.__name__}: CPU per POST median {statistics.median(times):.2f} ms over {N}")
