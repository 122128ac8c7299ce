"""Showing a petitioner's ID number in full: a deliberate act, recorded on the case."""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from cases.errors import ActionRefused, NotAllowed
from cases.models import Case, Petitioner
from cases.permissions import reporter_identity_visible
from mediation import permissions
from mediation.services.common import event, load, now_or


@transaction.atomic
def petitioner_id_reveal(*, case: Case, actor, petitioner_id: int, now: datetime | None = None) -> Petitioner:
    """Someone who may see the case asks for a petitioner's full ID number: it is recorded (private event)."""
    now = now_or(now)
    loaded = load(case, actor, lock=False)
    permissions.check_id_reveal(loaded.viewer)
    if not reporter_identity_visible(loaded.viewer, loaded.case):
        raise NotAllowed(_("Who filed a report is known only to the staff who handle it."), code="reporter_protected")
    petitioner = Petitioner.objects.filter(case=loaded.case, pk=petitioner_id).exclude(id_number="").first()
    if petitioner is None:
        raise ActionRefused(_("This petitioner has no ID number on the case."), code="no_id_number")
    event(loaded.case, actor, "petitioner_id_revealed", now, petitioner=petitioner.pk, name=petitioner.name)
    return petitioner
