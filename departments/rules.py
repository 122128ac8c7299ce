"""Pure rules of the organisation: the names by which a unit or a leader may be named in free text."""

import re

ACCUSED_NAME_MIN = 2


def accused_names(name: str) -> tuple[str, ...]:
    """The ways a unit's name or a leader's title may be written in a complaint.

    The whole name, its parts around 、 and the text inside and outside full-width brackets:
    "纪工委、监察办" → 纪工委、监察办, 纪工委, 监察办; "党工委书记（主要领导）" → also 党工委书记, 主要领导.
    """
    compact = "".join(name.split())
    found = [compact]
    outside = re.sub(r"[（(][^）)]*[）)]", "", compact)
    inside = re.findall(r"[（(]([^）)]*)[）)]", compact)
    for part in [outside, *inside]:
        found.append(part)
        found.extend(part.split("、"))
    return tuple(dict.fromkeys(n for n in found if len(n) >= ACCUSED_NAME_MIN))


def accused_match(text: str, candidates) -> tuple[frozenset[int], frozenset[int]]:
    """Which units and people a complaint's free text ("about whom") names: a proposal.

    ``candidates`` are ``(kind, pk, names)`` with kind ``unit`` or ``person``; a candidate is
    named when one of its names (two characters at least) appears in the text, spaces ignored.
    Returns (unit pks, person pks). The discipline office confirms or corrects the proposal.
    """
    compact = "".join((text or "").split())
    units: set[int] = set()
    persons: set[int] = set()
    if not compact:
        return frozenset(), frozenset()
    for kind, pk, names in candidates:
        if any(len(n) >= ACCUSED_NAME_MIN and n in compact for n in names):
            (units if kind == "unit" else persons).add(pk)
    return frozenset(units), frozenset(persons)
