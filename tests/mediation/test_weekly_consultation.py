"""Issue 17: 每周一会商. A unit's agenda comes from its cases; the minutes put each decision on the case,
each action on its owner's list; the director sees the weeks a unit skipped."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.errors import ActionRefused, CaseNotFound, Conflict, NotAllowed
from cases.models import CaseEvent
from cases.permissions import viewer_for
from cases.rules import status as st
from mediation import services
from mediation.models import ConsultationItem, Notification, WeeklyConsultation
from mediation.rules import consultation as rules
from mediation.selectors.consultation import consultation_agenda, consultation_gaps, working_weeks
from mediation.selectors.todo import todo_counts
from mediation.services.consultation import ItemInput
from tests.mediation.factories import routed_case

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


# --- the pure rules -----------------------------------------------------------------------------


def test_the_week_starts_on_monday():
    assert rules.week_start(date(2026, 11, 29)) == date(2026, 11, 23)  # a Sunday
    assert rules.week_start(date(2026, 11, 23)) == date(2026, 11, 23)


@pytest.mark.parametrize(
    ("kwargs", "reasons"),
    [
        (
            {"overdue": True, "escalated": True, "assigned_on": date(2026, 11, 20), "since": None},
            ("late", "escalated", "new"),
        ),
        (
            {"overdue": False, "escalated": False, "assigned_on": date(2026, 11, 20), "since": date(2026, 11, 20)},
            ("open",),
        ),
        (
            {"overdue": False, "escalated": False, "assigned_on": date(2026, 11, 21), "since": date(2026, 11, 20)},
            ("new",),
        ),
        ({"overdue": False, "escalated": False, "assigned_on": None, "since": None}, ("open",)),
    ],
)
def test_why_a_case_is_on_the_agenda(kwargs, reasons):
    assert rules.agenda_reasons(**kwargs) == reasons


def test_weeks_skipped_are_past_working_weeks_without_a_meeting():
    weeks = [date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16), date(2026, 11, 23)]
    held = [date(2026, 11, 11)]  # a Wednesday of the week of 11-09
    skipped = rules.weeks_skipped(held, working_weeks=weeks, this_week=date(2026, 11, 23))
    assert skipped == [date(2026, 11, 2), date(2026, 11, 16)]


def test_a_week_of_holidays_asks_for_no_consultation():
    # 2026: the National Day holiday runs Oct 1-7; Mon Oct 5 to Wed Oct 7 are holidays, Thu and Fri
    # too, and the adjusted working day falls on Saturday Oct 10 — the calendar says which weeks
    # had a working day. A week of holidays only is never asked for.
    from mediation.calendar import work_calendar

    calendar = work_calendar()
    weeks = working_weeks(this_week=date(2026, 10, 12), weeks=2)
    for monday in (date(2026, 9, 28), date(2026, 10, 5)):
        has_work = any(calendar.is_working_day(monday + timedelta(days=d)) for d in range(7))
        assert (monday in weeks) is has_work
    assert all(w.weekday() == 0 for w in weeks)


# --- the services -------------------------------------------------------------------------------


@pytest.fixture
def cases(org):
    now = timezone.now()
    late = routed_case(
        lead=org.units["agri"], status=st.IN_PROGRESS, picked_by=org.people["agri", "handler"], repeat_count=3
    )
    new = routed_case(lead=org.units["agri"], assigned_at=now)
    other = routed_case(lead=org.units["urban"])
    closed = routed_case(lead=org.units["agri"], status=st.CLOSED)
    return {"late": late, "new": new, "other": other, "closed": closed}


def test_the_agenda_holds_the_units_open_cases_escalated_first(org, cases):
    agenda = consultation_agenda(org.people["agri", "head"], org.units["agri"], today=timezone.localdate())
    assert [a.case for a in agenda] == [cases["late"], cases["new"]]
    assert "escalated" in agenda[0].reasons
    assert agenda[1].reasons == ("new",)


def test_the_head_records_the_minutes_and_each_decision_reaches_the_case_and_its_owner(org, cases):
    head, handler = org.people["agri", "head"], org.people["agri", "handler"]
    today = timezone.localdate()
    consultation = services.weekly_consultation_record(
        unit=org.units["agri"],
        actor=head,
        held_on=today,
        place="农业农村办会议室",
        attendees=[head, handler],
        items=[
            ItemInput(cases["late"], "下周由分管领导约访。", "联系信访人约访", handler, today + timedelta(days=3)),
            ItemInput(cases["new"], "按期办理。"),
        ],
    )
    assert consultation.week == rules.week_start(today)
    rows = list(ConsultationItem.objects.filter(consultation=consultation).order_by("pk"))
    assert [r.case for r in rows] == [cases["late"], cases["new"]]
    assert "escalated" in rows[0].reasons
    assert CaseEvent.objects.filter(case=cases["late"], kind="consultation_decision").count() == 1
    assert Notification.objects.filter(user=handler, kind="consultation_action", case=cases["late"]).exists()
    lists = {t.todo.key: t.count for t in todo_counts(handler)}
    assert lists["consultation_actions"] == 1

    services.consultation_action_done(item=rows[0], actor=handler)
    assert {t.todo.key: t.count for t in todo_counts(handler)}["consultation_actions"] == 0
    with pytest.raises(Conflict):
        services.consultation_action_done(item=rows[0], actor=handler)

    with pytest.raises(Conflict) as twice:
        services.weekly_consultation_record(
            unit=org.units["agri"],
            actor=head,
            held_on=today,
            place="x",
            attendees=[head],
            items=[ItemInput(cases["new"], "再议")],
        )
    assert twice.value.code == "week"


def test_bad_minutes_are_refused_and_store_nothing(org, cases):
    head, handler = org.people["agri", "head"], org.people["agri", "handler"]
    today = timezone.localdate()
    common = {"unit": org.units["agri"], "held_on": today, "place": "会议室", "attendees": [head]}
    bad = [
        ({"items": []}, ActionRefused, "items"),
        ({"items": [ItemInput(cases["late"], " ")]}, ActionRefused, "decision"),
        ({"items": [ItemInput(cases["late"], "议", "约访")]}, ActionRefused, "action"),
        (
            {"items": [ItemInput(cases["late"], "议", "约访", org.people["urban", "handler"], today)]},
            ActionRefused,
            "owner",
        ),
        (
            {"items": [ItemInput(cases["late"], "议", "约访", handler, today - timedelta(days=1))]},
            ActionRefused,
            "due_on",
        ),
        ({"items": [ItemInput(cases["other"], "议")]}, CaseNotFound, None),
        ({"items": [ItemInput(cases["closed"], "议")]}, CaseNotFound, None),
        ({"items": [ItemInput(cases["late"], "议"), ItemInput(cases["late"], "议")]}, ActionRefused, "items"),
    ]
    for kwargs, error, code in bad:
        with pytest.raises(error) as refused:
            services.weekly_consultation_record(actor=head, **{**common, **kwargs})
        if code:
            assert refused.value.code == code
    with pytest.raises(NotAllowed):
        services.weekly_consultation_record(actor=handler, **{**common, "items": [ItemInput(cases["late"], "议")]})
    assert not WeeklyConsultation.objects.exists()
    assert not CaseEvent.objects.filter(kind="consultation_decision").exists()


def test_the_director_sees_the_weeks_a_unit_skipped(org, cases):
    today = timezone.localdate()
    last_week = rules.week_start(today) - timedelta(weeks=1)
    WeeklyConsultation.objects.create(
        unit=org.units["agri"],
        week=last_week,
        held_on=last_week,
        place="x",
        recorded_by=org.people["agri", "head"],
        recorded_at=timezone.now(),
    )
    gaps = {g.forum.code: g for g in consultation_gaps(viewer_for(org.director.user), today=today)}
    weeks = working_weeks(this_week=rules.week_start(today))
    assert last_week not in gaps["agriculture"].skipped
    assert len(gaps["agriculture"].skipped) == len([w for w in weeks if w != last_week])
    assert len(gaps["urban-construction"].skipped) == len(weeks)
    # A leader sees only the units they supervise.
    li = {g.forum.code for g in consultation_gaps(viewer_for(org.leaders["li"].user), today=today)}
    # and the liaison team and the villages of the area li is chief of
    assert li == {"agriculture", "liaison-east", "tangjiao"}
    assert "tangjiao" in gaps  # the director sees the villages' consultations too


# --- the pages ----------------------------------------------------------------------------------


def test_the_unit_page_records_the_consultation_from_its_agenda(client, org, cases, zh):
    head = org.people["agri", "head"]
    client.force_login(head)
    url = reverse("mediation:unit-consultation", args=["agriculture"])
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert cases["late"].display_code in body
    assert cases["other"].display_code not in body
    late = cases["late"].pk
    bad = client.post(url, {"held_on": "", "place": "会议室", f"decision_{late}": "约访"})
    assert bad.status_code == 400
    assert not WeeklyConsultation.objects.exists()
    done = client.post(
        url,
        {
            "held_on": timezone.localdate().isoformat(),
            "place": "会议室",
            "attendees": [head.pk],
            f"decision_{late}": "由分管领导约访。",
            f"action_{late}": "约访信访人",
            f"owner_{late}": org.people["agri", "handler"].pk,
            f"due_{late}": (timezone.localdate() + timedelta(days=2)).isoformat(),
        },
    )
    assert done.status_code == 302
    item = ConsultationItem.objects.get()
    assert item.case == cases["late"]
    assert "由分管领导约访。" in client.get(url).content.decode()


def test_a_handler_reads_the_agenda_but_cannot_record_and_another_unit_cannot_open_it(client, org, cases):
    client.force_login(org.people["agri", "handler"])
    url = reverse("mediation:unit-consultation", args=["agriculture"])
    page = client.get(url)
    assert page.status_code == 200
    assert '<form method="post" class="consultation-form">' not in page.content.decode()
    assert client.post(url, {"place": "x"}).status_code == 403
    client.force_login(org.people["urban", "handler"])
    assert client.get(url).status_code == 404
    client.force_login(org.director.user)
    overview = client.get(reverse("mediation:consultations"))
    assert overview.status_code == 200
    assert 'data-unit="agriculture"' in overview.content.decode()
