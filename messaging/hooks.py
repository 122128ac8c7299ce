"""How the domain below reaches messaging without importing it: signal receivers, connected in ``ready``.

A recorded case event asks for one ``messages_run`` after its transaction commits (once per
transaction, however many events it wrote; nothing at all when both gateways are "none"). The
run reads the events themselves (``messaging.services.outbox``), so a hint that is lost (the
process died right after the commit) costs only time: the cron run catches up.
"""

from django.db import transaction
from django.db.models.signals import post_save

from cases.models import CaseEvent
from intake.signals import sms_contact_given
from messaging import backends


def _enqueue_run() -> None:
    from messaging.tasks import messages_run  # deferred: tasks import services, which import models at app load

    messages_run.enqueue()


def run_soon(*, once: bool = True) -> None:
    """Ask for one ``messages_run`` after the current transaction commits (``once``: once per transaction)."""
    if not (backends.sms_enabled() or backends.work_enabled()):
        return
    connection = transaction.get_connection()
    if once and any(entry[1] is _enqueue_run for entry in connection.run_on_commit):
        return
    transaction.on_commit(_enqueue_run)


def _hint(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    if not raw and created:
        run_soon()


def _contact(sender, case, opt_out: bool, phone: str, actor=None, **kwargs) -> None:
    from messaging.services import sms_contact_record  # deferred: services import models, loaded after ready

    sms_contact_record(case=case, opt_out=opt_out, phone=phone, actor=actor)


def connect() -> None:
    post_save.connect(_hint, sender=CaseEvent, dispatch_uid="messaging_case_event_hint")
    sms_contact_given.connect(_contact, dispatch_uid="messaging_sms_contact")
