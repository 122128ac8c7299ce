"""Every ledger through THE visibility rule: a matrix of ledger × person (the accused, the accused's
unit and its head, the lead unit's handler and head, the petition office, the leaders, the director,
the discipline office). The page, its count and its export hold exactly the cases ``case_list_for_user``
gives that person within the ledger's scope; a conduct complaint never reaches the accused or their
unit; a report's reporter is blank for everyone but those who handle it.
"""

import re
from io import BytesIO

import pytest
from openpyxl import load_workbook

from cases.selectors import case_list_for_user
from ledgers.registers import LEDGERS
from tests.ledgers.conftest import PETITION_WORK

pytestmark = pytest.mark.django_db
CODE = re.compile(r"/staff/cases/(LH[0-9A-Z]{10})/")
PEOPLE = [
    ("agri", "handler"),  # accused in conduct_person; picked the report (its handler)
    ("agri", "head"),  # the report's lead unit head: a handler of it
    ("agri", "clerk"),  # the report's lead unit, not its handler
    ("urban", "handler"),  # its unit is accused in conduct_unit
    ("urban", "head"),
    ("petition", "clerk"),
    ("discipline", "handler"),
]
LEADERS = ["li", "zhang", "chen"]
NEVER = {
    ("agri.handler", "conduct_person"),
    ("urban.handler", "conduct_unit"),
    ("urban.head", "conduct_unit"),
    ("leader.zhang", "conduct_unit"),  # supervises the accused unit
}
# Who sees the report and handles it (its reporter named) or only sees it (its reporter blank).
REPORT_NAMED = {"director", "agri.head", "agri.handler"}
REPORT_BLANK = {"agri.clerk", "petition.clerk", "leader.li"}


def people(org) -> dict:
    found = {f"{unit}.{role}": org.people[unit, role] for unit, role in PEOPLE}
    found |= {f"leader.{name}": org.leaders[name].user for name in LEADERS}
    found["director"] = org.director.user
    return found


def ledger_url(slug: str) -> str:
    return f"/admin/ledgers/{slug}/"


def export_rows(client, slug: str, query: str = "") -> list[list]:
    response = client.get(f"{ledger_url(slug)}?{query}&export=xlsx")
    assert response.status_code == 200, response.status_code
    content = b"".join(response.streaming_content)
    sheet = load_workbook(BytesIO(content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("slug", list(LEDGERS))
def test_each_ledger_holds_exactly_the_visible_cases(client, world, slug):
    org, cases = world
    code_of = {key: case.tracking_code for key, case in cases.items()}
    ledger = LEDGERS[slug]
    for name, user in people(org).items():
        client.force_login(user)
        expected = set(case_list_for_user(user).filter(ledger.scope).values_list("tracking_code", flat=True))
        response = client.get(ledger_url(slug))
        assert response.status_code == 200, name
        assert set(CODE.findall(response.content.decode())) == expected, (slug, name)
        assert response.context["paginator"].count == len(expected), (slug, name)
        rows = export_rows(client, slug)
        column = rows[0].index("查询码")
        exported = {row[column].replace("-", "") for row in rows[1:]}
        assert len(rows) - 1 == len(expected), (slug, name)
        assert exported == expected, (slug, name)
        for key, code in code_of.items():
            if (name, key) in NEVER:
                assert code not in expected, (slug, name, key)
                body = response.content.decode()
                assert cases[key].request not in body, (slug, name, key)
                assert all(cases[key].request not in str(cell) for row in rows for cell in row), (slug, name, key)


def test_the_matrix_expectations_hold(world):
    """The rule spelled out, so that the matrix above cannot pass on an empty ledger."""
    org, cases = world
    who = people(org)

    def sees(name, key):
        return case_list_for_user(who[name]).filter(pk=cases[key].pk).exists()

    for name, key in NEVER:
        assert not sees(name, key)
    assert sees("director", "conduct_unit")
    assert sees("director", "conduct_person")
    assert sees("discipline.handler", "conduct_unit")
    assert sees("discipline.handler", "conduct_person")
    assert sees("agri.handler", "normal")
    assert sees("urban.head", "conduct_person") is False
    assert sees("petition.clerk", "report")
    assert not sees("petition.clerk", "conduct_unit")
    for name in REPORT_NAMED | REPORT_BLANK:
        assert sees(name, "report"), name


@pytest.mark.parametrize("slug", PETITION_WORK)  # the reports register names nobody: test_service_registers
def test_a_reporter_is_named_only_to_those_who_handle_the_report(client, world, slug):
    org, cases = world
    who = people(org)
    code = cases["report"].display_code
    for name in REPORT_NAMED | REPORT_BLANK:
        client.force_login(who[name])
        rows = export_rows(client, slug)
        column = rows[0].index("信访人")
        (row,) = [row for row in rows[1:] if code in row]
        assert (row[column] or "") == ("王大伯" if name in REPORT_NAMED else ""), (slug, name)
        page = client.get(ledger_url(slug), {"q": "王大伯"})
        found = set(CODE.findall(page.content.decode()))
        assert (cases["report"].tracking_code in found) == (name in REPORT_NAMED), (slug, name)


def test_people_without_case_work_do_not_reach_the_ledgers(client, world):
    org, _cases = world
    client.force_login(org.outsider)
    for slug in LEDGERS:
        response = client.get(ledger_url(slug))
        assert response.status_code in (302, 403)
        assert not CODE.findall(response.content.decode())
    client.logout()
    assert client.get(ledger_url("petitions")).status_code == 302
