"""Issue 17, the leaders' duties as permission matrices at the service level: who may issue and
answer a 督办, who may record a unit's or a village's weekly consultation, and who is told. (The
return mission's and the reception log's matrices are in ``tests/leadership``.)"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from cases.errors import CaseNotFound, NotAllowed
from cases.rules import status as st
from mediation import services
from mediation.models import ConsultationItem, Notification, SupervisionOrder, WeeklyConsultation
from mediation.services.consultation import ItemInput
from tests.mediation.factories import routed_case

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 26, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
LATER = date(2026, 12, 1)

OK, REFUSED, HIDDEN = "ok", NotAllowed, CaseNotFound


def person(org, who: str):
    if who == "director":
        return org.director.user
    if who.startswith("leader."):
        return org.leaders[who.removeprefix("leader.")].user
    if who == "outsider":
        return org.outsider
    unit, role = who.split(".")
    return org.people[unit, role]


def outcome(expected, call) -> None:
    if expected == OK:
        call()
    else:
        with pytest.raises(expected):
            call()


@pytest.fixture
def handled(org):
    return routed_case(
        lead=org.units["agri"],
        status=st.IN_PROGRESS,
        picked_by=org.people["agri", "handler"],
        received_at=NOW - timedelta(days=3),
        assigned_at=NOW - timedelta(days=2),
    )


ISSUERS = [
    ("leader.li", OK),  # supervises the lead unit
    ("director", OK),
    ("leader.zhang", HIDDEN),  # supervises another unit: never sees the case
    ("agri.head", REFUSED),
    ("agri.handler", REFUSED),
    ("petition.clerk", REFUSED),  # sees every case, supervises none
    ("urban.head", HIDDEN),
    ("outsider", HIDDEN),
]


@pytest.mark.parametrize(("who", "expected"), ISSUERS)
def test_who_issues_a_supervision_order(org, handled, who, expected):
    outcome(
        expected,
        lambda: services.supervision_order_issue(
            case=handled, actor=person(org, who), instructions="三日内答复。", answer_by=LATER, now=NOW
        ),
    )
    assert SupervisionOrder.objects.exists() is (expected == OK)


ANSWERERS = [
    ("agri.head", OK),
    ("agri.handler", OK),
    ("leader.li", REFUSED),  # the issuer does not answer their own order
    ("director", REFUSED),
    ("petition.clerk", REFUSED),
    ("urban.handler", HIDDEN),
    ("outsider", HIDDEN),
]


@pytest.mark.parametrize(("who", "expected"), ANSWERERS)
def test_who_answers_a_supervision_order(org, handled, who, expected):
    services.supervision_order_issue(
        case=handled, actor=org.leaders["li"].user, instructions="三日内答复。", answer_by=LATER, now=NOW
    )
    outcome(
        expected,
        lambda: services.supervision_order_answer(case=handled, actor=person(org, who), answer="已办理。", now=NOW),
    )
    assert SupervisionOrder.objects.filter(answered_at__isnull=False).exists() is (expected == OK)


def test_the_unit_is_told_of_the_order_and_the_issuer_of_the_answer(org, handled):
    li = org.leaders["li"].user
    services.supervision_order_issue(case=handled, actor=li, instructions="三日内答复。", answer_by=LATER, now=NOW)
    told = set(Notification.objects.filter(kind="supervision_issued").values_list("user__username", flat=True))
    assert told == {"agri.head", "agri.handler"}
    services.supervision_order_answer(case=handled, actor=org.people["agri", "handler"], answer="已办理。", now=NOW)
    told = set(Notification.objects.filter(kind="supervision_answered").values_list("user__username", flat=True))
    assert told == {"leader.li"}


# --- the weekly consultation: a unit's and a village's --------------------------------------------


UNIT_RECORDERS = [
    ("agri.head", OK),
    ("director", OK),
    ("agri.handler", REFUSED),
    ("agri.clerk", REFUSED),
    ("leader.li", REFUSED),  # the supervising leader reads the gaps; the unit holds its own meeting
    ("urban.head", REFUSED),
    ("east.head", REFUSED),
    ("outsider", REFUSED),
]


@pytest.mark.parametrize(("who", "expected"), UNIT_RECORDERS)
def test_who_records_a_units_consultation(org, handled, who, expected):
    item = ItemInput(handled, "限期答复。", "回访信访人", org.people["agri", "handler"], NOW.date() + timedelta(days=3))
    outcome(
        expected,
        lambda: services.weekly_consultation_record(
            unit=org.units["agri"],
            actor=person(org, who),
            held_on=NOW.date(),
            place="会议室",
            other_attendees="全体",
            items=[item],
            now=NOW,
        ),
    )
    assert WeeklyConsultation.objects.exists() is (expected == OK)


@pytest.fixture
def village_case(org):
    return routed_case(
        lead=org.units["east"], village=org.village, received_at=NOW - timedelta(days=2), request="村道路灯损坏。"
    )


VILLAGE_RECORDERS = [
    ("east.head", OK),  # the head of the village's liaison team
    ("leader.li", OK),  # the area chief
    ("director", OK),
    ("east.handler", REFUSED),
    ("agri.head", REFUSED),
    ("leader.zhang", REFUSED),
    ("outsider", REFUSED),
]


@pytest.mark.parametrize(("who", "expected"), VILLAGE_RECORDERS)
def test_who_records_a_villages_consultation(org, village_case, who, expected):
    owner = org.people["east", "handler"]
    item = ItemInput(village_case, "本周内修复。", "联系供电所", owner, NOW.date() + timedelta(days=3))
    outcome(
        expected,
        lambda: services.weekly_consultation_record(
            village=org.village,
            actor=person(org, who),
            held_on=NOW.date(),
            place="村委会",
            other_attendees="村支书",
            items=[item],
            now=NOW,
        ),
    )
    assert WeeklyConsultation.objects.filter(village=org.village, unit=None).exists() is (expected == OK)
    if expected == OK:  # the action's owner, and nobody else, is told
        told = set(Notification.objects.filter(kind="consultation_action").values_list("user_id", flat=True))
        assert told == {owner.pk}


def test_a_villages_action_goes_to_its_liaison_team_or_the_area_chief_only(org, village_case):
    from cases.errors import ActionRefused

    def record(owner):
        return services.weekly_consultation_record(
            village=org.village,
            actor=org.people["east", "head"],
            held_on=NOW.date(),
            place="村委会",
            other_attendees="村支书",
            items=[ItemInput(village_case, "修复。", "联系供电所", owner, NOW.date() + timedelta(days=3))],
            now=NOW,
        )

    with pytest.raises(ActionRefused):
        record(org.people["agri", "handler"])  # not of the village's liaison team
    assert not WeeklyConsultation.objects.exists()
    record(org.leaders["li"].user)  # the area chief may own it
    assert ConsultationItem.objects.get().action_owner == org.leaders["li"].user


def test_a_village_consultation_lists_only_the_villages_cases_the_person_may_see(org, village_case):
    from mediation.selectors.consultation import consultation_agenda

    elsewhere = routed_case(lead=org.units["east"], received_at=NOW - timedelta(days=1))  # no village
    agenda = consultation_agenda(org.people["east", "head"], org.village, today=NOW.date())
    assert [a.case for a in agenda] == [village_case]
    assert elsewhere not in [a.case for a in agenda]
    assert consultation_agenda(org.people["agri", "head"], org.village, today=NOW.date()) == []


def test_a_villages_minutes_never_name_a_complaint_to_the_unit_it_is_about(client, org, village_case):
    from django.urls import reverse

    complaint = routed_case(
        lead=org.units["discipline"],
        kind="conduct",
        is_conduct_complaint=True,
        accused_units=[org.units["east"]],
        village=org.village,
        received_at=NOW - timedelta(days=1),
        request="反映联村干部作风问题。",
    )
    services.weekly_consultation_record(
        village=org.village,
        actor=org.director.user,
        held_on=NOW.date(),
        place="村委会",
        other_attendees="村支书",
        items=[ItemInput(village_case, "本周内修复。"), ItemInput(complaint, "移交纪工委核查。")],
        now=NOW,
    )
    url = reverse("mediation:village-consultation", args=[org.village.code])
    client.force_login(org.people["east", "head"])
    page = client.get(url).content.decode()
    assert village_case.display_code in page
    assert complaint.display_code not in page
    assert "移交纪工委核查" not in page
    client.force_login(org.director.user)
    assert complaint.display_code in client.get(url).content.decode()
