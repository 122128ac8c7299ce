"""People's mediation as pure rules: stages, consent, recusal, the agreement, referral."""

import re
from datetime import date

import pytest

from peoples_mediation.rules import flow
from peoples_mediation.rules.flow import MediationRefused, ObligationFacts, PartyFacts

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _refused(call, *args, **kwargs) -> MediationRefused:
    with pytest.raises(MediationRefused) as caught:
        call(*args, **kwargs)
    assert CHINESE.search(caught.value.message)
    return caught.value


def test_preparing_then_mediating_then_agreed_while_the_case_is_in_hand():
    assert flow.check_action("add_party", flow.PREPARING, "in_progress") == flow.PREPARING
    assert flow.check_action("record_agreement", flow.MEDIATING, "in_progress") == flow.AGREED
    assert flow.check_action("record_failure", flow.MEDIATING, "in_progress") == flow.FAILED


def test_performance_is_followed_up_after_the_answer_and_after_the_visit():
    assert flow.check_action("record_performance", flow.AGREED, "replied") == flow.AGREED
    assert flow.check_action("record_performance", flow.AGREED, "follow_up_done") == flow.AGREED
    assert _refused(flow.check_action, "record_performance", flow.FAILED, "replied").code == "wrong_stage"


def test_every_action_refused_outside_its_stages_and_statuses():
    for action in flow.ACTIONS:
        for stage in flow.STAGES:
            for status in ("assigned", "in_progress", "replied", "closed"):
                allowed = action in flow.allowed_actions(stage, status)
                if allowed:
                    flow.check_action(action, stage, status)
                else:
                    assert _refused(flow.check_action, action, stage, status).code in {"wrong_stage", "wrong_status"}


def test_unknown_action_and_stage_are_refused():
    assert _refused(flow.check_action, "sing", flow.PREPARING, "in_progress").code == "unknown_action"
    assert _refused(flow.check_action, "add_party", "limbo", "in_progress").code == "unknown_stage"


def test_no_session_before_both_sides_consent():
    error = _refused(flow.check_action, "schedule_session", flow.PREPARING, "in_progress")
    assert "准备调解" in error.message


def test_consent_of_every_party_starts_mediation():
    parties = [PartyFacts("甲", flow.APPLICANT, True), PartyFacts("乙", flow.RESPONDENT, True)]
    assert flow.stage_after_consent(parties) == flow.MEDIATING


def test_one_answer_missing_keeps_it_preparing():
    parties = [PartyFacts("甲", flow.APPLICANT, True), PartyFacts("乙", flow.RESPONDENT, None)]
    assert flow.stage_after_consent(parties) == flow.PREPARING


def test_a_refusal_by_either_side_ends_it():
    parties = [PartyFacts("甲", flow.APPLICANT, True), PartyFacts("乙", flow.RESPONDENT, False)]
    assert flow.stage_after_consent(parties) == flow.REFUSED


def test_consent_needs_two_parties_on_both_sides():
    assert _refused(flow.check_ready_for_consent, [PartyFacts("甲", flow.APPLICANT)]).code == "parties"
    same_side = [PartyFacts("甲", flow.APPLICANT), PartyFacts("乙", flow.APPLICANT)]
    assert _refused(flow.check_ready_for_consent, same_side).code == "sides"


def test_a_party_needs_a_name_a_side_and_no_twin():
    existing = [PartyFacts("甲", flow.APPLICANT)]
    assert _refused(flow.check_new_party, existing, "乙", "judge").code == "side"
    assert _refused(flow.check_new_party, existing, "  ", flow.RESPONDENT).code == "name"
    assert _refused(flow.check_new_party, existing, "甲 ", flow.RESPONDENT).code == "duplicate"
    flow.check_new_party(existing, "乙", flow.RESPONDENT)


def test_a_related_mediator_must_stand_aside():
    error = _refused(
        flow.check_mediator_choice, active=True, already_chosen=False, related_party="张三", relation="表兄"
    )
    assert error.code == "recusal"
    assert "回避" in error.message
    assert "张三" in error.message
    assert "表兄" in error.message


def test_an_inactive_or_twice_chosen_mediator_is_refused():
    assert _refused(flow.check_mediator_choice, active=False, already_chosen=False).code == "inactive"
    assert _refused(flow.check_mediator_choice, active=True, already_chosen=True).code == "already_chosen"
    flow.check_mediator_choice(active=True, already_chosen=False)


def test_agreement_needs_facts_dispute_and_obligations_not_due_before_signing():
    signed = date(2026, 3, 2)
    ok = [ObligationFacts("乙", "赔偿修缮费3000元", date(2026, 3, 31))]
    flow.check_agreement(facts="漏水", dispute="赔偿", obligations=ok, signed_on=signed)
    assert _refused(flow.check_agreement, facts="", dispute="赔偿", obligations=ok, signed_on=signed).code == "facts"
    assert _refused(flow.check_agreement, facts="漏水", dispute=" ", obligations=ok, signed_on=signed).code == "dispute"
    assert _refused(flow.check_agreement, facts="漏水", dispute="赔偿", obligations=[], signed_on=signed).code == (
        "obligations"
    )
    early = [ObligationFacts("乙", "赔偿", date(2026, 3, 1))]
    error = _refused(flow.check_agreement, facts="漏水", dispute="赔偿", obligations=early, signed_on=signed)
    assert "早于协议签订日" in error.message


def test_a_termination_names_where_the_parties_may_go():
    flow.check_referral(flow.COURT, "双方分歧较大")
    assert _refused(flow.check_referral, "mayor", "x").code == "referral"
    assert _refused(flow.check_referral, flow.ARBITRATION, " ").code == "note"


def test_sessions_are_scheduled_ahead_and_recorded_when_held():
    today = date(2026, 3, 2)
    flow.check_session_schedule(on=today, today=today, place="调解室")
    assert _refused(flow.check_session_schedule, on=date(2026, 3, 1), today=today, place="调解室").code == "past"
    assert _refused(flow.check_session_schedule, on=today, today=today, place="").code == "place"
    flow.check_session_held(held_on=today, scheduled_on=today, today=today, said="各方陈述")
    assert _refused(
        flow.check_session_held, held_on=date(2026, 3, 3), scheduled_on=today, today=today, said="x"
    ).code == ("future")
    assert _refused(
        flow.check_session_held, held_on=today, scheduled_on=date(2026, 3, 3), today=date(2026, 3, 4), said="x"
    ).code == ("too_early")
    assert _refused(flow.check_session_held, held_on=today, scheduled_on=today, today=today, said="").code == "said"


def test_performance_is_stated_for_every_obligation():
    flow.check_performance(["performed", "partly"])
    assert _refused(flow.check_performance, []).code == "performance"
    assert _refused(flow.check_performance, ["performed", "maybe"]).code == "performance"


def test_mediators_are_needed_before_sessions():
    assert _refused(flow.check_mediators_chosen, 0).code == "no_mediator"
    flow.check_mediators_chosen(1)
