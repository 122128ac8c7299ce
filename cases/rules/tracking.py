"""Tracking codes: made, normalised and shown (pure)."""

import re
import secrets

# No 0/O, 1/I/L: a code read aloud over the phone or copied from a slip stays unambiguous.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_PREFIX = "LH"
CODE_RANDOM_LENGTH = 10  # 31**10 ≈ 8e14 codes: guessing one is hopeless at any rate limit


def tracking_code_new() -> str:
    return CODE_PREFIX + "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_RANDOM_LENGTH))


def tracking_code_normalise(value: str) -> str | None:
    """Accept 'lh-7k3m-9qxa-2p', spaces and hyphens included; None when it cannot be a code."""
    code = re.sub(r"[\s\-]", "", value or "").upper()
    if len(code) != len(CODE_PREFIX) + CODE_RANDOM_LENGTH or not code.startswith(CODE_PREFIX):
        return None
    if any(ch not in CODE_ALPHABET for ch in code[len(CODE_PREFIX) :]):
        return None
    return code


def tracking_code_display(code: str) -> str:
    """LH-XXXXX-XXXXX: two groups of five, easy to read out."""
    return f"{code[:2]}-{code[2:7]}-{code[7:]}"
