"""Who reads which figures, and a conduct complaint about a unit moves no figure that unit can see.

The matrix: every reader's figures (every dimension, the month, the quarter and the year, the
clocks, the days, the trend) and their page are taken with the complaint and again once it is
gone; they must be the same for the unit complained about, its members and the leaders answerable
for it, and must differ for those who handle complaints.
"""

import re

import pytest
from django.test import Client

from cases.models import CaseKind
from cases.rules import status as st
from stats.dimensions import DIMENSIONS
from stats.rules.periods import period_parse, trend_window
from stats.scope import stats_scope_for
from stats.selectors.breakdown import figures_by
from stats.selectors.trend import trend
from tests.mediation.factories import routed_case
from tests.stats.history import bj, clock, follow_up, step
from tests.stats.scenario import TODAY, november

PERIODS = [period_parse(code) for code in ("2026-11", "2026-Q4", "2026")]
TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+"')

# reader → whether the complaints about the agriculture office move their figures
MATRIX = {
    ("director", None): True,
    ("discipline", "head"): True,
    ("discipline", "handler"): True,  # the discipline office oversees the whole center
    ("leader", "chen"): True,  # supervises the discipline office, not the agriculture office
    ("leader", "zhang"): True,  # supervises the urban office, which leads the second complaint
    ("agri", "head"): False,
    ("agri", "handler"): False,
    ("leader", "li"): False,  # supervises the agriculture office, chief of its area
    ("urban", "head"): False,  # leads the second complaint, but a conduct complaint is not the unit's
    ("petition", "head"): False,
}


def _user(org, who):
    group, name = who
    if group == "director":
        return org.director.user
    if group == "leader":
        return org.leaders[name].user
    return org.people[(group, name)]


def _snapshot(user):
    scope = stats_scope_for(user)
    if scope is None:
        return None
    seen = []
    for period in PERIODS:
        for dimension in DIMENSIONS:
            breakdown = figures_by(scope, period, dimension, today=TODAY)
            for row in [*breakdown.rows, breakdown.total]:
                clocks = {clock: dict(states) for clock, states in row.clocks.items()}
                seen.append((period.code, dimension.code, row.key, dict(row.counts), clocks, row.contact, row.reply))
        seen.append([(m.label, m.counts) for m in trend(scope, trend_window(period), today=TODAY)])
    return seen


def _page(user):
    client = Client()
    client.force_login(user)
    html = client.get("/staff/stats/", {"period": "2026-11"}).content.decode()
    return TOKEN.sub(r'\1"', html)


def _complaints(org):
    agri = org.units["agri"]
    worker = org.people[("discipline", "handler")]
    second = routed_case(
        lead=org.units["urban"],
        kind=CaseKind.POLICY,
        status=st.REPLIED,
        is_conduct_complaint=True,
        accused_units=[agri],
        received_at=bj(2026, 11, 4),
        village=org.village,
    )
    clock(second, "reply", bj(2026, 11, 9).date(), met_at=bj(2026, 11, 20))
    step(second, "reply_delivered", bj(2026, 11, 20))
    follow_up(second, bj(2026, 11, 22), "unsatisfied", worker)
    # Led where the unit's own standing would reach it: by the liaison team of the area whose chief
    # supervises the agriculture office, and (misrouted) by the agriculture office itself.
    others = [
        routed_case(
            lead=org.units[lead],
            kind=kind,
            status=st.IN_PROGRESS,
            is_conduct_complaint=True,
            accused_units=[agri],
            received_at=bj(2026, 11, 6),
            village=org.village,
            owner=org.leaders["li"],
        )
        for lead, kind in (("east", CaseKind.EXECUTION), ("agri", CaseKind.POLICY))
    ]
    for case in others:
        clock(case, "first_contact", bj(2026, 11, 9).date())
    return [second, *others]


@pytest.mark.django_db
def test_a_complaint_about_a_unit_moves_no_figure_that_unit_can_see(org):
    story = november(org)
    complaints = _complaints(org)
    users = {who: _user(org, who) for who in MATRIX}
    with_complaints = {who: _snapshot(user) for who, user in users.items()}
    pages = {who: _page(user) for who, user in users.items() if with_complaints[who] is not None}
    story.f.delete()
    for case in complaints:
        case.delete()
    for who, user in users.items():
        without = _snapshot(user)
        if MATRIX[who]:
            assert with_complaints[who] != without, who
        else:
            assert with_complaints[who] == without, who
            if without is not None:
                assert pages[who] == _page(user), who


@pytest.mark.django_db
def test_who_reads_statistics(org):
    november(org)
    assert stats_scope_for(org.people[("agri", "handler")]) is None
    assert stats_scope_for(org.people[("petition", "clerk")]) is None
    assert stats_scope_for(org.outsider) is None
    assert stats_scope_for(org.director.user).whole_center
    assert stats_scope_for(org.people[("discipline", "handler")]).whole_center
    head = stats_scope_for(org.people[("agri", "head")])
    assert not head.whole_center
    total = figures_by(head, PERIODS[0], DIMENSIONS[0], today=TODAY).total
    assert (total.counts["received"], total.counts["replied"]) == (2, 2)  # A and G; A and B
    assert total.satisfaction_rate == 1  # F's dissatisfaction is not the unit's to see


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["agri.handler", "petition.clerk", "outsider"])
def test_pages_refuse_those_who_read_no_statistics(org, who):
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username=who))
    assert client.get("/staff/stats/").status_code == 403
    assert client.get("/staff/stats/cases/", {"period": "2026-11", "measure": "received"}).status_code == 403


@pytest.mark.django_db
def test_pages_send_anonymous_visitors_to_sign_in(client):
    response = client.get("/staff/stats/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]
