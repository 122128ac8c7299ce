"""Checks on what residents type: ID numbers, phones, free text.

Each returns the cleaned value or raises ValidationError with a message in the
user's language (Chinese by default).
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
ID_PATTERN = re.compile(r"^\d{17}[\dX]$")
MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
# Zero-width and bidi control characters hide text from whoever reads it.
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def id_number_clean(value: str) -> str:
    """A mainland resident ID number (18 characters) with a valid check digit (GB 11643)."""
    number = value.strip().upper().replace(" ", "")
    if not ID_PATTERN.match(number):
        raise ValidationError(_("An ID number has 18 characters: 17 digits and a last digit or X."), code="id_format")
    total = sum(int(d) * w for d, w in zip(number[:17], ID_WEIGHTS, strict=True))
    if ID_CHECK[total % 11] != number[17]:
        raise ValidationError(_("This ID number is not valid: its check digit does not match."), code="id_check")
    month, day = int(number[10:12]), int(number[12:14])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        raise ValidationError(_("This ID number is not valid: its date of birth is impossible."), code="id_date")
    return number


def phone_clean(value: str) -> str:
    """A mobile number (11 digits, may start with +86) or a landline with area code."""
    raw = re.sub(r"[\s()]", "", value.strip())
    if raw.startswith("+86"):
        raw = raw[3:]
    elif raw.startswith("0086"):
        raw = raw[4:]
    if MOBILE.match(raw):
        return raw
    if LANDLINE.match(raw):
        return raw.replace("-", "")
    raise ValidationError(
        _("Enter a mobile number of 11 digits, or a landline with its area code (e.g. 0575-82123456)."),
        code="phone",
    )


def sms_phone_clean(value: str) -> str:
    """A mobile number for SMS (11 digits, may start with +86); '' when blank. A landline takes no SMS."""
    if not value.strip():
        return ""
    raw = phone_clean(value)
    if not MOBILE.match(raw):
        raise ValidationError(_("SMS goes to a mobile number of 11 digits, not a landline."), code="sms_phone")
    return raw


def text_clean(value: str, *, max_length: int, multiline: bool = True) -> str:
    """Free text: trimmed, NFC-normalised, no control or invisible characters, within length."""
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if INVISIBLE.search(text):
        raise ValidationError(
            _("The text contains invisible characters (such as zero-width spaces). Please retype it."),
            code="invisible",
        )
    allowed = {"\n", "\t"} if multiline else set()
    if any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in text):
        raise ValidationError(_("The text contains control characters. Please retype it."), code="control")
    if len(text) > max_length:
        raise ValidationError(
            _("Please keep this to %(max)d characters (it has %(length)d).") % {"max": max_length, "length": len(text)},
            code="too_long",
        )
    return text


def mask_phone(phone: str) -> str:
    """139****5678: enough to recognise, not enough to call."""
    if len(phone) < 7:
        return "*" * len(phone)
    return f"{phone[:3]}{'*' * (len(phone) - 7)}{phone[-4:]}"


def mask_id_number(number: str) -> str:
    """3306**********123X."""
    if len(number) < 8:
        return "*" * len(number)
    return f"{number[:4]}{'*' * (len(number) - 8)}{number[-4:]}"
