"""November 2026 at a small center, step by step (Beijing time); the figures it must give are in
the tests. 2026-11-01 is a Sunday."""

from datetime import date
from types import SimpleNamespace

from cases.models import CaseKind, ProxyHandling
from cases.rules import status as st
from departments.models import ProxyAgent
from tests.factories import UserFactory
from tests.mediation.factories import routed_case
from tests.stats.history import bj, clock, extension, first_contact, follow_up, step

TODAY = date(2026, 11, 30)


def november(org) -> SimpleNamespace:
    agri, urban, discipline = org.units["agri"], org.units["urban"], org.units["discipline"]
    worker = org.people[("agri", "handler")]
    village = org.village
    proxy_user = UserFactory(username="proxy.tangjiao")
    agent = ProxyAgent.objects.create(user=proxy_user, village=village)

    # A: in and out within the month; replied a day late, first call on time, satisfied.
    a = routed_case(lead=agri, status=st.FOLLOW_UP_DONE, received_at=bj(2026, 11, 2), village=village)
    step(a, "assignment_signed", bj(2026, 11, 2, 11))
    first_contact(a, bj(2026, 11, 3, 9), worker)
    clock(a, "first_contact", date(2026, 11, 3), met_at=bj(2026, 11, 3, 9))
    step(a, "reply_delivered", bj(2026, 11, 10))
    clock(a, "reply", date(2026, 11, 9), met_at=bj(2026, 11, 10))
    follow_up(a, bj(2026, 11, 12), "satisfied", worker)

    # B: received at 23:30 on 31 October, signed out ten minutes past midnight (November);
    # answered, found unsatisfying, reopened, answered again, basically satisfied.
    b = routed_case(lead=agri, status=st.FOLLOW_UP_DONE, received_at=bj(2026, 10, 31, 23, 30), village=village)
    step(b, "assignment_signed", bj(2026, 11, 1, 0, 10))
    step(b, "reply_delivered", bj(2026, 11, 5))
    clock(b, "reply", date(2026, 11, 6), met_at=bj(2026, 11, 5))
    follow_up(b, bj(2026, 11, 6), "unsatisfied", worker)
    step(b, "reopened", bj(2026, 11, 7))
    step(b, "assignment_signed", bj(2026, 11, 8))
    step(b, "reply_delivered", bj(2026, 11, 20))
    follow_up(b, bj(2026, 11, 25), "basically", worker)

    # C: received at midnight sharp on 1 November: repeat, collective, skip-level, extreme;
    # the first call never made (late), the reply clock extended into December.
    c = routed_case(
        lead=urban,
        status=st.IN_PROGRESS,
        received_at=bj(2026, 11, 1, 0, 0),
        village=village,
        repeat_count=3,
        group_size=6,
        skip_level=True,
        extreme_behaviour=True,
    )
    clock(c, "first_contact", date(2026, 11, 2))
    extension(c, bj(2026, 11, 10), worker, approved=True, due_before=date(2026, 11, 20))
    clock(c, "reply", date(2026, 12, 4))

    # D: the last second of November, carried by a proxy agent.
    d = routed_case(lead=urban, received_at=bj(2026, 11, 30, 23, 59))
    ProxyHandling.objects.create(
        case=d,
        agent=agent,
        requested_via=ProxyHandling.Via.DESK,
        consent="当面签署代办委托书",
        consent_at=bj(2026, 11, 30, 23, 59),
        assigned_at=bj(2026, 11, 30, 23, 59),
    )
    # E: the first instant of December.
    e = routed_case(lead=urban, received_at=bj(2026, 12, 1, 0, 0))

    # F: a complaint about the agriculture office's conduct, led by the discipline office.
    f = routed_case(
        lead=discipline,
        kind=CaseKind.CONDUCT,
        status=st.FOLLOW_UP_DONE,
        is_conduct_complaint=True,
        accused_units=[agri],
        received_at=bj(2026, 11, 15),
        village=village,
    )
    first_contact(f, bj(2026, 11, 18), org.people[("discipline", "handler")])
    step(f, "reply_delivered", bj(2026, 11, 20))
    follow_up(f, bj(2026, 11, 21), "unsatisfied", worker)

    # G: withdrawn.
    g = routed_case(lead=agri, status=st.WITHDRAWN, received_at=bj(2026, 11, 16), village=village)
    return SimpleNamespace(a=a, b=b, c=c, d=d, e=e, f=f, g=g)
