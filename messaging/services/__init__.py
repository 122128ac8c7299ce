"""Writes of messaging: store messages (outbox), send them, resend, preferences, digests, receipts."""

from messaging.services.digest import digests_build
from messaging.services.manage import preference_save, sms_contact_record, sms_resend
from messaging.services.outbox import messages_dispatch
from messaging.services.receipts import receipts_apply
from messaging.services.send import leases_expire, messages_send_due

__all__ = [
    "digests_build",
    "leases_expire",
    "messages_dispatch",
    "messages_send_due",
    "preference_save",
    "receipts_apply",
    "sms_contact_record",
    "sms_resend",
]
