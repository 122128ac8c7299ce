"""What no text input may hold, in one place: forms, JSON bodies, query strings and paths.

Bad text is a character that no person types and no store keeps faithfully:

* lone surrogates (U+D800–U+DFFF), which cannot even be encoded as UTF-8 (JSON's ``"\\ud800"``);
* NUL and the other C0 controls except tab, line feed and carriage return, DEL and the C1 controls
  (PostgreSQL refuses NUL outright; the others hide or garble text);
* the Unicode noncharacters: U+FDD0–U+FDEF and the last two code points of every plane
  (U+FFFE, U+FFFF, U+1FFFE, ... U+10FFFF).

``text_problem`` says what is wrong with one string; ``find_bad_text`` walks decoded JSON (keys
too); ``validate_text`` is the form-field validator. All three use the one pattern below.
"""

import re
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
BAD_TEXT = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}]")

# JSON nested deeper than this is refused before anything walks it.
MAX_JSON_DEPTH = 32


def text_problem(value: str) -> str | None:
    """A message (in the active language) saying why ``value`` is bad text, or None."""
    match = BAD_TEXT.search(value)
    if match is None:
        return None
    char = ord(match.group())
    if 0xD800 <= char <= 0xDFFF:
        return _("The text contains a broken character (a lone surrogate). Please retype it.")
    if char == 0:
        return _("The text contains a null character. Please retype it.")
    if char <= 0x9F:
        return _("The text contains control characters. Please retype it.")
    return _("The text contains a character that is not allowed (a Unicode noncharacter). Please retype it.")


def visible(text: str) -> str:
    """``text`` with its bad characters written as ``\\uXXXX``: safe to echo back (e.g. a field name)."""
    return BAD_TEXT.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _walk(value, path: tuple, depth: int) -> Iterator[tuple[tuple, str]]:
    if depth > MAX_JSON_DEPTH:
        yield path, _("The request is nested too deeply.")
        return
    if isinstance(value, str):
        problem = text_problem(value)
        if problem:
            yield path, problem
    elif isinstance(value, dict):
        for key, item in value.items():
            problem = text_problem(key)
            if problem:
                yield (*path, visible(key)), problem
            else:
                yield from _walk(item, (*path, key), depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, (*path, index), depth + 1)


def find_bad_text(value) -> tuple[str, str] | None:
    """The first bad string in decoded JSON (or any nest of dicts, lists and strings).

    Returns ``(field, message)``: the dotted path to the string (``"body"`` for the top level),
    and the message of ``text_problem``; None when all text is good.
    """
    for path, problem in _walk(value, (), 0):
        return ".".join(str(p) for p in path) or "body", problem
    return None


@deconstructible
class TextValidator:
    """Form-field validator: refuses bad text with a field error."""

    code = "bad_text"

    def __call__(self, value) -> None:
        if isinstance(value, str):
            problem = text_problem(value)
            if problem:
                raise ValidationError(problem, code=self.code)

    def __eq__(self, other) -> bool:
        return isinstance(other, TextValidator)

    def __hash__(self) -> int:
        return hash(type(self))


validate_text = TextValidator()
