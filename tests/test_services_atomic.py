"""Every public service that locks rows runs in one transaction, by construction.

``select_for_update`` outside a transaction raises on PostgreSQL (and silently locks nothing on
SQLite), and pytest-django wraps every test in a transaction, so a lost ``@transaction.atomic``
passes the whole suite and fails only in production. This test reads the service modules (ast,
nothing runs) and fails when a public function that locks rows, directly or through functions of
its own module, is neither decorated with ``transaction.atomic`` nor opens ``transaction.atomic()``
itself.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = (
    "center",
    "departments",
    "intake",
    "mediation",
    "peoples_mediation",
    "lobby",
    "governance",
    "messaging",
    "ledgers",
    "stats",
    "reports",
    "leadership",
    "cms",
)
# Calls that lock: Django's row locks (``.select_for_update()``) and the shared fetch-and-lock of
# case services (``load(case, actor)``, a plain name; ``Model.load()`` of a singleton does not lock).
LOCKING_CALLS = {".select_for_update", "load"}


def service_modules() -> list[Path]:
    found = []
    for app in APPS:
        base = ROOT / app
        found += [p for p in [base / "services.py"] if p.exists()]
        found += sorted((base / "services").glob("*.py")) if (base / "services").is_dir() else []
    return found


def _called_names(node: ast.AST) -> set[str]:
    names = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            if isinstance(call.func, ast.Name):
                names.add(call.func.id)
            elif isinstance(call.func, ast.Attribute):
                names.add("." + call.func.attr)
    return names


def _is_atomic_decorator(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return (isinstance(target, ast.Attribute) and target.attr == "atomic") or (
        isinstance(target, ast.Name) and target.id == "atomic"
    )


def _opens_atomic(function: ast.FunctionDef) -> bool:
    for node in ast.walk(function):
        if isinstance(node, ast.With):
            for item in node.items:
                expr = item.context_expr
                target = expr.func if isinstance(expr, ast.Call) else expr
                if isinstance(target, ast.Attribute) and target.attr == "atomic":
                    return True
    return False


def unprotected_lockers(source: str) -> list[str]:
    """Public functions of one module that lock rows without a transaction of their own."""
    tree = ast.parse(source)
    functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    calls = {name: _called_names(node) for name, node in functions.items()}
    locks = {name for name, called in calls.items() if called & LOCKING_CALLS}
    changed = True
    while changed:  # a function that calls a locking function of its module locks too
        changed = False
        for name, called in calls.items():
            if name not in locks and called & locks:
                locks.add(name)
                changed = True
    return sorted(
        name
        for name in locks
        if not name.startswith("_")
        and name != "load"
        and not any(_is_atomic_decorator(d) for d in functions[name].decorator_list)
        and not _opens_atomic(functions[name])
    )


@pytest.mark.parametrize("path", service_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_public_services_that_lock_rows_are_atomic(path):
    assert unprotected_lockers(path.read_text()) == []


def test_guard_sees_a_lost_atomic():
    source = (
        "from django.db import transaction\n"
        "def _helper(case):\n    return Routing.objects.select_for_update().get(pk=case.pk)\n"
        "def case_sign(*, case):\n    return _helper(case)\n"
        "def case_pick(*, case, actor):\n    loaded = load(case, actor)\n"
        "@transaction.atomic\ndef case_ok(*, case, actor):\n    return load(case, actor)\n"
        "def case_ok_too(*, case):\n    with transaction.atomic():\n        return _helper(case)\n"
    )
    assert unprotected_lockers(source) == ["case_pick", "case_sign"]
    assert unprotected_lockers("def routing_table():\n    return RoutingTable.load().rows\n") == []


def test_guard_reads_every_service_package():
    names = {str(p.relative_to(ROOT)) for p in service_modules()}
    assert {"mediation/services/routing.py", "intake/services.py", "lobby/services/tickets.py"} <= names
