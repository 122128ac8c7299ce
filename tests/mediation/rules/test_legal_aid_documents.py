"""The legal-aid application's documents as data: what is missing, when it is complete."""

import pytest

from mediation.rules.legal_aid import CODES, DOCUMENTS, UnknownDocument, is_complete, missing_documents

ALL_BUT_AGENT = ["application_form", "identity", "hardship", "matter_papers"]


def test_an_empty_application_misses_everything_but_the_agents_papers():
    assert [d.code for d in missing_documents([], by_agent=False)] == ALL_BUT_AGENT


def test_an_application_through_an_agent_also_needs_the_agents_papers():
    assert [d.code for d in missing_documents(ALL_BUT_AGENT, by_agent=True)] == ["agent_authority"]
    assert is_complete([*ALL_BUT_AGENT, "agent_authority"], by_agent=True)


def test_the_four_documents_complete_an_application_in_person():
    assert is_complete(ALL_BUT_AGENT, by_agent=False)
    assert not is_complete(ALL_BUT_AGENT[:3], by_agent=False)


def test_an_unknown_document_is_refused():
    with pytest.raises(UnknownDocument):
        missing_documents(["passport"], by_agent=False)


def test_every_document_has_a_unique_code_and_a_chinese_name():
    assert len(CODES) == len(DOCUMENTS)
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in d.label) for d in DOCUMENTS)
