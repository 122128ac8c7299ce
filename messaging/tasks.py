"""The background work of messaging (django-tasks; the worker is ``manage.py db_worker``).

``messages_run`` stores the messages new events, notifications and alerts call for, then sends
every due one (first tries and retries alike). It is enqueued after the commit of any transaction
that records a case event, and every minute from cron (``manage.py messaging_run --enqueue``) for
retries and for what the deadlines sweep wrote. ``digests_run`` builds the daily digests.
"""

from django.tasks import task

from messaging.services import digests_build, messages_dispatch, messages_send_due


def run_once() -> dict[str, int]:
    counts = messages_dispatch()
    sent = messages_send_due()
    return {**counts, "sent_sms": sent["sms"], "sent_work": sent["work"]}


@task()
def messages_run() -> dict[str, int]:
    return run_once()


@task()
def digests_run() -> dict[str, int]:
    made = digests_build()
    sent = messages_send_due()
    return {"digests": made, "sent_work": sent["work"]}
