"""Factories for cases being worked: an organisation like the demo, and cases at any step."""

from datetime import timedelta
from types import SimpleNamespace

from django.utils import timezone

from cases.models import Case, CaseKind, Petitioner, Routing
from cases.rules import status as st
from cases.rules.tracking import tracking_code_new
from departments import permissions as perms
from departments.models import Unit
from mediation.services.due import next_due_store
from tests.factories import AreaFactory, LeaderFactory, UnitFactory, UserFactory, VillageFactory, member

ROLES = (perms.CLERK, perms.HANDLER, perms.HEAD)


def build_org() -> SimpleNamespace:
    """Units, members in every role, leaders and the director (names after the Lihai demo)."""
    east = AreaFactory(code="east", name="东片")
    village = VillageFactory(code="tangjiao", name="塘角村", area=east)
    units = {
        "petition": UnitFactory(code="petition-office", name="信访办", kind=Unit.Kind.PETITION_OFFICE),
        "discipline": UnitFactory(code="discipline-office", name="纪工委", kind=Unit.Kind.DISCIPLINE_OFFICE),
        "agri": UnitFactory(code="agriculture", name="农业农村办", kind=Unit.Kind.LINE_OFFICE),
        "urban": UnitFactory(code="urban-construction", name="城建办", kind=Unit.Kind.LINE_OFFICE),
        "east": UnitFactory(code="liaison-east", name="东片联村工作组", kind=Unit.Kind.LIAISON_TEAM, area=east),
        "legal": UnitFactory(code="legal-service", name="司法所", kind=Unit.Kind.LEGAL_SERVICE),
    }
    people = {
        (key, role): member(unit, role, username=f"{key}.{role}") for key, unit in units.items() for role in ROLES
    }
    director = LeaderFactory(user=UserFactory(username="director"), is_director=True, title="书记")
    li = LeaderFactory(user=UserFactory(username="leader.li"), title="副书记")
    li.supervised_units.set([units["agri"]])
    zhang = LeaderFactory(user=UserFactory(username="leader.zhang"), title="副主任")
    zhang.supervised_units.set([units["urban"]])
    chen = LeaderFactory(user=UserFactory(username="leader.chen"), title="纪工委书记")
    chen.supervised_units.set([units["discipline"]])
    liu = LeaderFactory(user=UserFactory(username="leader.liu"), title="政法委员")
    liu.supervised_units.set([units["petition"], units["legal"]])
    east.chief = li
    east.save()
    return SimpleNamespace(
        area=east,
        village=village,
        units=units,
        people=people,
        director=director,
        leaders={"li": li, "zhang": zhang, "chen": chen, "liu": liu},
        outsider=UserFactory(username="outsider"),
    )


def case_new(
    *,
    request: str = "村道破损，请求修复。",
    service: str = "petition",
    channel: str = "visit",
    status: str = st.REGISTERED,
    is_conduct_complaint: bool = False,
    accused_units=(),
    accused_persons=(),
    village=None,
    phone: str = "13800138000",
    received_at=None,
    **fields,
) -> Case:
    now = received_at or timezone.now()
    case = Case.objects.create(
        tracking_code=tracking_code_new(),
        channel=channel,
        service=service,
        request=request,
        is_conduct_complaint=is_conduct_complaint,
        accused_description="某干部" if is_conduct_complaint else "",
        village=village,
        status=status,
        received_at=now,
        reply_due_on=(now + timedelta(days=21)).date(),
        consent_at=now,
        **fields,
    )
    Petitioner.objects.create(case=case, name="王大伯", phone=phone, is_primary=True, village=village)
    if accused_units:
        case.accused_units.set(accused_units)
    if accused_persons:
        case.accused_persons.set(accused_persons)
    return case


def routed_case(
    *,
    lead: Unit,
    status: str = st.ASSIGNED,
    kind: str = CaseKind.POLICY,
    assisting=(),
    owner=None,
    picked_by=None,
    assigned_at=None,
    **case_fields,
) -> Case:
    """A case already routed (and, by default, signed out into ``lead``'s queue)."""
    case = case_new(status=status, **case_fields)
    at = assigned_at or timezone.now()
    in_queue = status in st.QUEUE_STATUSES and picked_by is None
    routing = Routing.objects.create(
        case=case,
        kind=kind,
        lead_unit=lead,
        owner=owner,
        confidential=kind == CaseKind.CONDUCT
        or bool(case_fields.get("accused_units") or case_fields.get("accused_persons")),
        confirmed_at=at,
        signed_at=at if status != st.ROUTED else None,
        assigned_at=at if status != st.ROUTED else None,
        queued_at=at if in_queue else None,
        picked_by=picked_by,
        picked_at=at if picked_by else None,
    )
    if assisting:
        routing.assisting_units.set(assisting)
    next_due_store([case.pk])  # as the services keep it
    case.refresh_from_db()
    return case


def assert_chinese(shown: str, msgid: str, chinese: str) -> None:
    """``shown`` is the Chinese text; while the catalog lacks the entry, the test is marked xfail."""
    import pytest
    from django.utils import translation

    with translation.override("zh-hans"):
        translated = translation.gettext(msgid)
    if translated == msgid:
        assert shown == msgid
        pytest.xfail(f"zh_Hans catalog has no entry yet for {msgid!r} (see /tmp/mediation-zh.json)")
    assert shown == chinese


def leader_led_requirements_record(case: Case, *, handler, supervisor, owner, attendee, now) -> None:
    """Everything a leader-led case needs before it is finished (二（二）、二（四）): the lead unit's
    re-investigation report signed by its supervising leader, and the owner's five duties, case
    conference and proactive appointment."""
    from mediation import services
    from mediation.rules import oversight as ov

    today = timezone.localdate(now)
    services.reinvestigation_report_file(
        case=case, actor=handler, analysis="原因", resolution_plan="化解", stabilisation_plan="稳控", now=now
    )
    services.reinvestigation_report_sign(case=case, actor=supervisor, now=now)
    for duty in ov.DUTIES:
        services.ownership_duty_record(case=case, actor=owner, duty=duty, done_on=today, note="已落实", now=now)
    services.case_conference_record(
        case=case,
        actor=owner,
        held_on=today,
        place="三楼会议室",
        attendees=[attendee],
        analysis="症结",
        decisions="措施",
        now=now,
    )
    services.proactive_appointment_record(case=case, actor=owner, outcome="held", on=today, note="已面谈。", now=now)
