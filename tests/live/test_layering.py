"""``live`` is the bottom of the stack: nothing under it imports another first-party package."""

import ast
from pathlib import Path

import pytest

import live

LIVE_DIR = Path(live.__file__).parent
ROOT = LIVE_DIR.parent
LIVE_FILES = sorted(LIVE_DIR.rglob("*.py"))
FIRST_PARTY = {path.parent.name for path in ROOT.glob("*/__init__.py")} - {"live"}


def _imported_modules(tree: ast.AST) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append(node.module)
        elif (
            isinstance(node, ast.Call)
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) in {"__import__", "import_module"}
        ):
            names.append(node.args[0].value)
    return names


def test_first_party_packages_are_found():
    assert {"center", "departments", "lobby", "mediation", "intake"} <= FIRST_PARTY


@pytest.mark.parametrize("path", LIVE_FILES, ids=lambda path: path.name)
def test_live_module_imports_no_first_party_app(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert [name for name in _imported_modules(tree) if name.split(".")[0] in FIRST_PARTY] == []
