"""The rules package is plain Python: no Django import and no clock read, anywhere under it."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import mediation.rules

RULES_DIR = Path(mediation.rules.__file__).parent
RULE_FILES = sorted(RULES_DIR.rglob("*.py"))
CLOCK_READS = {"today", "now", "utcnow"}
CLOCK_MODULES = {"time"}


def _imported_modules(tree: ast.AST) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
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


def _clock_calls(tree: ast.AST) -> list[str]:
    return [
        ast.unparse(node.func)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in CLOCK_READS
    ]


def test_rules_package_has_modules():
    names = {path.name for path in RULE_FILES}
    assert {"__init__.py", "calendar.py", "deadlines.py"} <= names


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda path: path.name)
def test_rule_module_imports_no_django(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert [name for name in _imported_modules(tree) if name.split(".")[0] == "django"] == []


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda path: path.name)
def test_rule_module_reads_no_clock(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert _clock_calls(tree) == []
    assert [name for name in _imported_modules(tree) if name.split(".")[0] in CLOCK_MODULES] == []


def test_importing_rules_loads_no_django():
    code = (
        "import sys, mediation.rules.calendar, mediation.rules.deadlines; "
        "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=RULES_DIR.parent.parent, check=False)
    assert result.returncode == 0


def test_checks_catch_django_import_and_clock_read():
    tree = ast.parse(
        "import django.db\nfrom django.utils import timezone\nimport importlib\n"
        "importlib.import_module('django.conf')\nfrom datetime import date\ndate.today()\ntimezone.now()\n"
    )
    assert _imported_modules(tree) == ["django.db", "django.utils", "importlib", "datetime", "django.conf"]
    assert _clock_calls(tree) == ["date.today", "timezone.now"]
