"""Keep personal data out of the logs."""

import logging
import re

# Mainland ID numbers (18 characters, the last may be X) and mobile numbers.
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
PASSWORD_FIELD = re.compile(r"(password\w*['\"]?\s*[:=]\s*)(['\"]?)[^'\"&\s,}]+", re.IGNORECASE)


def redact(text: str) -> str:
    text = ID_NUMBER.sub("[ID]", text)
    text = MOBILE.sub("[PHONE]", text)
    return PASSWORD_FIELD.sub(r"\1\2[REDACTED]", text)


class RedactPersonalDataFilter(logging.Filter):
    """Rewrite a record's message so that ID numbers, phones and passwords are masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not hide the record
            message = str(record.msg)
        cleaned = redact(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = None
        return True
