"""The audit trail and the deadline clocks read in the person's language, never as codes."""

import html
import re
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from cases.events import EVENT_KINDS
from cases.rules import status as st
from mediation import clocktext, services
from mediation.calendar_source import official_calendar
from mediation.history import Names, describe, event_label
from mediation.models import CaseClock
from mediation.rules import clocks as clock_rules
from mediation.rules import deadlines
from mediation.services.clocks import case_clocks_refresh, case_extension_request, extension_decide
from mediation.views.clocks import clocks_context
from tests.cases.test_event_registry import written_kinds
from tests.mediation.factories import case_new, routed_case

pytestmark = pytest.mark.django_db
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _client(user, language: str = "zh-hans") -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(user)
    return client


def _text(response) -> str:
    """The words a person reads: tags, scripts and styles gone, entities decoded."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


# --- the audit trail: unit names, never codes --------------------------------------------------------


def test_history_names_units_and_leaders_never_their_codes(org):
    case = case_new(village=org.village)
    services.case_route_propose(case=case)
    clerk = org.people["petition", "clerk"]
    services.case_routing_set_facts(case=case, actor=clerk, kind="policy", line_office=org.units["agri"])
    services.case_routing_confirm(
        case=case,
        actor=clerk,
        lead_unit=org.units["urban"],
        assisting_units=[org.units["east"]],
        owner=org.leaders["zhang"],
        reason="改由城建办承办",
    )
    director = _client(org.director.user)
    text = _text(director.get(reverse("mediation:history", args=[case.tracking_code])))
    for code in ("agriculture", "urban-construction", "liaison-east", "leader:"):
        assert code not in text
    page = re.sub(r"\s+", " ", _text(director.get(reverse("mediation:case", args=[case.tracking_code]))))
    assert "agriculture" not in page
    assert "urban-construction" not in page
    assert "→ 城建办" in page
    for name in ("城建办", "东片联村工作组", "农业农村办"):
        assert name in text
    assert str(org.leaders["zhang"]) in text


def test_a_reassignment_reads_as_a_change_of_unit(org):
    case = routed_case(lead=org.units["agri"], village=org.village)
    services.case_reassign(case=case, actor=org.director.user, unit=org.units["urban"], reason="属城建办职责")
    text = _text(_client(org.director.user).get(reverse("mediation:history", args=[case.tracking_code])))
    assert "农业农村办 → 城建办" in text
    with translation.override("zh-hans"):
        assert f"{translation.gettext('Unit')} 农业农村办 → 城建办" in re.sub(r"\s+", " ", text)


# --- every event kind and every clock has a label in both languages ----------------------------------


def _labelled_in_both(label, code: str, *, may_be_the_code: bool = False) -> None:
    """``label`` reads in English (not the stored code, but for a plain word) and in Chinese."""
    with translation.override("en"):
        english = str(label)
    with translation.override("zh-hans"):
        chinese = str(label)
    assert english, code
    assert may_be_the_code or english != code, f"{code}: the English label is the code"
    assert not CJK.search(english), f"{code}: English {english!r}"
    assert CJK.search(chinese), f"{code}: no Chinese for {english!r}"


@pytest.mark.parametrize("code", sorted(set(EVENT_KINDS) | set(written_kinds()[0])))
def test_every_event_kind_has_a_chinese_and_an_english_label(code):
    assert code in EVENT_KINDS, f"event kind {code!r} is written but has no label"
    _labelled_in_both(EVENT_KINDS[code].label, code)
    with translation.override("zh-hans"):
        assert event_label(code) != code


CLOCKS = sorted(
    deadlines.CLOCKS
    | set(clock_rules.MET_BY)
    | {p.clock for p in deadlines.DEFAULT_POLICIES}
    | set(deadlines.GOVERNING_CLOCK.values())
)


@pytest.mark.parametrize("clock", CLOCKS)
def test_every_clock_has_a_chinese_and_an_english_label(clock):
    assert clock in clocktext.CLOCK_LABELS, f"clock {clock!r} has no label"
    _labelled_in_both(clocktext.CLOCK_LABELS[clock], clock)


@pytest.mark.parametrize("state", sorted(clock_rules.OPEN_STATES | {clock_rules.MET}))
def test_every_clock_state_has_a_chinese_and_an_english_label(state):
    _labelled_in_both(clocktext.STATE_LABELS[state], state, may_be_the_code="_" not in state)


# --- the clocks follow the language ------------------------------------------------------------------


def test_in_chinese_the_clock_texts_are_the_rulebook_own_words():
    calendar = official_calendar()
    facts = deadlines.CaseClockFacts(
        channel="visit",
        service="legal_aid",
        received_on=date(2025, 9, 26),
        assigned_on=date(2025, 9, 29),
        warning_slip_on=date(2025, 9, 30),
    )
    computed = deadlines.compute_deadlines(facts, calendar)
    phone = deadlines.compute_deadlines(
        deadlines.CaseClockFacts(channel="phone", service="petition", received_on=date(2025, 9, 26)), calendar
    )
    assert len(computed) >= 4
    with translation.override("zh-hans"):
        for policy in deadlines.DEFAULT_POLICIES:
            assert clocktext.clock_basis(policy.code, "") == policy.basis
        for deadline in [*computed.values(), *phone.values()]:
            clock = _clock_of(deadline, facts)
            if deadline in phone.values():
                clock.started_on = date(2025, 9, 26)
            assert clocktext.clock_explanation(clock) == deadline.explanation
    with translation.override("en"):
        for deadline in computed.values():
            text = clocktext.clock_explanation(_clock_of(deadline, facts))
            assert not CJK.search(text), text


def _clock_of(deadline: deadlines.Deadline, facts) -> SimpleNamespace:
    policy = next(p for p in deadlines.DEFAULT_POLICIES if p.code == deadline.policy_code)
    return SimpleNamespace(
        policy_code=deadline.policy_code,
        started_on=facts.event_date(policy.starts_from),
        due_on=deadline.due_on,
        provisional=deadline.provisional,
        explanation=deadline.explanation,
    )


def test_in_english_the_case_clocks_read_in_english(org, rf):
    case = routed_case(lead=org.units["agri"], village=org.village, received_at=timezone.now() - timedelta(days=2))
    case_clocks_refresh(case)
    assert CaseClock.objects.filter(case=case).count() >= 2
    request = rf.get("/")
    request.user = org.director.user
    with translation.override("en"):
        section = clocks_context(request, case, actions=frozenset())["clocks_section"]
        rows = [(row["label"], row["state_label"], row["basis"], row["explanation"]) for row in section["clocks"]]
        mark = str(section["clock_provisional_mark"])
    for row in rows:
        assert not any(CJK.search(str(text)) for text in row), row
    assert not CJK.search(mark)
    with translation.override("zh-hans"):
        section = clocks_context(request, case, actions=frozenset())["clocks_section"]
    for row in section["clocks"]:
        assert row["basis"] == row["clock"].basis
        assert row["explanation"] == row["clock"].explanation


def test_an_extended_clock_says_how_in_either_language(org, rf):
    case = routed_case(lead=org.units["agri"], village=org.village, received_at=timezone.now() - timedelta(days=2))
    case_clocks_refresh(case)
    handler = org.people["agri", "handler"]
    services.case_pick(case=case, actor=handler)
    case_extension_request(case=case, actor=handler, days=10, reason="情况复杂")
    case.refresh_from_db()
    extension_decide(case=case, actor=org.director.user, approve=True, note="")
    reply = CaseClock.objects.get(case=case, clock="reply")
    assert reply.extended
    request = rf.get("/")
    request.user = org.director.user
    with translation.override("en"):
        row = next(
            r
            for r in clocks_context(request, case, actions=frozenset())["clocks_section"]["clocks"]
            if r["clock"].clock == "reply"
        )
    assert "extended by 10 days" in row["explanation"]
    assert not CJK.search(row["explanation"] + row["basis"])
    with translation.override("zh-hans"):
        row = next(
            r
            for r in clocks_context(request, case, actions=frozenset())["clocks_section"]["clocks"]
            if r["clock"].clock == "reply"
        )
    assert "经批准延长 10 日" in row["explanation"]


@pytest.mark.parametrize("status", sorted(st.ALL_STATUSES))
def test_a_status_change_reads_in_the_reader_language(status):
    event = SimpleNamespace(kind="closed", data={"from": status, "to": status + "x"})
    with translation.override("en"):
        english = describe(event, Names())
    with translation.override("zh-hans"):
        chinese = describe(event, Names())
    assert not CJK.search(english[0][1]), english
    assert CJK.search(chinese[0][1]), chinese
