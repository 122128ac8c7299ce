"""The documents of a legal-aid application as data, and when the application is complete.

《中华人民共和国法律援助法》第四十一条: an applicant for reasons of financial hardship states their
financial situation truthfully; 第四十三条: when the documents are incomplete, the legal-aid body tells
the applicant at once, in one go, what is to be supplied. The list follows the usual application
pack (the application form, proof of identity, the statement of financial hardship, the papers of
the matter); an application made by an agent also needs the agent's identity and authority.

Plain Python over plain data: no Django, no clock.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class Document:
    """One document; ``label`` is its official Chinese name (people read ``mediation.legaltext``)."""

    code: str
    label: str
    by_agent_only: bool = False


DOCUMENTS: Final = (
    Document("application_form", "法律援助申请表"),
    Document("identity", "申请人居民身份证或者其他有效身份证明"),
    Document("hardship", "经济困难状况说明表（或能够证明经济困难的证件、证明材料）"),
    Document("matter_papers", "与所申请法律援助事项有关的材料"),
    Document("agent_authority", "代理人身份证明及代理权限证明", by_agent_only=True),
)
CODES: Final = frozenset(document.code for document in DOCUMENTS)


class UnknownDocument(ValueError):
    """A document code not on the list."""


def required_documents(*, by_agent: bool) -> tuple[Document, ...]:
    """The documents the application needs (the agent's papers only when an agent applies)."""
    return tuple(d for d in DOCUMENTS if by_agent or not d.by_agent_only)


def missing_documents(received: Iterable[str], *, by_agent: bool) -> tuple[Document, ...]:
    """What is still to be supplied, in the list's order; refuses a code not on the list."""
    received = set(received)
    unknown = received - CODES
    if unknown:
        raise UnknownDocument(f"未知材料：{'、'.join(sorted(unknown))}")
    return tuple(d for d in required_documents(by_agent=by_agent) if d.code not in received)


def is_complete(received: Iterable[str], *, by_agent: bool) -> bool:
    return not missing_documents(received, by_agent=by_agent)
