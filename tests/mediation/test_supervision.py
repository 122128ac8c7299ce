"""Issue 17: 督办. A leader issues a supervision order the lead unit must answer; overdue replies reach
the supervising leaders too; both sides find it in their to-do lists; an accused leader hears nothing."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from cases.errors import ActionRefused, CaseNotFound, Conflict, NotAllowed
from cases.models import CaseEvent
from cases.rules import status as st
from mediation import services
from mediation.models import Notification, SupervisionOrder
from mediation.rules import oversight as ov
from mediation.rules import supervision as sv
from tests.mediation.factories import routed_case

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 26, 9, 0, tzinfo=SHANGHAI)


def at(y, m, d, h=10):
    return datetime(y, m, d, h, tzinfo=SHANGHAI)


# --- the pure rules -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "state", "roles", "expected"),
    [
        (sv.ISSUE, {"terminal": False, "assigned": True, "order_open": False}, {ov.LEAD_SUPERVISOR}, None),
        (sv.ISSUE, {"terminal": False, "assigned": True, "order_open": False}, {ov.LEAD_HANDLER}, sv.REFUSED_ROLE),
        (sv.ISSUE, {"terminal": False, "assigned": True, "order_open": True}, {ov.DIRECTOR}, sv.REFUSED_ORDER_OPEN),
        (sv.ISSUE, {"terminal": False, "assigned": False, "order_open": False}, {ov.OWNER}, sv.REFUSED_NOT_ASSIGNED),
        (sv.ISSUE, {"terminal": True, "assigned": True, "order_open": False}, {ov.DIRECTOR}, sv.REFUSED_CLOSED),
        (sv.ANSWER, {"terminal": False, "assigned": True, "order_open": True}, {ov.LEAD_HEAD}, None),
        (sv.ANSWER, {"terminal": False, "assigned": True, "order_open": False}, {ov.LEAD_HEAD}, sv.REFUSED_NO_ORDER),
        (sv.ANSWER, {"terminal": False, "assigned": True, "order_open": True}, {ov.DIRECTOR}, sv.REFUSED_ROLE),
    ],
)
def test_who_may_issue_and_answer_and_when(action, state, roles, expected):
    assert sv.refusal(action, roles=roles, **state) == expected


def test_an_order_is_overdue_only_past_its_date_and_unanswered():
    assert sv.is_overdue(date(2026, 11, 26), date(2026, 11, 27), answered=False)
    assert not sv.is_overdue(date(2026, 11, 26), date(2026, 11, 26), answered=False)
    assert not sv.is_overdue(date(2026, 11, 26), date(2026, 12, 27), answered=True)
    assert not sv.answer_by_valid(date(2026, 11, 25), date(2026, 11, 26))


# --- the services -------------------------------------------------------------------------------


@pytest.fixture
def handled(org):
    return routed_case(
        lead=org.units["agri"],
        status=st.IN_PROGRESS,
        picked_by=org.people["agri", "handler"],
        received_at=NOW - timedelta(days=3),
        assigned_at=NOW - timedelta(days=2),
    )


def test_a_supervising_leader_orders_and_the_unit_answers_on_the_record(org, handled):
    li, head, handler = org.leaders["li"].user, org.people["agri", "head"], org.people["agri", "handler"]
    order = services.supervision_order_issue(
        case=handled, actor=li, instructions="三日内上门核实并答复。", answer_by=date(2026, 11, 30), now=NOW
    )
    assert order.unit == org.units["agri"]
    told = set(Notification.objects.filter(kind="supervision_issued").values_list("user_id", flat=True))
    assert told == {head.pk, handler.pk}

    with pytest.raises(Conflict) as twice:
        services.supervision_order_issue(
            case=handled, actor=org.director.user, instructions="再督办", answer_by=date(2026, 11, 30), now=NOW
        )
    assert twice.value.code == sv.REFUSED_ORDER_OPEN

    services.supervision_order_answer(case=handled, actor=handler, answer="已于27日上门核实，28日答复。", now=NOW)
    order.refresh_from_db()
    assert order.answered_by == handler
    assert Notification.objects.filter(kind="supervision_answered", user=li).count() == 1
    kinds = list(CaseEvent.objects.filter(case=handled).order_by("pk").values_list("kind", flat=True))
    assert kinds == ["supervision_issued", "supervision_answered"]

    # Answered: the leader may issue the next one.
    services.supervision_order_issue(case=handled, actor=li, instructions="跟进", answer_by=date(2026, 12, 4), now=NOW)
    assert SupervisionOrder.objects.filter(case=handled).count() == 2


def test_bad_orders_and_answers_are_refused_and_store_nothing(org, handled):
    li, urban_leader = org.leaders["li"].user, org.leaders["zhang"].user
    bad = [
        ({"instructions": " ", "answer_by": date(2026, 11, 30)}, "instructions"),
        ({"instructions": "x", "answer_by": None}, "answer_by"),
        ({"instructions": "x", "answer_by": date(2026, 11, 20)}, "answer_by"),
        ({"instructions": "x" * 2001, "answer_by": date(2026, 11, 30)}, "too_long"),
    ]
    for kwargs, code in bad:
        with pytest.raises(ActionRefused) as refused:
            services.supervision_order_issue(case=handled, actor=li, now=NOW, **kwargs)
        assert refused.value.code == code
    with pytest.raises(NotAllowed):
        services.supervision_order_issue(
            case=handled, actor=org.people["agri", "handler"], instructions="x", answer_by=date(2026, 11, 30), now=NOW
        )
    with pytest.raises(CaseNotFound):  # supervises another office: the case is not theirs to see
        services.supervision_order_issue(
            case=handled, actor=urban_leader, instructions="x", answer_by=date(2026, 11, 30), now=NOW
        )
    with pytest.raises(Conflict):
        services.supervision_order_answer(case=handled, actor=org.people["agri", "head"], answer="x", now=NOW)
    assert not SupervisionOrder.objects.exists()
    assert not CaseEvent.objects.filter(case=handled).exists()


def test_an_overdue_reply_reaches_the_supervising_leader_and_owner_once_but_never_an_accused_one(org):
    from mediation.services.clocks import clocks_refresh_many
    from mediation.tasks import NOTIFICATION_KIND, run_sweep

    li, zhang = org.leaders["li"], org.leaders["zhang"]
    letter = {"channel": "letter", "received_at": at(2026, 9, 1), "assigned_at": at(2026, 9, 2)}
    plain = routed_case(lead=org.units["agri"], status=st.IN_PROGRESS, **letter)
    owned = routed_case(lead=org.units["urban"], status=st.IN_PROGRESS, owner=li, **letter)
    # li supervises the lead unit of this complaint, but it is about li: li must not hear of it.
    about_li = routed_case(
        lead=org.units["agri"], status=st.IN_PROGRESS, owner=zhang, accused_persons=[li.user], **letter
    )
    clocks_refresh_many([plain, owned, about_li], now=at(2026, 9, 2))

    def told() -> set:
        rows = Notification.objects.filter(kind=NOTIFICATION_KIND, key__startswith="reply:overdue")
        leaders = {li.user.pk, zhang.user.pk}
        return {(u, c) for u, c in rows.values_list("user_id", "case_id") if u in leaders}

    run_sweep(at(2026, 10, 30))
    assert told() == {
        (li.user.pk, plain.pk),
        (li.user.pk, owned.pk),
        (zhang.user.pk, owned.pk),
        (zhang.user.pk, about_li.pk),
    }
    leaders_told = Notification.objects.filter(user__in=[li.user, zhang.user], key__startswith="reply:overdue")
    before = leaders_told.count()
    run_sweep(at(2026, 11, 2))  # once: the next sweep tells nobody again
    assert leaders_told.count() == before == 4


def test_the_to_do_lists_show_orders_to_answer_and_late_cases_to_the_supervisor(client, org, handled):
    from mediation.selectors.todo import todo_counts

    li = org.leaders["li"].user
    services.supervision_order_issue(
        case=handled, actor=li, instructions="尽快答复。", answer_by=date(2026, 12, 1), now=NOW
    )
    head_lists = {t.todo.key: t.count for t in todo_counts(org.people["agri", "head"])}
    assert head_lists["supervision_orders"] == 1
    leader_lists = {t.todo.key: t.count for t in todo_counts(li)}
    assert leader_lists["orders_issued"] == 1
    assert "supervised_urgent" in leader_lists


# --- the case page ------------------------------------------------------------------------------


def test_the_case_page_issues_and_answers_an_order(client, org, handled, zh):
    li, head = org.leaders["li"].user, org.people["agri", "head"]
    client.force_login(li)
    issue = reverse("mediation:supervision-issue", args=[handled.tracking_code])
    assert issue in client.get(reverse("mediation:case", args=[handled.tracking_code])).content.decode()
    bad = client.post(issue, {"instructions": "快办", "answer_by": "不是日期"})
    assert bad.status_code == 400
    assert "有效的日期" in bad.content.decode() or "日期" in bad.content.decode()
    assert not SupervisionOrder.objects.exists()
    tomorrow = (NOW + timedelta(days=365)).date().isoformat()
    assert client.post(issue, {"instructions": "三日内答复。", "answer_by": tomorrow}).status_code == 302

    client.force_login(head)
    page = client.get(reverse("mediation:case", args=[handled.tracking_code])).content.decode()
    assert "三日内答复。" in page
    answer = reverse("mediation:supervision-answer", args=[handled.tracking_code])
    assert answer in page
    assert client.post(answer, {"answer": "已办理。"}).status_code == 302
    assert SupervisionOrder.objects.get().answer == "已办理。"
