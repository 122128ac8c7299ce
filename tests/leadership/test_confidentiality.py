"""The leadership routes from every role's side, on a return mission and a reception entry about a
conduct complaint: whoever may not see them (the accused office, its supervising leader, the petition
office, other units, anonymous) gets no code, no text, and changes nothing."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from cases.models import CaseEvent
from leadership import selectors
from leadership.models import ReturnMission
from leadership.services import reception_visit_record, return_mission_open
from lobby.models import DutyRoster
from tests.mediation import matrix
from tests.mediation.factories import routed_case

pytestmark = pytest.mark.django_db
ROUTES = sorted(name for name in matrix.CALLS if name.startswith("leadership:"))
MARKER = "劝返保密矩阵己7K"


def _roles(org) -> dict:
    roles = {"anonymous": None, "outsider": org.outsider, "director": org.director.user}
    roles |= {f"{unit}.{role}": user for (unit, role), user in org.people.items()}
    roles |= {f"leader.{name}": leader.user for name, leader in org.leaders.items()}
    return roles


def test_leadership_routes_tell_nothing_to_who_may_not_see(org):
    now = timezone.now()
    DutyRoster.objects.create(date=timezone.localdate(), leader=org.leaders["chen"])
    case = routed_case(
        lead=org.units["discipline"],
        kind="conduct",
        is_conduct_complaint=True,
        accused_units=[org.units["agri"]],
        village=org.village,
        received_at=now - timedelta(days=2),
        request=f"{MARKER} 反映农业农村办干部作风问题。",
    )
    mission = return_mission_open(
        case=case,
        actor=org.people["discipline", "clerk"],
        level="beijing",
        location=f"{MARKER} 国家信访局",
        requested_by="区信访局",
        requested_at=now - timedelta(hours=1),
        chief=org.leaders["chen"],
    )
    reception_visit_record(
        actor=org.director.user,
        visitors=f"{MARKER} 来访人",
        visitor_count=1,
        request=MARKER,
        case_code=case.tracking_code,
    )
    problems, sent, hidden_from = [], 0, []
    for role, user in _roles(org).items():
        sees = user is not None and selectors.mission_list_for_user(user).filter(pk=mission.pk).exists()
        if not sees:
            hidden_from.append(role)
        client = Client()
        if user is not None:
            client.force_login(user)
        ctx = SimpleNamespace(any_unit=org.units["legal"].pk, own_units=[])
        for name in ROUTES:
            call = matrix.CALLS[name]
            if sees and not call.is_read:
                continue
            for kwargs in call.fills(ctx, case):
                url = reverse(name, kwargs=kwargs) if kwargs else reverse(name)
                before = (CaseEvent.objects.filter(case=case).count(), ReturnMission.objects.get().stage)
                data = call.data(ctx, case) if call.data else {}
                response = client.post(url, data) if call.method == "post" else client.get(url)
                sent += 1
                where = f"{role} {call.method.upper()} {url}"
                if response.status_code >= 500:
                    problems.append(f"{where}: {response.status_code}")
                if sees:
                    continue
                body = response.content.decode(errors="replace").replace(escape(url), "").replace(url, "")
                leaked = [n for n in (case.tracking_code, case.display_code, MARKER) if n in body]
                if leaked:
                    problems.append(f"{where}: leaked {leaked}")
                if (CaseEvent.objects.filter(case=case).count(), ReturnMission.objects.get().stage) != before:
                    problems.append(f"{where}: changed the case")
                if kwargs and response.status_code != (302 if user is None else 404):
                    problems.append(f"{where}: {response.status_code}")
    assert problems == []
    assert {"agri.handler", "agri.head", "agri.clerk", "leader.li", "petition.clerk", "anonymous"} <= set(hidden_from)
    assert "director" not in hidden_from
    assert sent > 100
