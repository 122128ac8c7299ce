"""Issue 17: a case becomes leader-led at any time, and a leader-led case is completed only when its
owner has done what 二（二）、二（四） ask; a request left unclear by the call takes the site visit first."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from cases.errors import ActionRefused, CaseNotFound, Conflict, NotAllowed
from cases.models import Case, CaseEvent, CaseLink, Routing
from cases.rules import status as st
from lobby.models import JointReceptionAlert
from lobby.services import case_escalation_record
from mediation import services
from mediation.models import Contact, Notification, ProactiveAppointment, Reply, WarningSlip
from mediation.rules import oversight as ov
from mediation.selectors.escalation import completion_missing, reply_missing
from tests.mediation.factories import case_new, routed_case

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 11, 26, 9, 0, tzinfo=SHANGHAI)
SECTIONS = {
    "understood_request": "请求修复村道。",
    "facts": "经核实村道确有破损。",
    "basis": "《公路法》。",
    "decision": "两周内修复。",
    "remedies": "不服可申请复查。",
}


# --- the pure rules -----------------------------------------------------------------------------


def test_completion_requirements_name_everything_missing_in_the_rulebooks_order():
    missing = ov.completion_requirements(
        leader_led=True,
        duties_done=[ov.DUTY_KNOW],
        conference_held=False,
        slips_issued=1,
        slip_open=True,
        appointment_recorded=False,
    )
    assert missing == (
        ov.DUTY_WIN_OVER,
        ov.DUTY_RESOLVE,
        ov.DUTY_COMMITMENT,
        ov.DUTY_STABILISE,
        ov.REQUIRE_CONFERENCE,
        ov.REQUIRE_REINVESTIGATION,
        ov.REQUIRE_APPOINTMENT,
    )
    assert all(ov.REQUIREMENT_LABELS[code] for code in missing)


@pytest.mark.parametrize(
    ("slips_issued", "slip_open", "reinvestigation_missing"), [(0, False, True), (1, True, True), (2, False, False)]
)
def test_the_reinvestigation_counts_only_when_a_slip_was_issued_and_none_is_open(
    slips_issued, slip_open, reinvestigation_missing
):
    missing = ov.completion_requirements(
        leader_led=True,
        duties_done=ov.DUTIES,
        conference_held=True,
        slips_issued=slips_issued,
        slip_open=slip_open,
        appointment_recorded=True,
    )
    assert (ov.REQUIRE_REINVESTIGATION in missing) is reinvestigation_missing
    assert set(missing) <= {ov.REQUIRE_REINVESTIGATION}


def test_a_case_not_leader_led_lacks_nothing_and_an_anonymous_report_needs_no_appointment():
    common = {"duties_done": (), "conference_held": False, "slips_issued": 0, "slip_open": False}
    assert ov.completion_requirements(leader_led=False, appointment_recorded=False, **common) == ()
    anonymous = ov.completion_requirements(leader_led=True, appointment_recorded=False, anonymous=True, **common)
    assert ov.REQUIRE_APPOINTMENT not in anonymous


@pytest.mark.parametrize(
    ("unclear", "visited", "missing"),
    [(True, False, (ov.REQUIRE_SITE_VISIT,)), (True, True, ()), (False, False, ())],
)
def test_an_unclear_request_takes_the_site_visit_before_the_reply(unclear, visited, missing):
    assert ov.reply_requirements(request_unclear=unclear, site_visit_recorded=visited) == missing


def test_recording_an_escalation_is_refused_on_a_closed_case_and_allowed_to_the_lead_unit():
    open_state = ov.OversightState(
        escalated=False, assigned=True, terminal=False, slip_open=False, report_pending=False
    )
    closed = ov.OversightState(escalated=True, assigned=True, terminal=True, slip_open=False, report_pending=False)
    assert ov.refusal(ov.RECORD_ESCALATION, open_state, {ov.LEAD_HANDLER}) is None
    assert ov.refusal(ov.RECORD_ESCALATION, open_state, set()) == ov.REFUSED_ROLE
    assert ov.refusal(ov.RECORD_ESCALATION, closed, {ov.DIRECTOR}) == ov.REFUSED_CLOSED
    assert ov.refusal(ov.RECORD_APPOINTMENT, open_state, {ov.OWNER}) == ov.REFUSED_NOT_ESCALATED


# --- escalation at any time ---------------------------------------------------------------------


@pytest.fixture
def ordinary(org):
    """A first petition, signed out to the agriculture office and picked by its handler."""
    return routed_case(
        lead=org.units["agri"],
        status=st.IN_PROGRESS,
        picked_by=org.people["agri", "handler"],
        village=org.village,
        received_at=NOW - timedelta(days=2),
        assigned_at=NOW - timedelta(days=1),
    )


def test_a_skip_level_petition_after_intake_makes_the_case_leader_led_with_a_slip(org, ordinary):
    handler = org.people["agri", "handler"]
    case_escalation_record(case=ordinary, actor=handler, skip_level_to="province", note="信访人已赴省信访局。", now=NOW)

    case = Case.objects.get(pk=ordinary.pk)
    routing = Routing.objects.get(pk=ordinary.pk)
    assert case.skip_level is True
    assert routing.leader_led is True
    assert routing.owner == org.leaders["li"]  # supervises the agriculture office
    slip = WarningSlip.objects.get(case=case)
    assert any("越级访" in reason for reason in slip.reasons)
    recorded = CaseEvent.objects.get(case=case, kind="escalation_recorded")
    assert recorded.data["skip_level_to"] == "province"
    assert recorded.data["skip_level_label"] == "浙江省级信访部门"
    assert CaseEvent.objects.filter(case=case, kind="leader_led", actor=handler).exists()
    assert Notification.objects.filter(user=org.leaders["li"].user, case=case, kind="leader_led").exists()
    assert not JointReceptionAlert.objects.filter(case=case).exists()  # a skip-level petition calls nobody down


def test_a_group_visit_after_intake_raises_the_joint_reception_alert(org, ordinary):
    case_escalation_record(
        case=ordinary, actor=org.people["petition", "clerk"], group_size=7, note="七名村民来访。", now=NOW
    )
    alert = JointReceptionAlert.objects.get(case=ordinary)
    assert alert.group_size == 7
    assert Case.objects.get(pk=ordinary.pk).group_size == 7
    assert Routing.objects.get(pk=ordinary.pk).leader_led is True


def test_a_case_not_routed_yet_gets_a_leader_led_proposal_for_the_clerk(org):
    case = case_new(village=org.village)
    services.case_route_propose(case=case, now=NOW)
    case_escalation_record(case=case, actor=org.people["petition", "clerk"], extreme=True, note="滞留大厅。", now=NOW)
    routing = Routing.objects.get(pk=case.pk)
    assert routing.proposal["leader_led"] is True
    assert routing.proposal["escalation"]["extreme"] is True
    assert routing.confirmed_at is None  # the clerk confirms it
    assert not WarningSlip.objects.filter(case=case).exists()  # not signed out yet
    assert JointReceptionAlert.objects.filter(case=case, reason=JointReceptionAlert.Reason.EXTREME).exists()


def test_a_confirmed_third_raising_makes_the_case_leader_led(org):
    from intake.services import case_link_decide

    first = routed_case(lead=org.units["agri"], status=st.CLOSED, repeat_count=1)
    second = routed_case(lead=org.units["agri"], status=st.CLOSED, repeat_count=2)
    third = routed_case(lead=org.units["agri"], status=st.IN_PROGRESS, picked_by=org.people["agri", "handler"])
    CaseLink.objects.create(case=third, earlier=first, similarity=0.9, matched_on="phone")
    link = CaseLink.objects.create(case=third, earlier=second, similarity=0.9, matched_on="phone")
    case_link_decide(link=link, confirm=True, actor=org.people["petition", "clerk"])

    assert Case.objects.get(pk=third.pk).repeat_count >= 3
    routing = Routing.objects.get(pk=third.pk)
    assert routing.leader_led is True
    assert routing.owner == org.leaders["li"]
    assert WarningSlip.objects.filter(case=third).count() == 1


def test_bad_escalations_are_refused_and_store_nothing(org, ordinary):
    handler = org.people["agri", "handler"]
    before = (CaseEvent.objects.count(), WarningSlip.objects.count(), Routing.objects.get(pk=ordinary.pk).leader_led)
    cases = [
        ({"note": "无"}, "nothing"),
        ({"group_size": 3, "note": "三人来访"}, "nothing"),  # fewer than 5 is not collective
        ({"skip_level_to": "moon", "note": "x"}, "skip_level_to"),
        ({"group_size": 0, "note": "x"}, "group_size"),
        ({"extreme": True, "note": "  "}, "note"),
    ]
    for kwargs, code in cases:
        with pytest.raises(ActionRefused) as refused:
            case_escalation_record(case=ordinary, actor=handler, now=NOW, **kwargs)
        assert refused.value.code == code
    after = (CaseEvent.objects.count(), WarningSlip.objects.count(), Routing.objects.get(pk=ordinary.pk).leader_led)
    assert after == before


def test_only_those_on_the_case_record_an_escalation(org, ordinary):
    with pytest.raises(CaseNotFound):
        case_escalation_record(case=ordinary, actor=org.outsider, extreme=True, note="x", now=NOW)
    with pytest.raises((CaseNotFound, NotAllowed)):
        case_escalation_record(case=ordinary, actor=org.people["urban", "handler"], extreme=True, note="x", now=NOW)
    Case.objects.filter(pk=ordinary.pk).update(status=st.CLOSED)
    with pytest.raises(Conflict):
        case_escalation_record(case=ordinary, actor=org.director.user, extreme=True, note="x", now=NOW)


# --- what completion waits for ------------------------------------------------------------------


def _to_signoff(org, case, *, request_clear=True):
    handler = org.people["agri", "handler"]
    services.case_first_contact_record(
        case=case, actor=handler, made_by="张三", at=NOW, learned="诉求为修路。", request_clear=request_clear
    )
    services.case_reply_draft(case=case, actor=handler, sections=SECTIONS, now=NOW)


def test_a_leader_led_case_is_signed_off_only_when_its_owner_has_done_everything(org, ordinary):
    handler, li, director = org.people["agri", "handler"], org.leaders["li"].user, org.director.user
    case_escalation_record(case=ordinary, actor=handler, skip_level_to="city", note="赴绍兴市信访局。", now=NOW)
    _to_signoff(org, ordinary)
    with pytest.raises(ActionRefused) as refused:
        services.case_reply_submit(case=ordinary, actor=handler, now=NOW)
    assert refused.value.code == "requirements"
    for label in ("包掌握情况", "专题分析会", "审阅签字", "主动约访"):
        assert label in refused.value.message
    assert Case.objects.get(pk=ordinary.pk).status == st.REPLY_DRAFTED

    services.reinvestigation_report_file(
        case=ordinary, actor=handler, analysis="原因", resolution_plan="化解", stabilisation_plan="稳控", now=NOW
    )
    services.reinvestigation_report_sign(case=ordinary, actor=li, now=NOW)
    for duty in ov.DUTIES:
        services.ownership_duty_record(case=ordinary, actor=li, duty=duty, done_on=date(2026, 11, 25), note="已落实")
    services.case_conference_record(
        case=ordinary,
        actor=li,
        held_on=date(2026, 11, 25),
        place="三楼会议室",
        attendees=[org.people["agri", "head"]],
        analysis="症结",
        decisions="措施",
        now=NOW,
    )
    assert completion_missing(Case.objects.get(pk=ordinary.pk)) == (ov.REQUIRE_APPOINTMENT,)
    with pytest.raises(ActionRefused) as still:
        services.case_reply_submit(case=ordinary, actor=handler, now=NOW)
    assert "主动约访" in still.value.message
    assert "专题分析会" not in still.value.message

    services.proactive_appointment_record(
        case=ordinary, actor=li, outcome="declined", on=date(2026, 11, 26), note="信访人表示不需要面谈。", now=NOW
    )
    services.case_reply_submit(case=ordinary, actor=handler, now=NOW)
    services.case_completion_sign(case=ordinary, actor=director, now=NOW + timedelta(hours=1))
    assert Case.objects.get(pk=ordinary.pk).status == st.SIGNED_OFF
    assert Reply.objects.get(case=ordinary).signed_by == director


def test_the_completion_signature_checks_again_when_the_case_escalated_after_submission(org, ordinary):
    handler = org.people["agri", "handler"]
    _to_signoff(org, ordinary)
    services.case_reply_submit(case=ordinary, actor=handler, now=NOW)
    case_escalation_record(case=ordinary, actor=handler, extreme=True, note="在大厅吵闹。", now=NOW)
    with pytest.raises(ActionRefused) as refused:
        services.case_completion_sign(case=ordinary, actor=org.director.user, now=NOW)
    assert refused.value.code == "requirements"
    assert Case.objects.get(pk=ordinary.pk).status == st.AWAITING_SIGNOFF


def test_a_call_that_left_the_request_unclear_takes_the_site_visit_before_the_reply(org, ordinary):
    handler = org.people["agri", "handler"]
    services.case_first_contact_record(
        case=ordinary, actor=handler, made_by="张三", at=NOW, learned="说不清楚。", request_clear=False
    )
    assert reply_missing(Case.objects.get(pk=ordinary.pk)) == (ov.REQUIRE_SITE_VISIT,)
    with pytest.raises(ActionRefused) as refused:
        services.case_reply_draft(case=ordinary, actor=handler, sections=SECTIONS, now=NOW)
    assert "现场核实" in refused.value.message
    assert not Reply.objects.filter(case=ordinary).exists()
    services.case_site_visit_record(
        case=ordinary, actor=handler, made_by="张三", at=NOW + timedelta(hours=1), place="塘角村", learned="路面塌陷"
    )
    assert Contact.objects.filter(case=ordinary).count() == 2
    assert reply_missing(Case.objects.get(pk=ordinary.pk)) == ()
    services.case_reply_draft(case=ordinary, actor=handler, sections=SECTIONS, now=NOW + timedelta(hours=2))
    services.case_reply_submit(case=ordinary, actor=handler, now=NOW + timedelta(hours=2))
    assert Case.objects.get(pk=ordinary.pk).status == st.AWAITING_SIGNOFF


def test_only_the_owner_or_director_records_an_appointment_and_never_on_an_anonymous_report(org, ordinary):
    case_escalation_record(case=ordinary, actor=org.people["agri", "handler"], extreme=True, note="静坐", now=NOW)
    with pytest.raises(NotAllowed):
        services.proactive_appointment_record(
            case=ordinary, actor=org.people["agri", "head"], outcome="held", on=date(2026, 11, 26), note="x", now=NOW
        )
    with pytest.raises(ActionRefused) as future:
        services.proactive_appointment_record(
            case=ordinary, actor=org.leaders["li"].user, outcome="held", on=date(2026, 12, 30), note="x", now=NOW
        )
    assert future.value.code == "on"
    with pytest.raises(ActionRefused) as outcome:
        services.proactive_appointment_record(
            case=ordinary, actor=org.leaders["li"].user, outcome="maybe", on=date(2026, 11, 26), note="x", now=NOW
        )
    assert outcome.value.code == "outcome"
    assert not ProactiveAppointment.objects.exists()


# --- the case page ------------------------------------------------------------------------------


def test_the_case_page_records_an_escalation_and_lists_what_completion_waits_for(client, org, ordinary, zh):
    handler = org.people["agri", "handler"]
    client.force_login(handler)
    page = client.get(reverse("mediation:case", args=[ordinary.tracking_code]))
    assert reverse("lobby:escalation-record", args=[ordinary.tracking_code]) in page.content.decode()

    url = reverse("lobby:escalation-record", args=[ordinary.tracking_code])
    bad = client.post(url, {"skip_level_to": "", "group_size": "abc", "note": "来访"})
    assert bad.status_code == 400
    assert "人数" in bad.content.decode()
    assert not CaseEvent.objects.filter(case=ordinary, kind="escalation_recorded").exists()

    done = client.post(url, {"skip_level_to": "beijing", "note": "信访人进京上访。"})
    assert done.status_code == 302
    page = client.get(reverse("mediation:case", args=[ordinary.tracking_code])).content.decode()
    assert "越级访" in page
    assert "包掌握情况" in page
    assert "主动约访听取诉求" in page


def test_another_unit_cannot_post_an_escalation(client, org, ordinary):
    client.force_login(org.people["urban", "handler"])
    response = client.post(
        reverse("lobby:escalation-record", args=[ordinary.tracking_code]), {"extreme": "on", "note": "x"}
    )
    assert response.status_code in {302, 403, 404}
    assert not Routing.objects.get(pk=ordinary.pk).leader_led
    assert not CaseEvent.objects.filter(case=ordinary, kind="escalation_recorded").exists()
