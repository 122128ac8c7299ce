"""Notifications: once per key, only to people who may see the case, pushed to their sockets."""

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from live.session import user_group
from mediation.models import Notification
from mediation.selectors.notifications import unread_count
from mediation.services.notifications import notifications_mark_read, notify
from tests.mediation.factories import routed_case

pytestmark = pytest.mark.django_db(transaction=True)


def test_notify_stores_once_per_key_and_pushes_after_commit(org):
    handler = org.people["agri", "handler"]
    case = routed_case(lead=org.units["agri"])
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(user_group(handler.pk), channel)

    first = notify(users=[handler, handler.pk], kind="due_soon", message="即将到期", case=case, key="reply")
    again = notify(users=[handler], kind="due_soon", message="即将到期", case=case, key="reply")

    assert len(first) == 1
    assert again == []
    assert Notification.objects.filter(user=handler).count() == 1
    message = async_to_sync(layer.receive)(channel)
    assert message == {"type": "notification.new", "message": "即将到期", "case": case.tracking_code}
    assert unread_count(handler) == 1
    assert notifications_mark_read(user=handler) == 1
    assert unread_count(handler) == 0


def test_a_conduct_complaint_never_notifies_the_accused_unit(org):
    accused = org.units["urban"]
    case = routed_case(lead=org.units["discipline"], is_conduct_complaint=True, accused_units=[accused])
    urban = [org.people["urban", role] for role in ("clerk", "handler", "head")]
    discipline_head = org.people["discipline", "head"]

    created = notify(users=[*urban, discipline_head], kind="warning_slip", message="预警", case=case)

    assert [n.user for n in created] == [discipline_head]
    assert not Notification.objects.filter(user__in=urban).exists()
