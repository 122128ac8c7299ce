"""Handling a case from pick to close: 一问一核实, the reply and its two signatures, follow-up, reopening."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from cases.errors import ActionRefused, CaseNotFound, Conflict, NotAllowed
from cases.models import Case, CaseEvent, Routing
from cases.rules import status as st
from departments.models import Delegation
from mediation import services
from mediation.models import Contact, FollowUp, HandlingNote, Notification, Reply
from mediation.rules import reopening
from mediation.services.reply import reply_for_public
from tests.factories import member
from tests.mediation.factories import assert_chinese, routed_case

pytestmark = pytest.mark.django_db

SECTIONS = {
    "understood_request": "您反映塘角村村道破损，请求修复。",
    "facts": "经现场核实，村道约两百米路面破损。",
    "basis": "依据《农村公路条例》相关规定。",
    "decision": "街道已安排资金，于本月底前修复。",
    "remedies": reopening.DEFAULT_REMEDIES,
}


@pytest.fixture
def case(org):
    return routed_case(
        lead=org.units["agri"],
        assisting=[org.units["east"]],
        village=org.village,
        received_at=timezone.now() - timedelta(days=2),
    )


@pytest.fixture
def picked(org, case):
    services.case_pick(case=case, actor=org.people["agri", "handler"])
    case.refresh_from_db()
    return case


def _status(case) -> str:
    return Case.objects.get(pk=case.pk).status


def _snapshot(case) -> tuple:
    routing = Routing.objects.get(pk=case.pk)
    return (
        _status(case),
        CaseEvent.objects.filter(case=case).count(),
        list(Reply.objects.filter(case=case).values()),
        Contact.objects.filter(case=case).count(),
        FollowUp.objects.filter(case=case).count(),
        HandlingNote.objects.filter(case=case).count(),
        Notification.objects.count(),
        (routing.picked_by_id, routing.queued_at),
    )


def _refused(case, error, call):
    before = _snapshot(case)
    with pytest.raises(error) as refused:
        call()
    assert _snapshot(case) == before, "a refusal must change nothing"
    assert refused.value.message
    return refused.value


def _first_contact(org, case, **kw):
    return services.case_first_contact_record(
        case=case,
        actor=org.people["agri", "handler"],
        at=timezone.now() - timedelta(hours=1),
        learned="王大伯说村道塌陷，雨天无法通行。",
        **kw,
    )


def _draft_and_submit(org, case, who=None):
    who = who or org.people["agri", "handler"]
    services.case_reply_draft(case=case, actor=who, sections=SECTIONS)
    return services.case_reply_submit(case=case, actor=who)


def _deliver(org, case):
    return services.case_reply_deliver(
        case=case, actor=org.people["petition", "clerk"], method="in_person", delivered_on=timezone.localdate()
    )


def test_the_whole_life_of_a_case_pick_to_close_with_a_reopening(org, picked):
    handler, clerk, director = org.people["agri", "handler"], org.people["petition", "clerk"], org.director.user
    contact = _first_contact(org, picked, request_clear=False)
    assert contact.made_by == str(handler)
    services.case_site_visit_record(
        case=picked, actor=handler, at=timezone.now(), place="塘角村村道", learned="路面破损约两百米"
    )
    services.case_reply_draft(case=picked, actor=handler, sections={"understood_request": "村道破损"})
    assert _status(picked) == st.REPLY_DRAFTED
    reply = services.case_reply_draft(case=picked, actor=handler, sections=SECTIONS)  # edit while drafted
    assert Reply.objects.filter(case=picked).count() == 1
    services.case_reply_submit(case=picked, actor=handler)
    assert _status(picked) == st.AWAITING_SIGNOFF
    assert Notification.objects.filter(user=director, kind="reply_submitted", case=picked).exists()

    services.case_reply_return(case=picked, actor=director, reason="事实部分请补充现场照片情况")
    assert _status(picked) == st.REPLY_DRAFTED
    assert Notification.objects.filter(user=handler, kind="reply_returned").exists()
    _draft_and_submit(org, picked)
    services.case_completion_sign(case=picked, actor=director)
    assert _status(picked) == st.SIGNED_OFF
    reply.refresh_from_db()
    assert reply.signed_by == director
    assert reply.signed_under is None
    _deliver(org, picked)
    assert _status(picked) == st.REPLIED
    assert reply_for_public(picked) == reply
    services.case_follow_up_record(
        case=picked, actor=clerk, at=timezone.now(), method="phone", satisfaction="unsatisfied", comments="仍未修"
    )
    assert _status(picked) == st.FOLLOW_UP_DONE
    assert Notification.objects.filter(user=org.people["agri", "head"], kind="follow_up_unsatisfied").exists()

    services.case_reopen(case=picked, actor=clerk, reason="信访人称承诺期限已过仍未修复")
    assert _status(picked) == st.REOPENED
    assert Notification.objects.filter(user=org.people["agri", "head"], kind="reopened").exists()
    reopened = CaseEvent.objects.get(case=picked, kind="reopened")
    assert reopened.public
    assert reopened.data["reason"] == "信访人称承诺期限已过仍未修复"
    assert (reopened.data["from"], reopened.data["to"]) == (st.FOLLOW_UP_DONE, st.REOPENED)

    # The director signs it out again through the routing service; the lead unit works it again.
    services.case_sign_assignment(case=picked, actor=director)
    assert _status(picked) == st.ASSIGNED
    services.case_pick(case=picked, actor=handler)
    second = services.case_reply_draft(case=picked, actor=handler, sections=SECTIONS)
    assert second.pk != reply.pk  # a new round
    services.case_reply_submit(case=picked, actor=handler)
    services.case_completion_sign(case=picked, actor=director)
    _deliver(org, picked)
    services.case_follow_up_record(
        case=picked, actor=handler, at=timezone.now(), method="visit", satisfaction="satisfied"
    )
    services.case_close(case=picked, actor=clerk)
    assert _status(picked) == st.CLOSED

    kinds = list(CaseEvent.objects.filter(case=picked).values_list("kind", flat=True))
    for kind in (
        "first_contact", "site_visit", "reply_drafted", "reply_submitted", "reply_returned",
        "completion_signed", "reply_delivered", "follow_up", "reopened", "closed",
    ):  # fmt: skip
        assert kind in kinds
    closed = CaseEvent.objects.get(case=picked, kind="closed")
    assert closed.actor == clerk
    assert closed.data == {"from": st.FOLLOW_UP_DONE, "to": st.CLOSED}
    drafted = CaseEvent.objects.filter(case=picked, kind="reply_drafted").order_by("pk")[1]
    assert set(drafted.data["changed"]) == set(SECTIONS)


def test_the_duty_leader_signs_completion_by_delegation_and_is_told(org, picked):
    liu = org.leaders["liu"]
    Delegation.objects.create(
        director=org.director,
        leader=liu,
        scope=Delegation.Scope.COMPLETION,
        valid_from=timezone.localdate(),
        valid_until=timezone.localdate(),
        created_by=org.director.user,
        created_at=timezone.now(),
    )
    _first_contact(org, picked)
    _draft_and_submit(org, picked)
    assert Notification.objects.filter(user=liu.user, kind="reply_submitted").exists()
    reply = services.case_completion_sign(case=picked, actor=liu.user)
    assert reply.signed_under is not None
    assert CaseEvent.objects.get(case=picked, kind="completion_signed").data["delegation"] == reply.signed_under.pk


def test_a_leader_without_delegation_cannot_sign_and_nothing_changes(org, picked):
    _first_contact(org, picked)
    _draft_and_submit(org, picked)
    # leader.li supervises the lead unit: sees the case, but may not sign.
    _refused(picked, NotAllowed, lambda: services.case_completion_sign(case=picked, actor=org.leaders["li"].user))
    _refused(
        picked,
        NotAllowed,
        lambda: services.case_completion_sign(case=picked, actor=org.people["agri", "head"]),
    )
    _refused(
        picked,
        CaseNotFound,
        lambda: services.case_completion_sign(case=picked, actor=org.leaders["zhang"].user),
    )


def test_wrong_role_wrong_status_and_hidden_case_are_refused(org, case, picked):
    handler = org.people["agri", "handler"]
    # The petition office's clerk may not draft; a stranger unit does not see the case at all.
    _refused(
        picked,
        NotAllowed,
        lambda: services.case_reply_draft(case=picked, actor=org.people["petition", "clerk"], sections=SECTIONS),
    )
    _refused(
        picked,
        CaseNotFound,
        lambda: services.case_reply_draft(case=picked, actor=org.people["urban", "handler"], sections=SECTIONS),
    )
    _refused(
        picked,
        CaseNotFound,
        lambda: services.case_first_contact_record(case=picked, actor=org.outsider, at=timezone.now(), learned="x"),
    )
    # Another handler of the same unit does not hold the case.
    other = member(org.units["agri"], "handler", username="agri.handler2")
    _refused(
        picked,
        NotAllowed,
        lambda: services.case_first_contact_record(case=picked, actor=other, at=timezone.now(), learned="x"),
    )
    # Wrong status: nothing to submit, sign, deliver, follow up or close yet.
    _refused(picked, Conflict, lambda: services.case_reply_submit(case=picked, actor=handler))
    _refused(picked, Conflict, lambda: services.case_completion_sign(case=picked, actor=org.director.user))
    _refused(picked, Conflict, lambda: _deliver(org, picked))
    _refused(picked, Conflict, lambda: services.case_close(case=picked, actor=org.people["petition", "clerk"]))
    _refused(
        picked,
        Conflict,
        lambda: services.case_reopen(case=picked, actor=org.people["petition", "clerk"], reason="不满意"),
    )
    waiting = routed_case(lead=org.units["agri"])
    _refused(
        waiting,
        Conflict,
        lambda: services.case_first_contact_record(case=waiting, actor=handler, at=timezone.now(), learned="x"),
    )


def test_empty_too_long_and_impossible_fields_are_refused(org, picked):
    handler = org.people["agri", "handler"]
    now = timezone.now()
    refused = _refused(
        picked,
        ActionRefused,
        lambda: services.case_first_contact_record(case=picked, actor=handler, at=now, learned="  "),
    )
    assert refused.code == "required"
    refused = _refused(
        picked,
        ActionRefused,
        lambda: services.case_first_contact_record(case=picked, actor=handler, at=now, learned="字" * 2001),
    )
    assert refused.code == "too_long"
    refused = _refused(
        picked,
        ActionRefused,
        lambda: services.case_first_contact_record(case=picked, actor=handler, at=now + timedelta(days=1), learned="x"),
    )
    assert refused.code == "future"
    refused = _refused(
        picked,
        ActionRefused,
        lambda: services.case_first_contact_record(
            case=picked, actor=handler, at=now - timedelta(days=90), learned="x"
        ),
    )
    assert refused.code == "too_early"
    refused = _refused(
        picked,
        ActionRefused,
        lambda: services.case_site_visit_record(case=picked, actor=handler, at=now, place="", learned="x"),
    )
    assert refused.code == "required"
    refused = _refused(
        picked, ActionRefused, lambda: services.case_reply_draft(case=picked, actor=handler, sections={})
    )
    assert refused.code == "empty"
    refused = _refused(
        picked,
        ActionRefused,
        lambda: services.case_reply_draft(case=picked, actor=handler, sections={"facts": "字" * 5001}),
    )
    assert refused.code == "too_long"
    refused = _refused(
        picked, ActionRefused, lambda: services.case_reply_draft(case=picked, actor=handler, sections=SECTIONS)
    )
    assert refused.code == "no_first_contact"
    _first_contact(org, picked)
    services.case_reply_draft(case=picked, actor=handler, sections={"facts": "只写了事实"})
    refused = _refused(picked, ActionRefused, lambda: services.case_reply_submit(case=picked, actor=handler))
    assert refused.code == "incomplete"
    services.case_reply_draft(case=picked, actor=handler, sections=SECTIONS)
    services.case_reply_submit(case=picked, actor=handler)
    director = org.director.user
    refused = _refused(
        picked, ActionRefused, lambda: services.case_reply_return(case=picked, actor=director, reason=" ")
    )
    assert refused.code == "reason_required"
    services.case_completion_sign(case=picked, actor=director)
    clerk = org.people["petition", "clerk"]
    refused = _refused(
        picked,
        ActionRefused,
        lambda: services.case_reply_deliver(
            case=picked, actor=clerk, method="pigeon", delivered_on=timezone.localdate()
        ),
    )
    assert refused.code == "method"
    refused = _refused(
        picked,
        ActionRefused,
        lambda: services.case_reply_deliver(
            case=picked, actor=clerk, method="post", delivered_on=timezone.localdate() + timedelta(days=2)
        ),
    )
    assert refused.code == "future"
    refused = _refused(
        picked,
        ActionRefused,
        lambda: services.case_reply_deliver(
            case=picked, actor=clerk, method="post", delivered_on=timezone.localdate() - timedelta(days=2)
        ),
    )
    assert refused.code == "too_early"
    _deliver(org, picked)
    refused = _refused(
        picked,
        ActionRefused,
        lambda: services.case_follow_up_record(case=picked, actor=clerk, at=now, method="phone", satisfaction="meh"),
    )
    assert refused.code == "satisfaction"
    refused = _refused(picked, ActionRefused, lambda: services.case_reopen(case=picked, actor=clerk, reason=""))
    assert refused.code == "reason_required"
    # The handler is not the one who reopens: the petition office does, for the petitioner.
    _refused(picked, NotAllowed, lambda: services.case_reopen(case=picked, actor=handler, reason="不满意"))


def test_reopening_after_the_period_is_refused(org, picked):
    _first_contact(org, picked)
    _draft_and_submit(org, picked)
    services.case_completion_sign(case=picked, actor=org.director.user)
    _deliver(org, picked)
    clerk = org.people["petition", "clerk"]
    late = timezone.now() + timedelta(days=reopening.REOPEN_PERIOD_DAYS + 1)
    refused = _refused(
        picked, Conflict, lambda: services.case_reopen(case=picked, actor=clerk, reason="不满意", now=late)
    )
    assert refused.code == "too_late"
    in_time = timezone.now() + timedelta(days=reopening.REOPEN_PERIOD_DAYS - 1)
    services.case_reopen(case=picked, actor=clerk, reason="不满意", now=in_time)
    assert _status(picked) == st.REOPENED


def test_the_petitioner_reopens_from_the_tracking_page(org, picked):
    _first_contact(org, picked)
    _draft_and_submit(org, picked)
    services.case_completion_sign(case=picked, actor=org.director.user)
    _deliver(org, picked)
    services.case_reopen(case=picked, actor=None, reason="还没修好", by_petitioner=True)
    event = CaseEvent.objects.get(case=picked, kind="reopened")
    assert event.actor is None
    assert event.data["by_petitioner"] is True
    assert Routing.objects.get(pk=picked.pk).picked_by is None


def test_requests_to_assisting_units_tell_their_members(org, picked):
    handler = org.people["agri", "handler"]
    services.case_note_add(case=picked, actor=handler, text="请东片联村组协助核实路段归属", to_unit=org.units["east"])
    assert Notification.objects.filter(user=org.people["east", "handler"], kind="assist_request").exists()
    assert CaseEvent.objects.get(case=picked, kind="note_added").data["to_unit"]["code"] == "liaison-east"
    _refused(
        picked,
        ActionRefused,
        lambda: services.case_note_add(case=picked, actor=handler, text="x", to_unit=org.units["urban"]),
    )


def test_a_conduct_complaint_is_delivered_and_closed_by_the_discipline_office(org):
    case = routed_case(
        lead=org.units["discipline"], kind="conduct", is_conduct_complaint=True, accused_units=[org.units["urban"]]
    )
    handler = org.people["discipline", "handler"]
    services.case_pick(case=case, actor=handler)
    services.case_first_contact_record(case=case, actor=handler, at=timezone.now(), learned="已联系举报人")
    _draft_and_submit(org, case, who=handler)
    services.case_completion_sign(case=case, actor=org.director.user)
    # The petition office does not see conduct complaints.
    _refused(case, CaseNotFound, lambda: _deliver(org, case))
    services.case_reply_deliver(
        case=case, actor=org.people["discipline", "clerk"], method="post", delivered_on=timezone.localdate()
    )
    assert _status(case) == st.REPLIED
    assert not Notification.objects.filter(user__memberships__unit=org.units["urban"]).exists()


def test_refusals_are_told_in_chinese(org, picked):
    with pytest.raises(ActionRefused) as refused, translation.override("zh-hans"):
        services.case_reply_draft(case=picked, actor=org.people["agri", "handler"], sections=SECTIONS)
    assert_chinese(
        refused.value.message,
        "Record the first phone call with the petitioner before drafting the reply.",
        "起草答复意见前，请先记录与信访人的“一问”电话联系。",
    )
