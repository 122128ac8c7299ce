"""The apps form a clean stack: read from their imports (ast, nothing is run).

Bottom to top (README, "How the apps depend"): an app imports only apps below it, so there is no
circle, nothing imports the project package ``center``, the domain never imports the public site
``cms``, and the organisation never imports the case record. Pure rules import no Django, and a
function-level import says why it is not at the top of its module.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Bottom first. ``live`` and ``web`` are infrastructure; ``center`` is the project.
STACK = (
    "live",
    "web",
    "departments",
    "cases",
    "mediation",
    "peoples_mediation",
    "lobby",
    "intake",
    "governance",
    "messaging",
    "ledgers",
    "stats",
    "reports",
    "leadership",
    "cms",
    "center",
)
LEVEL = {app: level for level, app in enumerate(STACK)}
DEFERRED_MARK = "# deferred:"


def _modules():
    for app in STACK:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield app, path


def _imports(tree: ast.AST):
    """(node, imported module) for every import in the module, at any depth."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node, node.module
            # ``from mediation import selectors`` imports mediation; that is the app already.


PARSED = {path: (app, ast.parse(path.read_text(encoding="utf-8"))) for app, path in _modules()}


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_every_first_party_app_is_in_the_stack():
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps <= set(STACK), f"add these apps to STACK (and the README): {sorted(apps - set(STACK))}"


def test_an_app_imports_only_apps_below_it():
    upward = []
    for path, (app, tree) in PARSED.items():
        for node, module in _imports(tree):
            target = module.split(".")[0]
            if target in LEVEL and target != app and LEVEL[target] > LEVEL[app]:
                upward.append(f"{_name(path)}:{node.lineno} {app} imports {module}")
    assert not upward, "imports up the stack:\n" + "\n".join(upward)


@pytest.mark.parametrize(
    ("app", "forbidden"),
    [
        # the promises the stack keeps, named one by one so that a failure says which
        *[(app, "center") for app in STACK if app != "center"],
        *[(app, "cms") for app in ("departments", "cases", "mediation", "lobby")],
        ("departments", "cases"),
        ("live", "departments"),
        ("web", "departments"),
    ],
)
def test_named_promises(app, forbidden):
    found = [
        f"{_name(path)}:{node.lineno}"
        for path, (owner, tree) in PARSED.items()
        if owner == app
        for node, module in _imports(tree)
        if module.split(".")[0] == forbidden
    ]
    assert not found, f"{app} must not import {forbidden}: {found}"


def test_rules_import_no_django():
    rule_modules = [p for p in PARSED if "rules" in p.parts or p.name == "rules.py"]
    assert rule_modules
    found = [
        f"{_name(path)}:{node.lineno} {module}"
        for path in rule_modules
        for node, module in _imports(PARSED[path][1])
        if module.split(".")[0] in {"django", "wagtail", "channels"}
    ]
    assert not found, found


def test_function_level_imports_say_why():
    """One ``# deferred: why`` comment in a function, above its imports, explains them."""
    unexplained = []
    for path, (_app, tree) in PARSED.items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    above = "\n".join(lines[function.lineno - 1 : node.lineno])
                    if DEFERRED_MARK not in above:
                        unexplained.append(f"{_name(path)}:{node.lineno} {ast.unparse(node)}")
    assert not unexplained, "move to the top, or say why with '# deferred: ...':\n" + "\n".join(
        sorted(set(unexplained))
    )
