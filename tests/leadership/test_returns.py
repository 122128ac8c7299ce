"""Return missions from every side: the right people, another unit, anonymous; the steps in order;
the case becomes leader-led; a repeat is flagged; a conduct complaint's mission never reaches the accused."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser

from cases.errors import ActionRefused, CaseNotFound, Conflict, NotAllowed
from cases.models import CaseEvent, Routing
from leadership import selectors
from leadership.models import ReturnMission
from leadership.rules import returns as rr
from leadership.services import (
    TeamMemberInput,
    return_mission_call_off,
    return_mission_dispatch,
    return_mission_interview,
    return_mission_open,
    return_mission_return,
    return_team_set,
)
from mediation.models import Notification, WarningSlip
from tests.mediation.factories import routed_case

pytestmark = pytest.mark.django_db


def agri_case(org, **fields):
    fields.setdefault("village", org.village)
    fields.setdefault("received_at", fields.pop("at", None))
    return routed_case(lead=org.units["agri"], request="土地流转补偿款至今未发放。", **fields)


def opened(org, case, now, actor=None, **kwargs):
    kwargs.setdefault("level", "beijing")
    kwargs.setdefault("location", "国家信访局来访接待司")
    kwargs.setdefault("requested_by", "区信访局值班室")
    kwargs.setdefault("requested_at", now - timedelta(hours=3))
    return return_mission_open(case=case, actor=actor or org.people["petition", "clerk"], now=now, **kwargs)


def full_team(org):
    return [
        TeamMemberInput(rr.TEAM_LIAISON, user=org.people["east", "handler"]),
        TeamMemberInput(rr.TEAM_VILLAGE, name="塘角村 村支书"),
        TeamMemberInput(rr.TEAM_LINE_OFFICE, user=org.people["agri", "handler"]),
        TeamMemberInput(rr.TEAM_POLICE, name="沥海派出所 民警张某"),
    ]


def test_petition_office_opens_a_mission_and_the_case_becomes_leader_led(org, now):
    case = agri_case(org, at=now - timedelta(days=2))
    mission = opened(org, case, now)
    assert mission.stage == rr.OPENED
    assert mission.chief == org.leaders["li"]  # chief of the east area (片长)
    assert list(mission.team.values_list("role", "user__username")) == [(rr.TEAM_AREA_CHIEF, "leader.li")]
    case.refresh_from_db()
    routing = Routing.objects.get(case=case)
    assert case.skip_level
    assert routing.leader_led
    assert routing.owner_id is not None
    kinds = set(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert {"return_requested", "escalation_recorded", "leader_led"} <= kinds
    assert WarningSlip.objects.filter(case=case).exists()


@pytest.mark.parametrize(
    ("who", "error"),
    [
        ("urban.handler", CaseNotFound),  # another unit: the case does not exist for them
        ("outsider", CaseNotFound),
        ("agri.handler", NotAllowed),  # sees the case, but does not open returns
        ("anonymous", CaseNotFound),
    ],
)
def test_others_cannot_open_a_mission(org, now, who, error):
    case = agri_case(org, at=now - timedelta(days=2))
    users = {
        "urban.handler": org.people["urban", "handler"],
        "agri.handler": org.people["agri", "handler"],
        "outsider": org.outsider,
        "anonymous": AnonymousUser(),
    }
    with pytest.raises(error):
        opened(org, case, now, actor=users[who])
    assert not ReturnMission.objects.exists()
    case.refresh_from_db()
    assert not case.skip_level


@pytest.mark.parametrize(
    ("field", "value"),
    [("level", "moon"), ("location", "  "), ("requested_by", ""), ("requested_at", None)],
)
def test_bad_input_stores_nothing(org, now, field, value):
    case = agri_case(org, at=now - timedelta(days=2))
    with pytest.raises(ActionRefused):
        opened(org, case, now, **{field: value})
    assert not ReturnMission.objects.exists()
    assert not CaseEvent.objects.filter(case=case, kind="return_requested").exists()


def test_one_mission_at_a_time_and_the_future_is_refused(org, now):
    case = agri_case(org, at=now - timedelta(days=2))
    with pytest.raises(ActionRefused):
        opened(org, case, now, requested_at=now + timedelta(hours=1))
    opened(org, case, now)
    with pytest.raises(Conflict):
        opened(org, case, now)


def test_the_chief_runs_the_mission_from_team_to_interview(org, now):
    case = agri_case(org, at=now - timedelta(days=2))
    mission = opened(org, case, now - timedelta(hours=2))
    li = org.leaders["li"].user
    with pytest.raises(ActionRefused) as refused:
        return_mission_dispatch(mission=mission, actor=li, dispatched_at=now - timedelta(minutes=100), now=now)
    assert refused.value.code == rr.REFUSED_TEAM
    return_team_set(mission=mission, actor=li, members=full_team(org), now=now)
    mission = return_mission_dispatch(mission=mission, actor=li, dispatched_at=now - timedelta(minutes=100), now=now)
    assert mission.stage == rr.DISPATCHED
    with pytest.raises(ActionRefused):  # back before leaving
        return_mission_return(
            mission=mission, actor=li, returned_at=now - timedelta(hours=3), place="街道", note="x", now=now
        )
    mission = return_mission_return(
        mission=mission,
        actor=li,
        returned_at=now - timedelta(minutes=30),
        place="沥海街道信访接待室",
        note="劝返成功",
        now=now,
    )
    with pytest.raises(ActionRefused) as no_police:
        return_mission_interview(
            mission=mission, actor=li, kind="legal_talk", held_at=now - timedelta(minutes=10), police=" ", note="谈话"
        )
    assert no_police.value.code == rr.REFUSED_POLICE
    mission = return_mission_interview(
        mission=mission,
        actor=li,
        kind="legal_talk",
        held_at=now - timedelta(minutes=10),
        police="沥海派出所 民警张某",
        note="法制谈话，讲明越级上访的法律后果。",
        now=now,
    )
    assert mission.stage == rr.INTERVIEWED
    assert mission.interview_prompt is True
    kinds = list(CaseEvent.objects.filter(case=case, kind__startswith="return_").values_list("kind", flat=True))
    assert kinds == ["return_requested", "return_team_set", "return_dispatched", "return_completed", "return_interview"]
    with pytest.raises(Conflict):
        return_mission_call_off(mission=mission, actor=li, reason="x", now=now)


def test_the_team_members_who_are_users_are_told_once(org, now):
    case = agri_case(org, at=now - timedelta(days=2))
    mission = opened(org, case, now - timedelta(hours=2))
    li = org.leaders["li"].user
    return_team_set(mission=mission, actor=li, members=full_team(org), now=now)
    told = Notification.objects.filter(kind="return_team_named")
    assert set(told.values_list("user_id", flat=True)) == {
        org.people["east", "handler"].pk,
        org.people["agri", "handler"].pk,
    }  # the named outsiders are no users; the chief who named the team needs no message
    assert "国家信访局来访接待司" in told.first().message
    return_team_set(mission=mission, actor=li, members=full_team(org), now=now)  # named again
    assert told.count() == 2


@pytest.mark.parametrize("who", ["leader.zhang", "urban.handler", "agri.handler", "petition.clerk"])
def test_only_the_chief_or_the_director_records_the_steps(org, now, who):
    case = agri_case(org, at=now - timedelta(days=2))
    mission = opened(org, case, now - timedelta(hours=2))
    users = {
        "leader.zhang": org.leaders["zhang"].user,
        "urban.handler": org.people["urban", "handler"],
        "agri.handler": org.people["agri", "handler"],
        "petition.clerk": org.people["petition", "clerk"],
    }
    with pytest.raises((NotAllowed, CaseNotFound)):
        return_team_set(mission=mission, actor=users[who], members=full_team(org), now=now)
    with pytest.raises(CaseNotFound):
        return_mission_call_off(mission=mission, actor=AnonymousUser(), reason="x", now=now)
    return_mission_call_off(mission=mission, actor=org.director.user, reason="信访人已自行返回。", now=now)
    assert ReturnMission.objects.get().stage == rr.CALLED_OFF


def test_the_area_chief_leads_a_return_on_a_case_he_may_not_open(org, now):
    """A line office he does not supervise leads the case: the chief sees the mission, not the case page."""
    case = routed_case(lead=org.units["urban"], village=org.village, received_at=now - timedelta(days=2))
    li = org.leaders["li"].user
    with pytest.raises(CaseNotFound):
        opened(org, case, now, actor=li)
    mission = opened(org, case, now - timedelta(hours=2))
    assert mission.chief == org.leaders["li"]
    assert selectors.mission_list_for_user(li).filter(pk=mission.pk).exists()
    team = [m for m in full_team(org) if m.role != rr.TEAM_LINE_OFFICE]
    return_team_set(mission=mission, actor=li, members=team, now=now)
    with pytest.raises(ActionRefused) as refused:  # the urban office has the matter: its cadre is missing
        return_mission_dispatch(mission=mission, actor=li, dispatched_at=now - timedelta(minutes=5), now=now)
    assert refused.value.code == rr.REFUSED_TEAM
    team.append(TeamMemberInput(rr.TEAM_LINE_OFFICE, user=org.people["urban", "handler"]))
    return_team_set(mission=mission, actor=li, members=team, now=now)
    mission = return_mission_dispatch(mission=mission, actor=li, dispatched_at=now - timedelta(minutes=5), now=now)
    assert mission.stage == rr.DISPATCHED


def test_a_second_return_of_the_same_petitioner_is_flagged(org, now):
    first = agri_case(org, at=now - timedelta(days=30), phone="13900000001")
    mission = opened(org, first, now - timedelta(days=20))
    return_mission_call_off(mission=mission, actor=org.director.user, reason="自行返回", now=now - timedelta(days=19))
    second = agri_case(org, at=now - timedelta(days=2), phone="13900000001")
    again = opened(org, second, now)
    assert again.repeat_of == mission
    assert list(selectors.earlier_missions(second, user=org.director.user)) == [again, mission]
    assert list(selectors.earlier_missions(second, user=org.people["urban", "handler"])) == []


def test_a_conduct_complaints_mission_never_reaches_the_accused(org, now):
    case = routed_case(
        lead=org.units["discipline"],
        kind="conduct",
        is_conduct_complaint=True,
        accused_units=[org.units["agri"]],
        village=org.village,
        received_at=now - timedelta(days=2),
    )
    clerk = org.people["discipline", "clerk"]
    with pytest.raises(ActionRefused):  # the east area's chief supervises the accused office
        opened(org, case, now, actor=clerk)
    with pytest.raises(CaseNotFound):  # the petition office never sees a conduct complaint
        opened(org, case, now)
    mission = opened(org, case, now - timedelta(hours=2), actor=clerk, chief=org.leaders["chen"])
    chen = org.leaders["chen"].user
    team = [*full_team(org), TeamMemberInput(rr.TEAM_VILLAGE, user=org.people["agri", "head"])]
    return_team_set(mission=mission, actor=chen, members=team, now=now)
    may = {"director": org.director.user, "discipline.clerk": clerk, "leader.chen": chen}
    may_not = {
        "agri.handler (on the team)": org.people["agri", "handler"],
        "agri.head (on the team)": org.people["agri", "head"],
        "leader.li": org.leaders["li"].user,
        "petition.clerk": org.people["petition", "clerk"],
        "east.handler (on the team)": org.people["east", "handler"],
        "outsider": org.outsider,
    }
    for name, user in may.items():
        assert selectors.mission_list_for_user(user).filter(pk=mission.pk).exists(), name
    for name, user in may_not.items():
        assert not selectors.mission_list_for_user(user).exists(), name
        assert not selectors.earlier_missions(case, user=user).exists(), name
    with pytest.raises(CaseNotFound):
        return_mission_call_off(mission=mission, actor=org.people["agri", "head"], reason="x", now=now)
    told = set(Notification.objects.filter(kind="return_team_named").values_list("user_id", flat=True))
    assert told.isdisjoint(u.pk for u in may_not.values())  # on the team, yet never told of the complaint
