"""Who reads which report, a conduct complaint about a unit that moves nothing in the unit's report,
bad input answered with a message and nothing stored, and a failure recorded with its message."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from cases.models import CaseKind
from departments.models import Membership
from departments.services import membership_remove, membership_set
from reports import services
from reports.models import PeriodReport
from stats.dimensions import BY_CODE
from stats.rules.periods import month_of, neighbours, period_parse
from stats.scope import stats_scope_for
from stats.selectors.breakdown import figures_by
from tests.mediation.factories import routed_case
from tests.reports.conftest import body, client_for, sheets_of
from tests.stats.history import bj
from tests.stats.scenario import november
from tests.stats.test_visibility import _complaints

pytestmark = pytest.mark.django_db


def _user(name):
    return get_user_model().objects.get(username=name)


def _figures(user, report) -> dict:
    """Every sheet but the cover (which says when and by whom it was written)."""
    sheets = sheets_of(body(client_for(user).get(f"/staff/reports/{report.pk}/xlsx/")))
    sheets.pop("封面")
    return sheets


def test_a_complaint_about_a_unit_moves_nothing_in_the_units_report(org, ask):
    story = november(org)
    complaints = _complaints(org)  # about the agriculture office, one of them (misrouted) led by it
    agri = org.units["agri"]
    head = org.people[("agri", "head")]
    ask(org.director.user, kind="monthly", period="2026-11", scope=str(agri.pk))
    ask(head, kind="quarterly", period="2026-Q4", scope=str(agri.pk))
    ask(org.director.user, kind="monthly", period="2026-11", scope="center")
    by_director, by_head, center = PeriodReport.objects.order_by("requested_at")
    assert agri.pk in center.withheld_units  # the center's report counts the complaints
    with_complaints = [_figures(head, by_director), _figures(head, by_head)]
    # What the unit's head reads on the statistics page, whoever asked for the report.
    total = figures_by(
        stats_scope_for(head), period_parse("2026-11"), BY_CODE["unit"], today=by_director.counted_through
    )
    assert [row[1] for row in with_complaints[0]["本期主要数据"][1:3]] == [total.total.counts["received"], 0]
    story.f.delete()
    for case in complaints:
        case.delete()
    ask(org.director.user, kind="monthly", period="2026-11", scope=str(agri.pk))
    ask(head, kind="quarterly", period="2026-Q4", scope=str(agri.pk))
    again = PeriodReport.objects.order_by("-requested_at")[:2]
    assert [_figures(head, again[1]), _figures(head, again[0])] == with_complaints
    ask(org.director.user, kind="monthly", period="2026-11", scope="center")
    center_after = PeriodReport.objects.order_by("-requested_at").first()
    assert _figures(org.director.user, center_after) != _figures(org.director.user, center)


# reader → (the list answers, reads the center's report, reads the agriculture office's, reads the urban office's)
MATRIX = {
    "director": (200, True, True, True),
    "discipline.head": (200, True, True, True),
    "discipline.handler": (200, True, True, True),
    "agri.head": (200, False, True, False),
    "urban.head": (200, False, False, True),
    "agri.handler": (404, False, False, False),
    "agri.clerk": (404, False, False, False),
    "petition.head": (200, False, False, False),
    "leader.li": (404, False, False, False),
    "outsider": (404, False, False, False),
}


def test_who_reads_which_report(org, ask):
    november(org)
    director = org.director.user
    for scope in ("center", str(org.units["agri"].pk), str(org.units["urban"].pk)):
        ask(director, kind="monthly", period="2026-11", scope=scope)
    reports = {r.unit_id: r for r in PeriodReport.objects.all()}
    ordered = [reports[None], reports[org.units["agri"].pk], reports[org.units["urban"].pk]]
    for name, (listing, *reads) in MATRIX.items():
        client = client_for(_user(name))
        page = client.get("/staff/reports/")
        assert page.status_code == listing, name
        html = page.content.decode()
        for report, may in zip(ordered, reads, strict=True):
            expected = 200 if may else 404
            for fmt in ("pdf", "xlsx", "status"):
                url = f"/staff/reports/{report.pk}/{fmt}/"
                assert client.get(url).status_code == expected, (name, url)
            assert (str(report.pk) in html) == may, (name, report)
    anonymous = Client()
    assert anonymous.get("/staff/reports/").status_code == 302
    assert anonymous.get(f"/staff/reports/{ordered[0].pk}/pdf/").status_code == 302
    assert client_for(director).get(f"/staff/reports/{ordered[0].pk}/docx/").status_code == 404


def test_a_report_counting_a_complaint_about_the_discipline_office_is_not_theirs_to_read(org, ask):
    november(org)
    routed_case(
        lead=org.units["petition"],
        kind=CaseKind.CONDUCT,
        is_conduct_complaint=True,
        accused_units=[org.units["discipline"]],
        received_at=bj(2026, 11, 9),
    )
    ask(org.director.user, kind="monthly", period="2026-11", scope="center")
    report = PeriodReport.objects.get()
    assert client_for(org.director.user).get(f"/staff/reports/{report.pk}/pdf/").status_code == 200
    discipline = client_for(org.people[("discipline", "handler")])
    assert discipline.get(f"/staff/reports/{report.pk}/pdf/").status_code == 404
    assert str(report.pk) not in discipline.get("/staff/reports/").content.decode()
    # Their own report counts what they read on their statistics page, without it.
    ask(org.people[("discipline", "handler")], kind="monthly", period="2026-11", scope="center")
    own = PeriodReport.objects.exclude(pk=report.pk).get()
    assert discipline.get(f"/staff/reports/{own.pk}/xlsx/").status_code == 200


def test_the_download_asks_again_every_time(org, ask):
    november(org)
    head = org.people[("agri", "head")]
    ask(head, kind="monthly", period="2026-11", scope=str(org.units["agri"].pk))
    report = PeriodReport.objects.get()
    client = client_for(head)
    assert client.get(f"/staff/reports/{report.pk}/pdf/").status_code == 200
    membership_set(user=head, unit=org.units["agri"], role=Membership.Role.HANDLER)
    assert client.get(f"/staff/reports/{report.pk}/pdf/").status_code == 404
    assert client.get("/staff/reports/").status_code == 404


def _next_month_code() -> str:
    from django.utils import timezone

    return neighbours(month_of(timezone.localdate()))[1].code


@pytest.mark.parametrize(
    ("who", "data", "message"),
    [
        ("director", {"kind": "monthly", "period": "next-month", "scope": "center"}, "该期间尚未开始"),
        ("director", {"kind": "yearly", "period": "2026-11", "scope": "center"}, "请选择月报或季报"),
        ("director", {"kind": "quarterly", "period": "2026-11", "scope": "center"}, "季报须选季度"),
        ("director", {"kind": "monthly", "period": "2026-Q4", "scope": "center"}, "月报须选月份"),
        ("director", {"kind": "monthly", "period": "someday", "scope": "center"}, "2026-Q4"),
        ("director", {"kind": "monthly", "period": "2026-13", "scope": "center"}, "2026-11"),
        ("director", {"kind": "monthly", "period": "", "scope": "center"}, "期间"),
        ("director", {"kind": "monthly", "period": "2026-11", "scope": "99999"}, "无权生成该范围"),
        ("agri.head", {"kind": "monthly", "period": "2026-11", "scope": "center"}, "无权生成该范围"),
        ("agri.head", {"kind": "monthly", "period": "2026-11", "scope": "urban"}, "无权生成该范围"),
    ],
)
def test_bad_requests_are_answered_with_a_message_and_store_nothing(org, ask, who, data, message):
    user = org.director.user if who == "director" else _user(who)
    if data["period"] == "next-month":
        data = data | {"period": _next_month_code()}
    if data["scope"] == "urban":
        data = data | {"scope": str(org.units["urban"].pk)}
    response = ask(user, **data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="report-error"' in html
    assert message in html
    assert not PeriodReport.objects.exists()


def test_the_service_refuses_what_the_form_would(org):
    from django.utils import timezone

    from cases.errors import ActionRefused, NotAllowed

    today = timezone.localdate()
    director = org.director.user
    with pytest.raises(ActionRefused, match="季报"):
        services.report_request(user=director, kind="quarterly", period=month_of(today), unit=None, today=today)
    with pytest.raises(ActionRefused):
        services.report_request(user=director, kind="weekly", period=month_of(today), unit=None, today=today)
    with pytest.raises(ActionRefused):
        services.report_request(
            user=director, kind="monthly", period=neighbours(month_of(today))[1], unit=None, today=today
        )
    with pytest.raises(NotAllowed):
        services.report_request(
            user=org.people[("agri", "head")], kind="monthly", period=month_of(today), unit=None, today=today
        )
    assert not PeriodReport.objects.exists()


def test_a_failure_is_recorded_with_its_message_and_leaves_no_file(org, settings, tmp_path):
    """The head who asked is no longer head when the worker comes to it (the database backend)."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    november(org)
    head = org.people[("agri", "head")]
    client = client_for(head)
    response = client.post(
        "/staff/reports/", {"kind": "monthly", "period": "2026-11", "scope": str(org.units["agri"].pk)}
    )
    assert response.status_code == 302
    report = PeriodReport.objects.get()
    assert report.state == "queued"
    director = org.director.user
    for membership in Membership.objects.filter(user=head):
        membership_remove(membership=membership)
    done = services.report_generate(report_id=report.pk)
    assert done.state == "failed"
    assert done.error == "申请人已无权查看该范围的报表，报表未生成。"
    assert done.finished_at is not None
    assert list((tmp_path / "reports").iterdir()) == []
    html = client_for(director).get("/staff/reports/").content.decode()
    assert "生成失败" in html
    assert "申请人已无权查看该范围的报表" in html
    assert client_for(director).get(f"/staff/reports/{report.pk}/status/").json()["state"] == "failed"
    # Written once: the worker does not write a failed report again.
    assert services.report_generate(report_id=report.pk).state == "failed"


def test_the_list_costs_the_same_whatever_the_reports(org, django_assert_max_num_queries):
    from django.utils import timezone

    director = org.director.user
    client = client_for(director)

    def make(n):
        for i in range(n):
            PeriodReport.objects.create(
                kind="monthly",
                period_start=month_of(timezone.localdate()).start,
                unit=org.units["agri" if i % 2 else "urban"],
                state="done",
                progress=100,
                requested_by=director,
                requested_at=timezone.now(),
            )

    make(1)
    with django_assert_max_num_queries(40) as few:
        assert client.get("/staff/reports/").status_code == 200
    make(12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get("/staff/reports/").content.decode()
    assert html.count('data-state="done"') == 13
