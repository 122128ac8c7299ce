"""Scores computed from known case histories: exact lines and totals with the default scheme
(the data migration), period boundaries at Beijing midnight, extensions, reopenings, repeats,
skip-level petitions, conduct complaints, publication (frozen) and scheme versions."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from cases.errors import ActionRefused, Conflict, NotAllowed
from cases.models import CaseKind, CaseLink, ProxyHandling
from departments import permissions as perms
from departments.models import ProxyAgent
from mediation.models import ReinvestigationReport, WarningSlip
from stats import services
from stats.models import ScoreLine, ScorePeriod, ScoreTotal, ScoringItem, ScoringScheme
from tests.factories import UserFactory
from tests.mediation.factories import routed_case
from tests.stats.history import bj, clock, extension, follow_up, step

pytestmark = pytest.mark.django_db
D = Decimal


def totals(code: str) -> dict[str, Decimal]:
    return dict(ScoreTotal.objects.filter(period__code=code).values_list("name", "total"))


def lines(code: str, name: str) -> list[tuple[str, str, Decimal, bool]]:
    rows = ScoreLine.objects.filter(period__code=code).filter(unit__name=name) | ScoreLine.objects.filter(
        period__code=code, village__name=name
    )
    return sorted((r.item.trigger, r.case.request, r.points, r.capped) for r in rows.select_related("item", "case"))


def _slip(case, lead, due: date, seq: int) -> WarningSlip:
    return WarningSlip.objects.create(
        case=case,
        year=2026,
        seq=seq,
        issued_at=bj(2026, 5, 1),
        reasons=["skip_level"],
        lead_unit=lead,
        reinvestigation_due_on=due,
    )


def _report(slip, at, by) -> None:
    ReinvestigationReport.objects.create(
        slip=slip,
        case=slip.case,
        analysis="原因",
        resolution_plan="化解",
        stabilisation_plan="稳控",
        filed_by=by,
        filed_at=at,
    )


@pytest.fixture
def history(org):
    """Cases of agri, urban and the east area's village, each with the step that scores it."""
    agri, urban, discipline = org.units["agri"], org.units["urban"], org.units["discipline"]
    head = org.people[("agri", perms.HEAD)]
    village = org.village
    # A: filed in Q1, first call late in Q1, reply late in Q2 (due 04-15, answered 04-20).
    a = routed_case(lead=agri, request="A", received_at=bj(2026, 3, 25))
    clock(a, "first_contact", date(2026, 3, 26), met_at=bj(2026, 3, 27))
    clock(a, "reply", date(2026, 4, 15), met_at=bj(2026, 4, 20))
    # B: due on the last day of Q1, answered half an hour after Beijing midnight: late, in Q1.
    b = routed_case(lead=agri, request="B", received_at=bj(2026, 3, 5))
    clock(b, "reply", date(2026, 3, 31), met_at=bj(2026, 4, 1, 0, 30))
    # C: due the same day, answered a minute before Beijing midnight: on time.
    c = routed_case(lead=agri, request="C", received_at=bj(2026, 3, 5))
    clock(c, "reply", date(2026, 3, 31), met_at=bj(2026, 3, 31, 23, 59))
    # D: an approved extension moved the reply from 04-30 to 05-20; answered 05-10: on time.
    d = routed_case(lead=agri, request="D", received_at=bj(2026, 4, 2))
    extension(d, bj(2026, 4, 25), head, approved=True, due_before=date(2026, 4, 30))
    clock(d, "reply", date(2026, 5, 20), met_at=bj(2026, 5, 10)).__class__.objects.filter(case=d).update(extended=True)
    # E: reopened by the unsatisfied petitioner in the last half hour of Q2, and again just after it.
    e = routed_case(lead=urban, request="E", received_at=bj(2026, 4, 3))
    step(e, "reopened", bj(2026, 6, 30, 23, 30), lead_unit={"code": urban.code, "name": urban.name})
    step(e, "reopened", bj(2026, 7, 1, 0, 10), lead_unit={"code": urban.code, "name": urban.name})
    # F: a conduct complaint about agri, late and skip-level: it must score nothing, for anyone.
    f = routed_case(
        lead=discipline,
        request="F",
        kind=CaseKind.CONDUCT,
        is_conduct_complaint=True,
        accused_units=[agri],
        village=village,
        skip_level=True,
        received_at=bj(2026, 4, 8),
    )
    clock(f, "reply", date(2026, 4, 20))
    follow_up(f, bj(2026, 5, 2), "unsatisfied", head)
    # G: received in Q1, its petitioner went to the city in Q2 (skip-level recorded 05-05).
    g = routed_case(lead=agri, request="G", village=village, skip_level=True, received_at=bj(2026, 3, 10))
    step(g, "escalation_recorded", bj(2026, 5, 5), skip_level_to="city", note="赴市")
    # H: unsatisfied at the follow-up (urban).
    h = routed_case(lead=urban, request="H", village=village, received_at=bj(2026, 4, 5))
    follow_up(h, bj(2026, 5, 6), "unsatisfied", head)
    # I: carried by the village's proxy agent, satisfied at the follow-up.
    i = routed_case(lead=agri, request="I", village=village, received_at=bj(2026, 4, 6))
    agent = ProxyAgent.objects.create(user=UserFactory(username="village.agent"), village=village)
    ProxyHandling.objects.create(
        case=i, agent=agent, requested_via="desk", consent="同意", consent_at=bj(2026, 4, 6), assigned_at=bj(2026, 4, 6)
    )
    follow_up(i, bj(2026, 5, 7), "satisfied", head)
    # J answered 04-02; K (same petitioner, same matter) received 04-20 and confirmed as its repeat.
    j = routed_case(lead=urban, request="J", received_at=bj(2026, 3, 20))
    step(j, "reply_delivered", bj(2026, 4, 2))
    k = routed_case(lead=agri, request="K", village=village, received_at=bj(2026, 4, 20))
    CaseLink.objects.create(case=k, earlier=j, similarity=0.9, matched_on="phone", state=CaseLink.State.CONFIRMED)
    # L, M: warning slips; L's report filed a minute before midnight of its due day, M's a minute after.
    l_case = routed_case(lead=agri, request="L", received_at=bj(2026, 4, 9))
    _report(_slip(l_case, agri, date(2026, 5, 12), 1), bj(2026, 5, 12, 23, 59), head)
    m_case = routed_case(lead=agri, request="M", received_at=bj(2026, 4, 9))
    _report(_slip(m_case, agri, date(2026, 5, 13), 2), bj(2026, 5, 14, 0, 1), head)
    return org


def compute(org, code, now=None):
    return services.score_period_compute(actor=org.director.user, code=code, now=now or bj(2026, 11, 30))


def test_q2_scores_line_by_line(history):
    compute(history, "2026-Q2")
    assert lines("2026-Q2", "农业农村办") == [
        ("reinvestigation_late", "M", D(-2), False),
        ("reply_overdue", "A", D(-2), False),
        ("satisfied", "I", D("0.5"), False),
        ("skip_level", "G", D(-5), False),
    ]
    assert lines("2026-Q2", "城建办") == [
        ("reopened", "E", D(-2), False),
        ("repeat_after_reply", "K", D(-3), False),
        ("unsatisfied", "H", D(-1), False),
    ]
    assert lines("2026-Q2", "东片联村工作组") == [("skip_level", "G", D(-5), False)]
    assert lines("2026-Q2", "塘角村") == [
        ("repeat_after_reply", "K", D(-3), False),
        ("resolved_at_village", "I", D(1), False),
        ("skip_level", "G", D(-5), False),
    ]
    assert totals("2026-Q2") == {
        "农业农村办": D("91.5"),
        "城建办": D(94),
        "东片联村工作组": D(95),
        "司法所": D(100),
        "塘角村": D(93),
    }


def test_q1_counts_what_fell_due_before_beijing_midnight(history):
    compute(history, "2026-Q1")
    assert lines("2026-Q1", "农业农村办") == [
        ("first_contact_late", "A", D(-1), False),
        ("reply_overdue", "B", D(-2), False),
    ]
    assert totals("2026-Q1")["农业农村办"] == D(97)
    assert lines("2026-Q1", "塘角村") == []


def test_q3_takes_the_reopening_after_midnight(history):
    compute(history, "2026-Q3")
    assert lines("2026-Q3", "城建办") == [("reopened", "E", D(-2), False)]


def test_the_year_adds_up_its_quarters_under_the_yearly_caps(history):
    compute(history, "2026")
    assert totals("2026")["农业农村办"] == D(100) - 1 - 2 - 2 - 2 - 5 + D("0.5")
    assert totals("2026")["城建办"] == D(100) - 2 - 3 - 1  # reopened twice in the year: once per case


def test_a_conduct_complaint_scores_nothing(history):
    compute(history, "2026-Q2")
    assert not ScoreLine.objects.filter(case__request="F").exists()


def test_caps_cut_the_quarter(org):
    agri = org.units["agri"]
    for n in range(7):
        case = routed_case(lead=agri, request=f"late {n}", received_at=bj(2026, 4, 1))
        clock(case, "reply", date(2026, 4, 10 + n), met_at=bj(2026, 5, 1))
    compute(org, "2026-Q2")
    points = [p for _t, _r, p, _c in lines("2026-Q2", "农业农村办")]
    assert sorted(points) == [D(-2)] * 5 + [D(0)] * 2
    assert totals("2026-Q2")["农业农村办"] == D(90)


def test_an_open_clock_is_late_only_after_its_day(org):
    case = routed_case(lead=org.units["agri"], request="open", received_at=bj(2026, 4, 1))
    clock(case, "reply", date(2026, 4, 20))
    compute(org, "2026-Q2", now=bj(2026, 4, 20, 23, 0))
    assert lines("2026-Q2", "农业农村办") == []
    compute(org, "2026-Q2", now=bj(2026, 4, 21, 0, 5))
    assert lines("2026-Q2", "农业农村办") == [("reply_overdue", "open", D(-2), False)]


def test_the_directors_adjustment_is_logged_and_counted(history):
    compute(history, "2026-Q2")
    director = history.director.user
    adjustment = services.score_adjust(
        actor=director, code="2026-Q2", subject=("unit", history.units["agri"].pk), points="1.5", reason="主动化解积案"
    )
    assert totals("2026-Q2")["农业农村办"] == D(93)
    entry = ModelLogEntry.objects.get(action="stats.score_adjust")
    assert (entry.object_id, entry.user_id, entry.data["reason"]) == (str(adjustment.pk), director.pk, "主动化解积案")
    compute(history, "2026-Q2")  # a recomputation keeps the adjustment
    assert totals("2026-Q2")["农业农村办"] == D(93)


@pytest.mark.parametrize(
    ("points", "reason"),
    [("0", "理由充分"), ("abc", "理由充分"), ("101", "理由充分"), ("1.25", "理由充分"), ("2", " ")],
)
def test_a_bad_adjustment_is_refused_and_stores_nothing(history, points, reason):
    compute(history, "2026-Q2")
    with pytest.raises(ActionRefused):
        services.score_adjust(
            actor=history.director.user,
            code="2026-Q2",
            subject=("unit", history.units["agri"].pk),
            points=points,
            reason=reason,
        )
    assert totals("2026-Q2")["农业农村办"] == D("91.5")


def test_only_the_director_computes_adjusts_and_publishes(history):
    head = history.people[("agri", perms.HEAD)]
    with pytest.raises(NotAllowed):
        services.score_period_compute(actor=head, code="2026-Q2")
    compute(history, "2026-Q2")
    with pytest.raises(NotAllowed):
        services.score_adjust(
            actor=head, code="2026-Q2", subject=("unit", history.units["agri"].pk), points="5", reason="自己加分"
        )
    with pytest.raises(NotAllowed):
        services.score_period_publish(actor=head, code="2026-Q2")
    assert ScorePeriod.objects.get(code="2026-Q2").state == "draft"


def test_a_published_period_is_frozen(history, zh):
    director = history.director.user
    compute(history, "2026-Q2")
    services.score_period_publish(actor=director, code="2026-Q2")
    before = totals("2026-Q2")
    routed_case(lead=history.units["urban"], request="new", received_at=bj(2026, 4, 1)).clocks.create(
        clock="reply",
        started_on=date(2026, 4, 1),
        due_on=date(2026, 4, 2),
        policy_code="t",
        basis="t",
        explanation="t",
        updated_at=bj(2026, 4, 1),
    )
    with pytest.raises(Conflict, match="已发布"):
        compute(history, "2026-Q2")
    with pytest.raises(Conflict):
        services.score_adjust(
            actor=director, code="2026-Q2", subject=("unit", history.units["agri"].pk), points="1", reason="迟到的理由"
        )
    assert totals("2026-Q2") == before


def test_publishing_needs_a_computation(org):
    with pytest.raises(ActionRefused):
        services.score_period_publish(actor=org.director.user, code="2026-Q2")
    assert not ScorePeriod.objects.exists()


@pytest.mark.parametrize("code", ["2026-05", "2026-04-01~2026-04-30", "Q2"])
def test_scores_are_kept_by_quarter_or_year(org, code):
    with pytest.raises(ActionRefused):
        compute(org, code)


def test_a_new_version_scores_this_year_and_last_years_scores_stay(history):
    director = history.director.user
    old_case = routed_case(lead=history.units["agri"], request="2025", received_at=bj(2025, 5, 1))
    clock(old_case, "reply", date(2025, 5, 20), met_at=bj(2025, 6, 1))
    compute(history, "2025")
    services.score_period_publish(actor=director, code="2025")
    v1 = ScoringScheme.objects.get(version=1)
    item = v1.items.get(trigger="reply_overdue")
    item.points = D(-4)
    with pytest.raises(ValidationError):
        item.full_clean()
    with pytest.raises(ValidationError):
        v1.full_clean()
    v2 = services.scheme_new_version(actor=director, scheme=v1, valid_from=date(2026, 1, 1))
    ScoringItem.objects.filter(scheme=v2, trigger="reply_overdue").update(points=D(-4))
    compute(history, "2026-Q2")
    assert ScorePeriod.objects.get(code="2026-Q2").scheme == v2
    assert ("reply_overdue", "A", D(-4), False) in lines("2026-Q2", "农业农村办")
    assert ScorePeriod.objects.get(code="2025").scheme == v1
    assert lines("2025", "农业农村办") == [("reply_overdue", "2025", D(-2), False)]
    assert totals("2025")["农业农村办"] == D(98)
