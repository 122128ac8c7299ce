"""The governance routes from every role's side, on a governance case (the permission matrix's
cases are petitions and complaints): whoever may not see the case gets a 404 (a sign-in when
anonymous), never its code or text, and changes nothing."""

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from cases.models import CaseEvent
from cases.selectors import case_list_for_user
from governance.services import IncidentInput, incident_dispatch, incident_report
from tests.mediation import matrix

pytestmark = pytest.mark.django_db
ROUTES = sorted(name for name in matrix.CALLS if name.startswith("governance:"))
MARKER = "综治保密矩阵戊5Q"


def _roles(gov) -> dict:
    roles = {"anonymous": None, "outsider": gov.outsider, "director": gov.director.user}
    roles |= {f"{unit}.{role}": user for (unit, role), user in gov.people.items()}
    roles |= {f"leader.{name}": leader.user for name, leader in gov.leaders.items()}
    roles |= {"grid.other": gov.grid2.user}
    return roles


@pytest.mark.parametrize("dispatched", [False, True])
def test_governance_routes_answer_only_who_may_see_the_case(gov, dispatched):
    data = IncidentInput(gov.village, "东路12号", gov.category, "high", f"{MARKER} 路灯损坏。")
    case = incident_report(actor=gov.grid.user, data=data).case
    if dispatched:
        incident_dispatch(case=case, actor=gov.people["gov", "handler"], unit=gov.units["agri"])
    problems, sent = [], 0
    for role, user in _roles(gov).items():
        sees = user is not None and case_list_for_user(user).filter(pk=case.pk).exists()
        client = Client()
        if user is not None:
            client.force_login(user)
        ctx = SimpleNamespace(any_unit=gov.units["legal"].pk, own_units=[])
        for name in ROUTES:
            call = matrix.CALLS[name]
            if sees and not call.is_read:
                continue
            for kwargs in call.fills(ctx, case):
                url = reverse(name, kwargs=kwargs) if kwargs else reverse(name)
                before = (CaseEvent.objects.filter(case=case).count(), type(case).objects.get(pk=case.pk).status)
                response = client.post(url, call.data(ctx, case)) if call.method == "post" else client.get(url)
                sent += 1
                where = f"{role} {call.method.upper()} {url}"
                body = response.content.decode(errors="replace").replace(escape(url), "").replace(url, "")
                if response.status_code >= 500:
                    problems.append(f"{where}: {response.status_code}")
                if sees:
                    continue
                leaked = [n for n in (case.tracking_code, case.display_code, MARKER) if n in body]
                if leaked:
                    problems.append(f"{where}: leaked {leaked}")
                after = (CaseEvent.objects.filter(case=case).count(), type(case).objects.get(pk=case.pk).status)
                if after != before:
                    problems.append(f"{where}: changed the case")
                if kwargs.get("code"):
                    expected = 302 if user is None else 404
                    if response.status_code != expected:
                        problems.append(f"{where}: {response.status_code}, expected {expected}")
    assert problems == []
    assert sent > 100
