"""Every case event kind written anywhere in the code has one entry in ``cases.events``, in Chinese."""

import ast
from pathlib import Path

import pytest
from django.utils import translation

from cases.events import EVENT_KINDS, PUBLIC_KINDS, event_label, public_event_label
from mediation.models import Contact

ROOT = Path(__file__).resolve().parents[2]
SKIP = {".venv", "tests", "migrations", "bench", "var", "node_modules"}
# Functions that write a case event -> (the keyword naming the kind, its index among positional arguments).
# ``common.event`` takes the kind as ``event_kind``: its ``kind=`` is data (a routing's case kind).
WRITERS = {"event": ("event_kind", 2), "record_event": ("kind", 2), "CaseEvent": ("kind", None)}
# Writers that pass a kind they were given on: (file, enclosing function) -> the kinds they may receive.
PASS_THROUGH = {
    ("mediation/services/common.py", "event"): set(),
    ("mediation/services/handling.py", "record_event"): set(),
    ("peoples_mediation/services/common.py", "record_event"): set(),
    ("mediation/services/handling.py", "_contact"): {c.value for c in Contact.Kind},
}


def _constants(node) -> list[str] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _constants(node.body), _constants(node.orelse)
        return None if body is None or orelse is None else body + orelse
    return None


def _call_name(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id if func.id in WRITERS else None
    if isinstance(func, ast.Attribute):
        # CaseEvent.objects.create(...)
        owner = func.value
        if func.attr == "create" and isinstance(owner, ast.Attribute) and getattr(owner.value, "id", "") == "CaseEvent":
            return "CaseEvent"
        return func.attr if func.attr in ("event", "record_event") else None
    return None


def _calls(node, function: str):
    """Every call under ``node`` with the name of the innermost function around it."""
    for child in ast.iter_child_nodes(node):
        inner = child.name if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else function
        if isinstance(child, ast.Call):
            yield function, child
        yield from _calls(child, inner)


def written_kinds() -> tuple[dict[str, list[str]], list[str], set[str]]:
    """(kind -> where written, writes whose kind is not a literal nor a known pass-through, kinds written public)."""
    kinds: dict[str, list[str]] = {}
    unknown: list[str] = []
    public: set[str] = set()
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if SKIP & set(relative.parts):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for name, node in _calls(tree, ""):
            if (writer := _call_name(node)) is None:
                continue
            keyword, index = WRITERS[writer]
            arguments = [kw.value for kw in node.keywords if kw.arg == keyword]
            if index is not None and len(node.args) > index:
                arguments.append(node.args[index])
            flag = next((kw.value for kw in node.keywords if kw.arg == "public"), None)
            written_public = flag is not None and not (isinstance(flag, ast.Constant) and flag.value is False)
            for argument in arguments:
                where = f"{relative}:{node.lineno}"
                values = _constants(argument)
                if values is None:
                    passed = PASS_THROUGH.get((relative.as_posix(), name))
                    if passed is None:
                        unknown.append(where)
                        continue
                    values = sorted(passed)
                for value in values:
                    kinds.setdefault(value, []).append(where)
                    if written_public:
                        public.add(value)
    return kinds, unknown, public


def test_every_written_event_kind_is_registered():
    kinds, unknown, _public = written_kinds()
    assert len(kinds) > 30, "the scan found too few event writes; has the way events are written changed?"
    assert not unknown, f"event kinds that are not literal strings, so cannot be checked: {unknown}"
    missing = {kind: where for kind, where in kinds.items() if kind not in EVENT_KINDS}
    assert not missing, f"event kinds written but not in cases.events: {missing}"


def test_only_public_kinds_are_written_public():
    _kinds, _unknown, public = written_kinds()
    assert public <= PUBLIC_KINDS, public - PUBLIC_KINDS


@pytest.mark.parametrize("code", sorted(EVENT_KINDS))
def test_every_registered_kind_has_a_chinese_label(code):
    entry = EVENT_KINDS[code]
    labels = [entry.label] + ([entry.public_label] if entry.public_label is not None else [])
    for label in labels:
        with translation.override("en"):
            english = str(label)
        with translation.override("zh-hans"):
            chinese = str(label)
        assert chinese != english, f"{code}: {english!r} has no zh_Hans translation"
        assert any("\u4e00" <= ch <= "\u9fff" for ch in chinese), f"{code}: {chinese!r}"


def test_unregistered_kind_falls_back_to_its_code_and_stays_off_the_tracking_page():
    assert event_label("no_such_kind") == "no_such_kind"
    assert public_event_label("no_such_kind") == ""
    assert public_event_label("picked") == ""
    with translation.override("zh-hans"):
        assert public_event_label("closed") == str(EVENT_KINDS["closed"].public_label)
