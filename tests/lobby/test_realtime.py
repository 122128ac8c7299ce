"""live.realtime: group names, sequence numbers, sending only after commit."""

import threading

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from live import realtime
from live.realtime import broadcast, case_changed, group_name, sequence_current, sequence_next


def test_group_name_builds_ascii_names():
    assert group_name("queue", 12) == "queue.12"
    assert group_name("center") == "center"
    assert group_name("alerts", 7) == "alerts.7"
    assert group_name("user", 3) == "user.3"  # the same name as live.session.user_group


@pytest.mark.parametrize("key", ["农业", "a.b", "a b", "", "x" * 61, "é"])
def test_group_name_refuses_keys_that_are_not_plain_ascii(key):
    with pytest.raises(ValueError, match="ASCII"):
        group_name("queue", key)


def test_group_name_refuses_unknown_kinds():
    with pytest.raises(ValueError, match="unknown group kind"):
        group_name("everything", 1)


def test_sequence_numbers_increase_per_group():
    assert sequence_current("queue.1") == 0
    assert [sequence_next("queue.1") for _ in range(3)] == [1, 2, 3]
    assert sequence_next("queue.2") == 1
    assert sequence_current("queue.1") == 3


def test_sequence_numbers_are_unique_under_concurrency():
    taken: list[int] = []
    lock = threading.Lock()

    def take():
        for _ in range(50):
            n = sequence_next("center")
            with lock:
                taken.append(n)

    threads = [threading.Thread(target=take) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(taken) == list(range(1, 401))


@pytest.mark.django_db
def test_broadcast_waits_for_the_commit_and_skips_a_rollback(broadcasts, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        broadcast("lobby", "ticket.changed", {})
        assert broadcasts == []  # not before the commit
    assert broadcasts == [("lobby", "ticket.changed", {})]

    broadcasts.clear()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                broadcast("lobby", "ticket.changed", {})
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert broadcasts == []


def test_broadcast_refuses_bad_groups_kinds_and_reserved_keys():
    with pytest.raises(ValueError, match="not a group name"):
        broadcast("queue.农业", "case.changed", {})
    with pytest.raises(ValueError, match="event kind"):
        broadcast("queue.1", "changed", {})
    with pytest.raises(ValueError, match="reserved"):
        broadcast("queue.1", "case.changed", {"seq": 3})


@pytest.mark.django_db
def test_case_changed_goes_to_each_unit_queue_and_the_center_with_ids_only(
    broadcasts, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case_changed(42, unit_ids=[3, None, 5, 3], kind="reassigned")
    assert broadcasts == [
        ("queue.3", "case.changed", {"case": 42, "change": "reassigned"}),
        ("queue.5", "case.changed", {"case": 42, "change": "reassigned"}),
        ("center", "case.changed", {"case": 42, "change": "reassigned"}),
    ]
    with pytest.raises(ValueError, match="unknown case change"):
        case_changed(42, unit_ids=[3], kind="exploded")


def test_send_now_numbers_events_and_delivers_them_through_the_layer():
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)("queue.9", channel)
    first = realtime.send_now("queue.9", "case.changed", {"case": 1, "change": "picked"})
    second = realtime.send_now("queue.9", "case.changed", {"case": 1, "change": "released"})
    assert (first, second) == (1, 2)
    message = async_to_sync(layer.receive)(channel)
    assert message["type"] == "case.changed"
    assert message["group"] == "queue.9"
    assert message["seq"] == 1
    assert message["case"] == 1
    assert isinstance(message["at"], float)
    assert async_to_sync(layer.receive)(channel)["seq"] == 2
    async_to_sync(layer.group_discard)("queue.9", channel)


def test_send_now_logs_instead_of_raising_when_the_layer_fails(monkeypatch, caplog):
    class Broken:
        async def group_send(self, group, message):
            raise ConnectionError("redis is down")

    monkeypatch.setattr(realtime, "get_channel_layer", lambda: Broken())
    assert realtime.send_now("center", "case.changed", {"case": 1, "change": "picked"}) is None
    assert "was not sent" in caplog.text
