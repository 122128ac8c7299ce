"""The one refused-action error: every kind has a stable code and a Chinese message."""

import re

import pytest
from django.utils import translation

from cases import errors
from cases.errors import ActionRefused


def _kinds(cls=ActionRefused):
    yield cls
    for sub in cls.__subclasses__():
        yield from _kinds(sub)


KINDS = sorted(set(_kinds()), key=lambda cls: cls.__name__)


def test_the_error_kinds_are_those_of_cases_errors():
    assert {cls.__module__ for cls in KINDS} == {"cases.errors"}, "define refused-action kinds in cases/errors.py"


@pytest.mark.parametrize("kind", KINDS, ids=lambda cls: cls.__name__)
def test_every_error_kind_has_a_code_and_a_chinese_message(kind):
    assert re.fullmatch(r"[a-z][a-z_]*", kind.code)
    with translation.override("en"):
        english = str(kind.message)
    with translation.override("zh-hans"):
        chinese = str(kind.message)
        raised = kind()
    assert chinese != english, f"no zh_Hans translation for {english!r}"
    assert re.search(r"[\u4e00-\u9fff]", chinese)
    assert (raised.code, raised.message, str(raised)) == (kind.code, chinese, chinese)
    assert 400 <= kind.status < 500


def test_error_kind_codes_are_distinct():
    codes = [cls.code for cls in KINDS]
    assert len(codes) == len(set(codes))


def test_a_raise_may_give_its_own_message_and_code():
    refused = errors.NotAllowed("只有主要领导可以授权", code="not_director")
    assert (refused.status, refused.code, refused.message) == (403, "not_director", "只有主要领导可以授权")
    assert isinstance(refused, ActionRefused)
