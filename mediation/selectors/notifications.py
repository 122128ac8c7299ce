"""Notifications to staff (the reads): a person's inbox and its unread count.

Written by ``mediation.services.notifications``. A notification about a case is shown only while
its addressee may still see the case (``case_visible_q``).
"""

from django.db.models import Q

from cases.models import Case
from cases.selectors import case_visible_q
from mediation.models import Notification


def _still_visible(user) -> Q:
    """A notification about a case the person may no longer see (say, the accused were
    confirmed since) is gone for them: the inbox and its count ask the rule again."""
    return Q(case__isnull=True) | Q(case__in=Case.objects.filter(case_visible_q(user)).values("pk"))


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(_still_visible(user), user=user, read_at__isnull=True).count()


def notifications_for(user):
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(_still_visible(user), user=user).select_related("case")
