"""What a server process does once, before it serves: the work its first requests would pay.

Django loads lazily: the first request a process serves imports every URLconf and the views behind
them, compiles each template it renders (and the form widgets' templates), and reads the message
catalogs. Measured on the embedded default, the first GET of the public form took 281 ms, the next
ones under 1 ms; under gunicorn every worker paid it once after each start, a resident's request
at a time. ``warm()`` pays it at start instead (``center.wsgi``, ``center.asgi``). It reads no
database and no cache: a process may start before PostgreSQL or Redis answers.
"""

import logging
import time
from pathlib import Path

from django.conf import settings
from django.forms.renderers import get_default_renderer
from django.template import engines
from django.urls import get_resolver
from django.utils import translation

logger = logging.getLogger(__name__)

TEMPLATE_SUFFIXES = (".html", ".txt")


def _own_dirs(dirs) -> list[Path]:
    """The template folders of this project (not of the installed libraries)."""
    base = Path(settings.BASE_DIR).resolve()
    venv = base / ".venv"
    own = []
    for folder in dirs:
        path = Path(folder).resolve()
        if path.is_relative_to(base) and not path.is_relative_to(venv) and path.is_dir():
            own.append(path)
    return own


def _names(folder: Path) -> list[str]:
    return sorted(
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.suffix in TEMPLATE_SUFFIXES and path.is_file()
    )


def _template_dirs(engine) -> list[Path]:
    dirs = list(engine.dirs)
    for loader in engine.template_loaders:
        for inner in getattr(loader, "loaders", [loader]):
            dirs.extend(inner.get_dirs())
    return dirs


def project_templates() -> list[str]:
    """Every template name of the project's own folders, each once (the first folder wins, as in
    Django's lookup)."""
    engine = engines["django"].engine
    names: dict[str, None] = {}
    for folder in _own_dirs(_template_dirs(engine)):
        names.update(dict.fromkeys(_names(folder)))
    return list(names)


def _form_templates() -> list[str]:
    """The templates of Django's own form widgets, which every form page renders."""
    renderer = get_default_renderer()
    folder = Path(renderer.engine.engine.dirs[0]) if getattr(renderer, "engine", None) else None
    if folder is None or not folder.is_dir():
        return []
    return [f"django/forms/{name}" for name in _names(folder / "django" / "forms")]


def warm() -> dict[str, int]:
    """Import every URLconf, compile every template of the project and Django's form widgets, and
    read every language's catalog. Returns what was done (names → counts), for the log and tests."""
    started = time.perf_counter()
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018  (imports every URLconf and view module)
    resolver.reverse_dict  # noqa: B018  (reverse()'s lookup table, built once per language)
    engine = engines["django"]
    templates = project_templates()
    for name in templates:
        engine.get_template(name)
    renderer = get_default_renderer()
    widgets = _form_templates()
    for name in widgets:
        renderer.get_template(name)
    for code, _name in settings.LANGUAGES:
        translation.trans_real.translation(code)
    done = {"templates": len(templates), "form_templates": len(widgets), "languages": len(settings.LANGUAGES)}
    logger.info("warmed up in %.0f ms: %s", (time.perf_counter() - started) * 1000, done)
    return done
