"""The duty leader's reception log (接访登记, 二（六））.

Each visit received in the reception room is written with who came, what was asked, the units it
was split out to, whether an on-site office was held, and the case it became: an existing case by
its tracking code, or a case filed here at once (the desk's own filing, ``intake.services.case_file``).
The day's duty leader writes it; the petition office assists from the desk; the director may too.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.errors import ActionRefused, NotAllowed
from cases.models import Case, Channel, Service
from cases.permissions import viewer_for
from cases.rules.tracking import tracking_code_normalise
from cases.selectors import case_known_q
from departments.models import Unit, Village
from intake.services import CaseInput, PetitionerInput, case_file
from leadership import selectors
from leadership.models import ReceptionVisit
from leadership.rules import duty as rules
from lobby.models import DutyRoster
from mediation.services.common import event, now_or, person
from mediation.services.oversight import required_text

GROUP_MAX = 10_000


@dataclass(frozen=True)
class DeskFiling:
    """A case filed at the reception for the visitor (when there is no case yet)."""

    name: str
    phone: str
    village: Village | None = None
    is_conduct_complaint: bool = False
    accused_description: str = ""


def _case(code: str, filing: DeskFiling | None, *, actor, request: str, count: int, now: datetime) -> Case:
    if code and filing is not None:
        raise ActionRefused(_("Give either the tracking code of an existing case, or file a new one."), code="case")
    if code:
        normalised = tracking_code_normalise(code)
        case = Case.objects.filter(case_known_q(actor), tracking_code=normalised).first() if normalised else None
        if case is None:
            raise ActionRefused(_("No case has this tracking code."), code="case_code")
        return case
    if filing is None:
        raise ActionRefused(_("Link the visit to its case: a tracking code, or file it here."), code="case")
    data = CaseInput(
        channel=Channel.VISIT,
        service=Service.PETITION,
        request=request,
        petitioners=[PetitionerInput(name=filing.name.strip(), phone=filing.phone.strip(), village=filing.village)],
        consent=True,
        group_size=count,
        village=filing.village,
        is_conduct_complaint=filing.is_conduct_complaint,
        accused_description=filing.accused_description.strip(),
    )
    return case_file(data=data, actor=actor, now=now).case


@transaction.atomic
def reception_visit_record(
    *,
    actor,
    visitors: str,
    visitor_count: int,
    request: str,
    received_at: datetime | None = None,
    case_code: str = "",
    filing: DeskFiling | None = None,
    units: Sequence[Unit] = (),
    split_note: str = "",
    onsite_office: bool = False,
    onsite_note: str = "",
    now: datetime | None = None,
) -> ReceptionVisit:
    """Write one visit of today's reception day, linked to the case it became."""
    now = now_or(now)
    day: date = timezone.localdate(now)
    viewer = viewer_for(actor)
    if not rules.may_record(selectors.reception_roles(viewer, day=day)):
        raise NotAllowed(
            _("Only today's duty leader, the petition office or the director writes the reception log."),
            code="not_allowed",
        )
    roster = DutyRoster.objects.filter(date=day).select_related("leader").first()
    if roster is None:
        raise ActionRefused(_("No duty leader is on the roster today."), code="no_duty_leader")
    visitors = required_text(visitors, message=_("Write who came."), code="visitors", limit=200)
    request = required_text(request, message=_("Write what was asked."), code="request", limit=5000)
    if not 1 <= (visitor_count or 0) <= GROUP_MAX:
        raise ActionRefused(_("The number of people must be between 1 and 10000."), code="visitor_count")
    received_at = received_at or now
    if received_at > now or timezone.localdate(received_at) != day:
        raise ActionRefused(_("The visit is recorded on its day: a time of today, not later than now."), code="at")
    if any(not unit.is_active for unit in units):
        raise ActionRefused(_("This unit is not active."), code="units")
    onsite_note = (onsite_note or "").strip()
    if onsite_office and not onsite_note:
        raise ActionRefused(_("Write what the on-site office decided."), code="onsite_note")
    case = _case(case_code.strip(), filing, actor=actor, request=request, count=visitor_count, now=now)
    visit = ReceptionVisit.objects.create(
        day=day,
        duty_leader=roster.leader,
        received_at=received_at,
        visitors=visitors,
        visitor_count=visitor_count,
        request=request,
        case=case,
        filed_here=filing is not None,
        split_note=(split_note or "").strip()[:2000],
        onsite_office=onsite_office,
        onsite_note=onsite_note[:2000] if onsite_office else "",
        recorded_by=actor,
        recorded_at=now,
    )
    visit.units.set(units)
    event(
        case,
        actor,
        "reception_visit",
        now,
        visit=visit.pk,
        duty_leader=person(roster.leader.user),
        units=[unit.name for unit in units],
        onsite_office=onsite_office,
        filed_here=filing is not None,
    )
    return visit
