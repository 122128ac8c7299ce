"""Joint reception (同步接访, rulebook 一（三））: alert the heads who must come, and their acknowledgements.

The alert reaches each recipient's open pages through their own group (``alerts.<user id>``) with
nothing but the alert's id; the session consumer reads the details for its own user.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.errors import NotAllowed
from cases.models import Case
from live.realtime import broadcast, group_name
from lobby.models import AlertRecipient, JointReceptionAlert
from lobby.selectors import alert_recipient_for, alert_recipients_for


def _reason(case: Case) -> str | None:
    if case.is_collective and case.extreme_behaviour:
        return JointReceptionAlert.Reason.BOTH
    if case.is_collective:
        return JointReceptionAlert.Reason.COLLECTIVE
    if case.extreme_behaviour:
        return JointReceptionAlert.Reason.EXTREME
    return None


@transaction.atomic(savepoint=False)  # raised within filing: its transaction covers it
def joint_reception_alert_raise(*, case: Case, now: datetime | None = None) -> JointReceptionAlert | None:
    """Raise the case's joint-reception alert (once per case); None when the case needs none.

    Recipients: the heads of the petition office, of the case's lead unit (confirmed or proposed)
    and of the liaison team of its village's area, and today's duty leader; of them only those the
    one visibility rule lets know of the case (``lobby.selectors.alert_recipients_for``).
    """
    reason = _reason(case)
    if reason is None:
        return None
    now = now or timezone.now()
    alert, created = JointReceptionAlert.objects.get_or_create(
        case=case, defaults={"created_at": now, "reason": reason, "group_size": case.group_size}
    )
    if not created:
        return alert
    recipients = alert_recipients_for(case, day=timezone.localdate(now))
    AlertRecipient.objects.bulk_create(
        [AlertRecipient(alert=alert, user_id=user_id, role=role) for user_id, role in recipients.items()]
    )
    for user_id in recipients:
        broadcast(group_name("alerts", user_id), "alert.raised", {"alert": alert.pk})
    broadcast(group_name("alerts"), "alert.raised", {"alert": alert.pk})
    return alert


@transaction.atomic
def alert_acknowledge(*, alert: JointReceptionAlert, user, now: datetime | None = None) -> AlertRecipient:
    """A recipient says they are coming; the petition office sees it at once."""
    row = alert_recipient_for(user, alert_id=alert.pk)
    if row is None:
        raise NotAllowed(_("This alert is not addressed to you."), code="not_recipient")
    now = now or timezone.now()
    if AlertRecipient.objects.filter(pk=row.pk, acknowledged_at__isnull=True).update(acknowledged_at=now):
        row.acknowledged_at = now
        broadcast(group_name("alerts"), "alert.acknowledged", {"alert": alert.pk})
        broadcast(group_name("alerts", user.pk), "alert.acknowledged", {"alert": alert.pk})
    return row
