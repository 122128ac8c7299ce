import datetime

import pytest
from django.utils import timezone

from cases.models import CaseKind
from lobby.models import AlertRecipient, JointReceptionAlert
from mediation.models import FollowUp, Reply, WarningSlip
from tests.mediation.factories import build_org, routed_case

BEIJING = datetime.timezone(datetime.timedelta(hours=8))
# The registers of the petition work, which every case of ``world`` is in (``in_every_ledger``).
PETITION_WORK = ("petitions", "leader-led", "warning-slips", "joint-reception", "repeats")


@pytest.fixture
def org(db):
    return build_org()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def in_every_ledger(case, org, *, seq: int) -> None:
    """Put ``case`` into all five registers: leader-led, a warning slip, a joint reception, repeated."""
    routing = case.routing
    routing.leader_led = True
    routing.owner = routing.owner or org.leaders["liu"]
    routing.save()
    case.repeat_count = 3
    case.save(update_fields=["repeat_count"])
    now = timezone.now()
    WarningSlip.objects.create(
        case=case,
        year=now.year,
        seq=seq,
        issued_at=now,
        reasons=["重复访：同一事项已反映3次以上"],
        lead_unit=routing.lead_unit,
        reinvestigation_due_on=now.date(),
    )
    alert = JointReceptionAlert.objects.create(case=case, created_at=now, reason="collective", group_size=6)
    AlertRecipient.objects.create(alert=alert, user=org.people["petition", "head"], role="petition_office_head")


def replied(case, *, on: datetime.date, by, satisfaction: str = "satisfied") -> None:
    at = timezone.now()
    Reply.objects.create(
        case=case, decision="已修复村道。", drafted_by=by, drafted_at=at, delivery="in_person", delivered_on=on
    )
    FollowUp.objects.create(
        case=case, made_by="回访员", at=at, method="phone", satisfaction=satisfaction, recorded_by=by, recorded_at=at
    )


@pytest.fixture
def world(org):
    """A case about a unit, one about a person, a named report, and an ordinary case: in every ledger."""
    u, leaders = org.units, org.leaders
    cases = {
        "normal": routed_case(lead=u["agri"], owner=leaders["li"], request="村道破损甲7K", village=org.village),
        "conduct_unit": routed_case(
            lead=u["discipline"],
            kind=CaseKind.CONDUCT,
            is_conduct_complaint=True,
            accused_units=[u["urban"]],
            owner=leaders["chen"],
            request="举报城建办丙8M",
            service="complaint",
        ),
        "conduct_person": routed_case(
            lead=u["discipline"],
            kind=CaseKind.CONDUCT,
            is_conduct_complaint=True,
            accused_persons=[org.people["agri", "handler"]],
            owner=leaders["chen"],
            request="举报干部丁9P",
            service="complaint",
        ),
        "report": routed_case(
            lead=u["agri"],
            request="举报违建戊4Q",
            service="complaint",
            owner=leaders["li"],
            picked_by=org.people["agri", "handler"],
        ),
    }
    for seq, case in enumerate(cases.values(), start=1):
        in_every_ledger(case, org, seq=seq)
    return org, cases
