"""Rooms sized to be read: no production module over 500 lines, no function over 60 lines.

A function may stay longer when the line directly above its ``def`` (or above its first
decorator) says why: ``# long: <why>``. Complexity (over 12 branches) is ruff's C901, configured
in ``pyproject.toml``. The files are read with ``ast``, never imported.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION_APPS = ("center", "live", "web", "departments", "cases", "intake", "mediation", "lobby", "cms", "stats")
MODULE_MAX = 500
FUNCTION_MAX = 60
LONG_MARK = "# long:"

# Being split in issue 14: the lead empties these as the files move.
ALLOWED_LONG_MODULES: frozenset[str] = frozenset()
ALLOWED_LONG_FUNCTIONS: frozenset[str] = frozenset()  # "path.py:function"


def _production_files() -> list[Path]:
    return sorted(
        path for app in PRODUCTION_APPS for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts
    )


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def long_functions(source: str) -> list[tuple[str, int]]:
    """Functions (nested ones too) longer than FUNCTION_MAX lines from ``def`` to their end, unmarked."""
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        length = node.end_lineno - node.lineno + 1
        first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
        above = lines[first - 2].strip() if first >= 2 else ""
        if length > FUNCTION_MAX and not above.startswith(LONG_MARK):
            found.append((node.name, length))
    return found


PRODUCTION_FILES = _production_files()


def test_production_files_are_found():
    assert {"mediation/services/clocks.py", "intake/services.py"} <= {_name(p) for p in PRODUCTION_FILES}


@pytest.mark.parametrize("path", PRODUCTION_FILES, ids=_name)
def test_module_is_at_most_500_lines(path):
    if _name(path) in ALLOWED_LONG_MODULES:
        pytest.skip("being split in issue 14")
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MODULE_MAX


@pytest.mark.parametrize("path", PRODUCTION_FILES, ids=_name)
def test_functions_are_at_most_60_lines_or_say_why(path):
    found = long_functions(path.read_text(encoding="utf-8"))
    assert [
        f"{name} ({length} lines)" for name, length in found if f"{_name(path)}:{name}" not in ALLOWED_LONG_FUNCTIONS
    ] == []


def test_allowlists_name_only_current_offenders():
    """An entry that no longer offends (or whose file moved) is taken off the list."""
    modules = {_name(p): p for p in PRODUCTION_FILES}
    stale = [name for name in ALLOWED_LONG_MODULES if name not in modules]
    stale += [
        name
        for name in ALLOWED_LONG_MODULES
        if name in modules and len(modules[name].read_text(encoding="utf-8").splitlines()) <= MODULE_MAX
    ]
    for entry in ALLOWED_LONG_FUNCTIONS:
        name, _sep, function = entry.partition(":")
        if name not in modules or function not in dict(long_functions(modules[name].read_text(encoding="utf-8"))):
            stale.append(entry)
    assert stale == []


def test_check_catches_a_long_function_and_accepts_a_marked_one():
    body = "".join(f"    x{i} = {i}\n" for i in range(FUNCTION_MAX))
    source = (
        f"def unmarked():\n{body}\n"
        f"# long: a table of sixty rows reads best whole\ndef marked():\n{body}\n"
        f"# long: decorated too\n@staticmethod\ndef decorated():\n{body}\n"
        f"def short():\n    return 1\n"
    )

    assert long_functions(source) == [("unmarked", FUNCTION_MAX + 1)]
