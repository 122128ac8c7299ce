"""The status badge's text: every status of every table reads as a sentence in Chinese, never its code."""

import pytest
from django.template import Context, Template
from django.utils import translation

from cases.rules import status as st
from mediation.templatetags.case_status import status_text

PETITION = sorted(st.ALL_STATUSES)
GOVERNANCE = sorted(st.GOVERNANCE_STATUS_LABELS)


def _chinese(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


@pytest.mark.parametrize("status", PETITION)
def test_every_status_has_its_chinese_sentence(status):
    with translation.override("zh-hans"):
        assert _chinese(str(status_text(status, "petition"))), status
    with translation.override("en"):
        assert str(status_text(status, "petition")) not in ("", status)


@pytest.mark.parametrize("status", GOVERNANCE)
def test_an_incident_reads_the_governance_office_steps(status):
    with translation.override("zh-hans"):
        text = str(status_text(status, "governance"))
    assert _chinese(text)
    if status in ("registered", "routed", "reopened"):
        assert text == str(status_text("registered", "governance"))
        with translation.override("en"):
            assert str(status_text(status, "governance")) == "Awaiting dispatch"


def test_an_unknown_status_shows_its_code_and_the_include_says_the_same():
    assert status_text("no_such_status") == "no_such_status"
    include = Template('{% include "mediation/includes/status.html" with status=s service=v %}')
    with translation.override("zh-hans"):
        for status in PETITION:
            rendered = include.render(Context({"s": status, "v": "mediation"}))
            assert rendered.strip() == str(status_text(status, "mediation"))


def test_the_include_reads_a_case_without_its_service():
    include = Template('{% include "mediation/includes/status.html" with status=s %}')
    with translation.override("zh-hans"):
        assert include.render(Context({"s": "replied"})).strip() == str(status_text("replied"))
