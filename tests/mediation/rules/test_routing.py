"""Routing by the rulebook's 一（一） and 一（四）, with conduct complaints kept away from the accused."""

import ast
import re
from pathlib import Path

import pytest

from mediation.rules.routing import (
    DEFAULT_ROUTING_TABLE,
    GAP_DISCIPLINE_OFFICE_ACCUSED,
    GAP_NO_AREA,
    GAP_NO_LINE_OFFICE,
    CaseFacts,
    OrgSnapshot,
    RoutingDecision,
    RoutingRule,
    RoutingTableError,
    UnitRef,
    route_case,
    table_from_rows,
    table_to_rows,
)

CHINESE = re.compile(r"[\u4e00-\u9fff]")

DIRECTOR = "leader:wang"
LI = "leader:li"  # supervises agriculture and ecology; chief of the east area
ZHANG = "leader:zhang"  # supervises urban construction; chief of the west area
LIU = "leader:liu"  # supervises petition office, legal service, mediation, governance; chief of north
CHEN = "leader:chen"  # supervises the discipline office

AGRI_HANDLER = "user:agri.handler"
EAST_MEMBER = "user:east.member"


def _org(**changes: object) -> OrgSnapshot:
    """The demo organisation of the Lihai center as a snapshot."""
    units = [
        UnitRef("petition-office", "petition_office"),
        UnitRef("agriculture", "line_office"),
        UnitRef("urban-construction", "line_office"),
        UnitRef("discipline-office", "discipline_office"),
        UnitRef("governance-office", "governance_office"),
        UnitRef("legal-service", "legal_service"),
        UnitRef("mediation-committee", "mediation_committee"),
        UnitRef("liaison-east", "liaison_team", "east"),
        UnitRef("liaison-west", "liaison_team", "west"),
        UnitRef("liaison-north", "liaison_team", "north"),
    ]
    fields: dict[str, object] = {
        "units": {unit.code: unit for unit in units},
        "supervisor_of_unit": {
            "agriculture": LI,
            "urban-construction": ZHANG,
            "petition-office": LIU,
            "legal-service": LIU,
            "mediation-committee": LIU,
            "governance-office": LIU,
            "discipline-office": CHEN,
        },
        "chief_of_area": {"east": LI, "west": ZHANG, "north": LIU},
        "liaison_team_of_area": {"east": "liaison-east", "west": "liaison-west", "north": "liaison-north"},
        "director": DIRECTOR,
        "unit_of_person": {
            AGRI_HANDLER: frozenset({"agriculture"}),
            EAST_MEMBER: frozenset({"liaison-east"}),
            "user:discipline.handler": frozenset({"discipline-office"}),
        },
    }
    fields.update(changes)
    return OrgSnapshot(**fields)  # type: ignore[arg-type]


ORG = _org()


def _everyone(decision: RoutingDecision) -> set[str | None]:
    """Every unit and leader a decision names."""
    return {
        decision.lead_unit,
        decision.owner,
        *decision.assisting_units,
        *decision.assisting_leaders,
    }


# --- 一（一）1 policy questions ------------------------------------------------------------------


def test_policy_question_is_handled_by_line_office_and_owned_by_its_supervising_leader():
    decision = route_case(CaseFacts("policy", line_office="urban-construction", area="east"), ORG)

    assert decision.lead_unit == "urban-construction"
    assert decision.owner == ZHANG
    assert decision.assisting_units == ("liaison-east",)
    assert decision.assisting_leaders == (LI,)
    assert decision.leader_led is False
    assert decision.confidential is False
    assert decision.gaps == ()


def test_policy_question_reason_cites_clause_one_one_one():
    decision = route_case(CaseFacts("policy", line_office="agriculture", area="west"), ORG)

    assert decision.reasons[0] == (
        "政策性问题：由分管领导牵头、责任线办承办，片长及联村工作组协助（沥工委〔2020〕38号 一（一）1）"
    )


def test_policy_question_does_not_list_owner_again_when_owner_is_also_area_chief():
    decision = route_case(CaseFacts("policy", line_office="agriculture", area="east"), ORG)

    assert decision.owner == LI
    assert decision.assisting_leaders == ()


def test_policy_question_without_line_office_leaves_lead_to_clerk():
    decision = route_case(CaseFacts("policy", area="east"), ORG)

    assert decision.lead_unit is None
    assert decision.owner is None
    assert decision.gaps == (GAP_NO_LINE_OFFICE,)
    assert decision.assisting_units == ("liaison-east",)
    assert decision.assisting_leaders == (LI,)


def test_policy_question_without_area_reports_area_gap_once():
    decision = route_case(CaseFacts("policy", line_office="agriculture"), ORG)

    assert decision.lead_unit == "agriculture"
    assert decision.owner == LI
    assert decision.assisting_units == ()
    assert decision.assisting_leaders == ()
    assert decision.gaps == (GAP_NO_AREA,)


def test_policy_question_with_unknown_line_office_code_reports_gap():
    decision = route_case(CaseFacts("policy", line_office="no-such-office", area="east"), ORG)

    assert decision.lead_unit is None
    assert any("no-such-office" in gap for gap in decision.gaps)


def test_policy_question_naming_a_unit_that_is_not_a_line_office_reports_gap():
    decision = route_case(CaseFacts("policy", line_office="legal-service", area="east"), ORG)

    assert decision.lead_unit is None
    assert "legal-service" not in decision.assisting_units
    assert any("不是线办" in gap for gap in decision.gaps)


def test_policy_question_whose_line_office_has_no_supervising_leader_reports_gap():
    org = _org(supervisor_of_unit={"discipline-office": CHEN})

    decision = route_case(CaseFacts("policy", line_office="agriculture", area="west"), org)

    assert decision.lead_unit == "agriculture"
    assert decision.owner is None
    assert any("agriculture" in gap and "分管领导" in gap for gap in decision.gaps)


# --- 一（一）2 failures of execution inside an area -----------------------------------------------


def test_execution_failure_is_handled_by_liaison_team_and_owned_by_area_chief():
    decision = route_case(CaseFacts("execution", line_office="agriculture", area="west"), ORG)

    assert decision.lead_unit == "liaison-west"
    assert decision.owner == ZHANG
    assert decision.assisting_units == ("agriculture",)
    assert decision.assisting_leaders == (LI,)
    assert decision.reasons[0].endswith("（沥工委〔2020〕38号 一（一）2）")
    assert decision.gaps == ()


def test_execution_failure_without_area_has_no_lead_and_no_owner():
    decision = route_case(CaseFacts("execution", line_office="agriculture"), ORG)

    assert decision.lead_unit is None
    assert decision.owner is None
    assert decision.assisting_units == ("agriculture",)
    assert decision.gaps == (GAP_NO_AREA,)


def test_execution_failure_without_line_office_still_goes_to_area():
    decision = route_case(CaseFacts("execution", area="north"), ORG)

    assert decision.lead_unit == "liaison-north"
    assert decision.owner == LIU
    assert decision.assisting_units == ()
    assert decision.assisting_leaders == ()
    assert decision.gaps == (GAP_NO_LINE_OFFICE,)


def test_execution_failure_in_area_without_liaison_team_reports_gap():
    org = _org(liaison_team_of_area={"east": "liaison-east"})

    decision = route_case(CaseFacts("execution", line_office="agriculture", area="west"), org)

    assert decision.lead_unit is None
    assert decision.owner == ZHANG
    assert any("west" in gap and "联村工作组" in gap for gap in decision.gaps)


def test_execution_failure_in_area_without_chief_reports_gap():
    org = _org(chief_of_area={"east": LI})

    decision = route_case(CaseFacts("execution", line_office="agriculture", area="west"), org)

    assert decision.lead_unit == "liaison-west"
    assert decision.owner is None
    assert any("west" in gap and "片长" in gap for gap in decision.gaps)


# --- 一（一）3 conduct complaints ---------------------------------------------------------------


def test_conduct_complaint_is_handled_by_discipline_office_and_owned_by_its_supervising_leader():
    decision = route_case(CaseFacts("conduct", line_office="urban-construction", area="west"), ORG)

    assert decision.lead_unit == "discipline-office"
    assert decision.owner == CHEN
    assert decision.assisting_units == ("urban-construction", "liaison-west")
    assert decision.assisting_leaders == (ZHANG,)
    assert decision.confidential is True
    assert decision.reasons[0].endswith("（沥工委〔2020〕38号 一（一）3）")
    assert decision.gaps == ()


def test_conduct_complaint_without_line_office_or_area_has_no_gap():
    decision = route_case(CaseFacts("conduct"), ORG)

    assert decision.lead_unit == "discipline-office"
    assert decision.owner == CHEN
    assert decision.assisting_units == ()
    assert decision.assisting_leaders == ()
    assert decision.gaps == ()


def test_conduct_complaint_never_routes_to_accused_line_office_or_its_supervising_leader():
    facts = CaseFacts("conduct", line_office="agriculture", area="west", accused_units=frozenset({"agriculture"}))

    decision = route_case(facts, ORG)

    assert decision.lead_unit == "discipline-office"
    assert decision.owner == CHEN
    assert decision.assisting_units == ("liaison-west",)
    assert decision.assisting_leaders == (ZHANG,)
    assert "agriculture" not in _everyone(decision)
    assert LI not in _everyone(decision)


def test_conduct_complaint_never_routes_to_accused_liaison_team_or_its_area_chief():
    facts = CaseFacts(
        "conduct", line_office="urban-construction", area="east", accused_units=frozenset({"liaison-east"})
    )

    decision = route_case(facts, ORG)

    assert decision.lead_unit == "discipline-office"
    assert decision.assisting_units == ("urban-construction",)
    assert decision.assisting_leaders == (ZHANG,)
    assert "liaison-east" not in _everyone(decision)
    assert LI not in _everyone(decision)


def test_conduct_complaint_against_person_never_routes_to_their_unit():
    facts = CaseFacts("conduct", line_office="agriculture", area="east", accused_persons=frozenset({AGRI_HANDLER}))

    decision = route_case(facts, ORG)

    assert decision.lead_unit == "discipline-office"
    assert decision.owner == CHEN
    assert decision.assisting_units == ("liaison-east",)
    assert "agriculture" not in _everyone(decision)
    assert LI not in _everyone(decision)


def test_conduct_complaint_against_liaison_team_member_keeps_line_office_assisting():
    facts = CaseFacts("conduct", line_office="agriculture", area="east", accused_persons=frozenset({EAST_MEMBER}))

    decision = route_case(facts, ORG)

    assert decision.assisting_units == ("agriculture",)
    assert "liaison-east" not in _everyone(decision)
    assert LI not in _everyone(decision)


def test_conduct_complaint_against_area_chief_leaves_chief_out():
    facts = CaseFacts("conduct", line_office="agriculture", area="west", accused_persons=frozenset({ZHANG}))

    decision = route_case(facts, ORG)

    assert decision.owner == CHEN
    assert decision.assisting_units == ("agriculture", "liaison-west")
    assert decision.assisting_leaders == (LI,)
    assert ZHANG not in _everyone(decision)


def test_conduct_complaint_against_supervising_leader_of_discipline_office_goes_to_director():
    facts = CaseFacts("conduct", line_office="agriculture", area="west", accused_persons=frozenset({CHEN}))

    decision = route_case(facts, ORG)

    assert decision.lead_unit == "discipline-office"
    assert decision.owner == DIRECTOR
    assert CHEN not in _everyone(decision)
    assert any("主要领导" in reason for reason in decision.reasons)
    assert decision.gaps == ()


def test_conduct_complaint_against_discipline_office_has_no_lead_and_is_owned_by_director():
    facts = CaseFacts("conduct", line_office="agriculture", area="west", accused_units=frozenset({"discipline-office"}))

    decision = route_case(facts, ORG)

    assert decision.lead_unit is None
    assert decision.owner == DIRECTOR
    assert GAP_DISCIPLINE_OFFICE_ACCUSED in decision.gaps
    assert "discipline-office" not in _everyone(decision)
    assert CHEN not in _everyone(decision)


def test_conduct_complaint_against_discipline_office_cadre_has_no_lead():
    facts = CaseFacts("conduct", accused_persons=frozenset({"user:discipline.handler"}))

    decision = route_case(facts, ORG)

    assert decision.lead_unit is None
    assert decision.owner == DIRECTOR
    assert decision.gaps == (GAP_DISCIPLINE_OFFICE_ACCUSED,)


def test_conduct_complaint_against_director_keeps_discipline_office_and_flags_signatures():
    facts = CaseFacts("conduct", line_office="agriculture", area="west", accused_persons=frozenset({DIRECTOR}))

    decision = route_case(facts, ORG)

    assert decision.lead_unit == "discipline-office"
    assert decision.owner == CHEN
    assert DIRECTOR not in _everyone(decision)
    assert any("主要领导" in gap and "上级纪委" in gap for gap in decision.gaps)


def test_conduct_complaint_against_director_and_discipline_leader_has_no_owner():
    facts = CaseFacts("conduct", accused_persons=frozenset({DIRECTOR, CHEN}))

    decision = route_case(facts, ORG)

    assert decision.lead_unit == "discipline-office"
    assert decision.owner is None
    assert DIRECTOR not in _everyone(decision)
    assert CHEN not in _everyone(decision)
    assert any("均须回避" in gap for gap in decision.gaps)


@pytest.mark.parametrize(
    "accused_units",
    [frozenset({code}) for code in sorted(ORG.units)] + [frozenset(ORG.units)],
    ids=lambda units: "+".join(sorted(units)),
)
def test_conduct_complaint_never_names_any_accused_unit(accused_units):
    facts = CaseFacts("conduct", line_office="agriculture", area="east", repeat_count=3, accused_units=accused_units)

    decision = route_case(facts, ORG)

    assert not accused_units & _everyone(decision)
    assert decision.leader_led is True


def test_escalated_conduct_complaint_stays_with_discipline_leader():
    facts = CaseFacts("conduct", line_office="agriculture", area="east", skip_level=True)

    decision = route_case(facts, ORG)

    assert decision.leader_led is True
    assert decision.owner == CHEN
    assert decision.lead_unit == "discipline-office"


def test_non_conduct_case_with_accused_unit_is_confidential_and_asks_clerk():
    facts = CaseFacts("policy", line_office="agriculture", area="west", accused_units=frozenset({"agriculture"}))

    decision = route_case(facts, ORG)

    assert decision.confidential is True
    assert decision.lead_unit is None
    assert decision.owner == DIRECTOR
    assert "agriculture" not in _everyone(decision)
    assert LI not in _everyone(decision)
    assert any("干部作风" in gap for gap in decision.gaps)


def test_conduct_complaint_without_discipline_office_in_organisation_reports_gap():
    org = _org(units={code: unit for code, unit in ORG.units.items() if code != "discipline-office"})

    decision = route_case(CaseFacts("conduct"), org)

    assert decision.lead_unit is None
    assert any("纪工委" in gap for gap in decision.gaps)


# --- the center's other services ------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "unit"),
    [("legal", "legal-service"), ("mediation", "mediation-committee"), ("governance", "governance-office")],
)
def test_service_case_goes_to_its_unit_assisted_by_area_liaison_team(kind, unit):
    decision = route_case(CaseFacts(kind, area="west"), ORG)

    assert decision.lead_unit == unit
    assert decision.owner == LIU
    assert decision.assisting_units == ("liaison-west",)
    assert decision.assisting_leaders == ()
    assert decision.reasons[0].endswith("（沥工委〔2020〕38号 二（八））")
    assert decision.gaps == ()


@pytest.mark.parametrize("kind", ["legal", "mediation", "governance"])
def test_service_case_without_area_has_no_assistant_and_no_gap(kind):
    decision = route_case(CaseFacts(kind), ORG)

    assert decision.lead_unit is not None
    assert decision.assisting_units == ()
    assert decision.gaps == ()


# --- 一（四） escalated cases are leader-led -----------------------------------------------------


@pytest.mark.parametrize(
    "trigger",
    [{"repeat_count": 3}, {"skip_level": True}, {"group_size": 5}, {"extreme_behaviour": True}],
    ids=["repeat", "skip_level", "collective", "extreme"],
)
@pytest.mark.parametrize(("kind", "owner"), [("policy", ZHANG), ("execution", LI), ("legal", LIU), ("conduct", CHEN)])
def test_escalated_case_is_led_by_supervising_leader_or_area_chief(trigger, kind, owner):
    facts = CaseFacts(kind, line_office="urban-construction", area="east", **trigger)

    decision = route_case(facts, ORG)

    assert decision.leader_led is True
    assert decision.owner == owner
    assert decision.escalation.warning_slip is True
    assert any("一（四）" in reason for reason in decision.reasons)


@pytest.mark.parametrize("kind", ["policy", "execution", "conduct", "legal", "mediation", "governance"])
def test_first_petition_is_not_leader_led(kind):
    decision = route_case(CaseFacts(kind, line_office="agriculture", area="east", repeat_count=2, group_size=4), ORG)

    assert decision.leader_led is False
    assert decision.escalation.escalated is False


def test_escalated_case_without_owner_reports_gap():
    decision = route_case(CaseFacts("policy", area="east", repeat_count=4), ORG)

    assert decision.leader_led is True
    assert decision.owner is None
    assert any("升级件" in gap for gap in decision.gaps)


# --- decisions are well formed ----------------------------------------------------------------


@pytest.mark.parametrize("kind", ["policy", "execution", "conduct", "legal", "mediation", "governance"])
@pytest.mark.parametrize("area", ["east", "west", "north", None])
@pytest.mark.parametrize("line_office", ["agriculture", "urban-construction", None])
def test_decision_never_lists_lead_or_owner_among_assistants(kind, area, line_office):
    decision = route_case(CaseFacts(kind, line_office=line_office, area=area), ORG)

    assert decision.lead_unit not in decision.assisting_units
    assert decision.owner not in decision.assisting_leaders
    assert len(set(decision.assisting_units)) == len(decision.assisting_units)
    assert len(set(decision.assisting_leaders)) == len(decision.assisting_leaders)
    assert all(CHINESE.search(text) for text in decision.reasons + decision.gaps)


def test_lead_is_dropped_from_assistants_when_table_names_it_twice():
    table = (RoutingRule("policy", lead="line_office", assist=("related_units",), owner="supervising_leader"),)

    decision = route_case(CaseFacts("policy", line_office="agriculture", area="west"), ORG, table)

    assert decision.lead_unit == "agriculture"
    assert decision.assisting_units == ("liaison-west",)


def test_routing_does_not_depend_on_snapshot_ordering():
    reversed_org = _org(
        units=dict(reversed(ORG.units.items())),
        supervisor_of_unit=dict(reversed(ORG.supervisor_of_unit.items())),
        liaison_team_of_area=dict(reversed(ORG.liaison_team_of_area.items())),
    )
    facts = CaseFacts("conduct", line_office="urban-construction", area="east", repeat_count=3)

    assert route_case(facts, reversed_org) == route_case(facts, ORG)


def test_table_without_rule_for_kind_reports_gap_instead_of_raising():
    table = tuple(rule for rule in DEFAULT_ROUTING_TABLE if rule.case_kind != "legal")

    decision = route_case(CaseFacts("legal", area="east", group_size=6), ORG, table)

    assert decision.lead_unit is None
    assert decision.owner is None
    assert decision.leader_led is True
    assert decision.escalation.joint_reception is True
    assert len(decision.gaps) == 1
    assert "法律咨询" in decision.gaps[0]


def test_edited_table_changes_routing():
    rows = table_to_rows(DEFAULT_ROUTING_TABLE)
    for row in rows:
        if row["case_kind"] == "legal":
            row.update(lead="mediation_committee", assist=["legal_service"], optional=[], owner="director")

    decision = route_case(CaseFacts("legal", area="east"), ORG, table_from_rows(rows))

    assert decision.lead_unit == "mediation-committee"
    assert decision.assisting_units == ("legal-service",)
    assert decision.owner == DIRECTOR
    assert decision.reasons[0].startswith("法律咨询、法律援助事项：由主要领导牵头、人民调解委员会承办，司法所协助")


def test_duplicate_units_of_a_kind_pick_first_code_and_ask_clerk():
    org = _org(units={**ORG.units, "legal-aid": UnitRef("legal-aid", "legal_service")})

    decision = route_case(CaseFacts("legal"), org)

    assert decision.lead_unit == "legal-aid"
    assert any("多个" in gap for gap in decision.gaps)


@pytest.mark.parametrize(
    "changes",
    [{"kind": "complaint"}, {"repeat_count": 0}, {"group_size": 0}],
    ids=["unknown_kind", "repeat_zero", "group_zero"],
)
def test_case_facts_reject_impossible_values(changes):
    values = {"kind": "policy"} | changes

    with pytest.raises(ValueError, match=next(iter(changes))):
        CaseFacts(**values)


# --- the routing table as data ----------------------------------------------------------------


def test_default_table_survives_json_round_trip():
    assert table_from_rows(table_to_rows(DEFAULT_ROUTING_TABLE)) == DEFAULT_ROUTING_TABLE


def test_default_table_covers_every_kind_once():
    kinds = [rule.case_kind for rule in DEFAULT_ROUTING_TABLE]

    assert sorted(kinds) == sorted({"policy", "execution", "conduct", "legal", "mediation", "governance"})


def _rows_with(number: int, **changes: object) -> list[dict[str, object]]:
    """The default table as rows, with row ``number`` (1-based) changed; None removes a field."""
    rows = table_to_rows(DEFAULT_ROUTING_TABLE)
    for key, value in changes.items():
        if value is None:
            del rows[number - 1][key]
        else:
            rows[number - 1][key] = value
    return rows


@pytest.mark.parametrize(
    ("number", "changes", "expected"),
    [
        (1, {"case_kind": "complaint"}, "事项类别“complaint”不存在"),
        (2, {"lead": "village"}, "承办单位角色“village”无效"),
        (2, {"lead": "area_chief"}, "承办单位角色“area_chief”无效"),
        (3, {"lead": "related_units"}, "承办单位角色“related_units”无效"),
        (4, {"owner": "legal_service"}, "牵头领导角色“legal_service”无效"),
        (4, {"owner": "related_leaders"}, "牵头领导角色“related_leaders”无效"),
        (1, {"assist": ["area_chief", "mayor"]}, "协助角色“mayor”无效"),
        (1, {"assist": "area_chief"}, "“assist”须为角色列表"),
        (1, {"assist": ["area_chief", "area_chief"]}, "协助角色“area_chief”重复"),
        (1, {"assist": ["line_office"]}, "承办单位角色“line_office”不能同时作为协助角色"),
        (1, {"assist": ["supervising_leader"]}, "牵头领导角色“supervising_leader”不能同时作为协助角色"),
        (5, {"optional": ["area_chief"]}, "可选角色“area_chief”不在协助角色中"),
        (5, {"optional": "area_liaison_team"}, "“optional”须为角色列表"),
        (6, {"owner": None}, "缺少字段“owner”"),
        (6, {"priority": 1}, "未知字段“priority”"),
    ],
)
def test_table_from_rows_rejects_bad_row_and_names_it(number, changes, expected):
    rows = _rows_with(number, **changes)

    with pytest.raises(RoutingTableError) as refused:
        table_from_rows(rows)

    assert f"路由表第{number}行" in str(refused.value)
    assert expected in str(refused.value)


def test_table_from_rows_rejects_duplicate_kind():
    rows = table_to_rows(DEFAULT_ROUTING_TABLE)
    rows.append(dict(rows[0]))

    with pytest.raises(RoutingTableError, match=r"路由表第7行.*“policy”重复（已在第1行定义）"):
        table_from_rows(rows)


def test_table_from_rows_rejects_missing_kind():
    rows = [row for row in table_to_rows(DEFAULT_ROUTING_TABLE) if row["case_kind"] != "governance"]

    with pytest.raises(RoutingTableError, match=r"缺少.*governance"):
        table_from_rows(rows)


def test_table_from_rows_rejects_row_that_is_not_an_object():
    rows: list[object] = [*table_to_rows(DEFAULT_ROUTING_TABLE)[:2], ["policy", "line_office"]]

    with pytest.raises(RoutingTableError, match="路由表第3行"):
        table_from_rows(rows)  # type: ignore[arg-type]


def test_table_from_rows_accepts_rows_without_optional_field():
    rows = _rows_with(1, optional=None)

    table = table_from_rows(rows)

    assert table[0] == DEFAULT_ROUTING_TABLE[0]


# --- purity -----------------------------------------------------------------------------------


ROOT = Path(__file__).parents[3]
RULES_DIR = ROOT / "mediation" / "rules"
ROUTING_AND_ESCALATION = [
    *sorted((RULES_DIR / "routing").glob("*.py")),
    RULES_DIR / "escalation.py",
    ROOT / "cases" / "rules" / "status.py",
]


@pytest.mark.parametrize(
    "path", ROUTING_AND_ESCALATION, ids=lambda path: path.relative_to(RULES_DIR.parents[1]).as_posix()
)
def test_rules_module_imports_neither_django_nor_the_clock(path):
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)

    imported = {
        name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for name in ([node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names])
    }

    assert not {name for name in imported if name.split(".")[0] in {"django", "datetime", "time"}}
