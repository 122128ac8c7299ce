"""Reads of messaging: a case's SMS for its staff page, a person's work messages and preference."""

from dataclasses import dataclass

from cases.permissions import reporter_identity_visible, viewer_for
from messaging import rules
from messaging.models import SmsMessage, StaffMessagePreference, State, WorkMessage
from messaging.services.manage import may_resend

CASE_LIMIT = 50


@dataclass(frozen=True)
class SmsRow:
    message: SmsMessage
    to: str  # masked, or "" when the reader may not see who filed (a report)
    may_resend: bool


def case_sms(user, case, *, viewer=None) -> list[SmsRow]:
    """The SMS of a case the person may already see (one query), the number masked as always.

    On a report the number is shown only to those who may see its reporter (``reporter_identity_visible``)."""
    qs = SmsMessage.objects.filter(case=case).select_related("resent_as").order_by("-created_at", "-pk")
    rows = list(qs[:CASE_LIMIT])
    if not rows:
        return []
    identity = reporter_identity_visible(viewer or viewer_for(user), case)
    resender = may_resend(user, case, visible=True)  # the case page is shown only to those who may see it
    return [
        SmsRow(
            message=m,
            to=rules.mask_phone(m.to) if identity else "",
            may_resend=resender and m.state == State.FAILED and not hasattr_resent(m),
        )
        for m in rows
    ]


def hasattr_resent(message: SmsMessage) -> bool:
    try:
        return message.resent_as is not None
    except SmsMessage.resent_as.RelatedObjectDoesNotExist:
        return False


def preference_for(user) -> StaffMessagePreference:
    return StaffMessagePreference.objects.filter(user=user).first() or StaffMessagePreference(user=user)


def recent_work_messages(user, limit: int = 20) -> list[WorkMessage]:
    return list(WorkMessage.objects.filter(user=user).select_related("case").order_by("-created_at", "-pk")[:limit])
