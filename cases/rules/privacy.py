"""How personal numbers are shown by default: enough to recognise the person, not to copy the number."""


def mask_id_number(number: str) -> str:
    """3301**********1234: the first four and the last four characters of an ID number."""
    number = number or ""
    if len(number) < 8:
        return "*" * len(number)
    return f"{number[:4]}{'*' * (len(number) - 8)}{number[-4:]}"
