"""An anonymous report has nobody to phone: no first-call clock (一问) runs for it, and its reply is
drafted and submitted without a first call on record; everything else runs as for any case."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.hashers import make_password

from cases.models import Case
from cases.rules import status as st
from mediation import services
from mediation.calendar_source import official_calendar
from mediation.models import CaseClock
from mediation.rules import reopening
from mediation.rules.deadlines import CaseClockFacts, compute_deadlines
from mediation.services.clocks import case_clocks_refresh
from tests.mediation.factories import routed_case

SH = ZoneInfo("Asia/Shanghai")
SECTIONS = {
    "understood_request": "您举报村垃圾清运费被挪作他用。",
    "facts": "经查阅账目，清运费收支已补充公开。",
    "basis": "依据《村务公开条例》相关规定。",
    "decision": "责令村委会按季度公开清运费收支。",
    "remedies": reopening.DEFAULT_REMEDIES,
}


def test_no_first_call_clock_when_there_is_nobody_to_phone():
    facts = CaseClockFacts(
        channel="online", service="complaint", received_on=date(2026, 9, 23), assigned_on=date(2026, 9, 30)
    )
    named = compute_deadlines(facts, official_calendar())
    anonymous = compute_deadlines(
        CaseClockFacts(**{**{f: getattr(facts, f) for f in facts.__slots__}, "contactable": False}),
        official_calendar(),
    )
    assert "first_contact" in named
    assert set(anonymous) == set(named) - {"first_contact"}
    assert anonymous["reply"] == named["reply"]


@pytest.fixture
def anonymous(org):
    case = routed_case(
        lead=org.units["agri"],
        service="complaint",
        channel="online",
        received_at=datetime(2026, 9, 23, 10, tzinfo=SH),
        assigned_at=datetime(2026, 9, 30, 10, tzinfo=SH),
        status=st.IN_PROGRESS,
        picked_by=org.people["agri", "handler"],
    )
    case.petitioners.all().delete()
    Case.objects.filter(pk=case.pk).update(is_anonymous=True, passphrase_hash=make_password("river-bank-2026"))
    case.refresh_from_db()
    return case


@pytest.mark.django_db
def test_an_anonymous_report_runs_no_first_call_clock(anonymous):
    case_clocks_refresh(anonymous, datetime(2026, 9, 30, 11, tzinfo=SH))
    assert set(CaseClock.objects.filter(case=anonymous).values_list("clock", flat=True)) == {"reply", "accept"}


@pytest.mark.django_db
def test_an_anonymous_report_is_answered_without_a_first_call(org, anonymous):
    handler = org.people["agri", "handler"]
    services.case_reply_draft(case=anonymous, actor=handler, sections=SECTIONS)
    services.case_reply_submit(case=anonymous, actor=handler)
    assert Case.objects.get(pk=anonymous.pk).status == st.AWAITING_SIGNOFF


@pytest.mark.django_db
def test_a_named_report_still_needs_the_first_call(org):
    from cases.errors import ActionRefused

    handler = org.people["agri", "handler"]
    case = routed_case(lead=org.units["agri"], service="complaint", status=st.IN_PROGRESS, picked_by=handler)
    with pytest.raises(ActionRefused) as refused:
        services.case_reply_draft(case=case, actor=handler, sections=SECTIONS)
    assert refused.value.code == "no_first_contact"
