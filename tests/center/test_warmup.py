"""A server process pays the first request's loading at start (``center.warmup``)."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.forms.renderers import get_default_renderer
from django.template import engines
from django.urls import get_resolver

from center import warmup

BASE = Path(settings.BASE_DIR)


def _cached_names(engine) -> set[str]:
    (loader,) = engine.template_loaders
    return {key.split("-")[0] for key in loader.get_template_cache}


def test_warm_compiles_every_own_template_without_the_database():
    # No django_db mark: a query here would fail the test (a process may start before PostgreSQL).
    engine = engines["django"].engine
    engine.template_loaders[0].reset()
    done = warmup.warm()

    on_disk = {
        path.relative_to(folder).as_posix()
        for folder in [BASE / "templates", *BASE.glob("*/templates")]
        if ".venv" not in folder.parts
        for path in folder.rglob("*")
        if path.suffix in (".html", ".txt")
    }
    assert set(warmup.project_templates()) == on_disk
    assert done["templates"] == len(on_disk)
    assert {"base.html", "intake/online_done.html", "intake/track.html"} <= on_disk
    assert on_disk <= _cached_names(engine)
    assert "django/forms/widgets/input.html" in _cached_names(get_default_renderer().engine.engine)
    assert done["form_templates"] >= 20
    assert "url_patterns" in get_resolver().__dict__


def test_no_library_template_is_taken_for_ours():
    names = warmup.project_templates()
    assert not [name for name in names if name.startswith(("wagtailadmin/", "admin/", "django/"))]


def _process_warmed(module: str) -> str:
    code = f"import {module}; from django.urls import get_resolver; print('url_patterns' in get_resolver().__dict__)"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "center.settings", "PYTHONPATH": str(BASE)}
    env.pop("DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-c", code], cwd=BASE, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


def test_the_server_entry_points_warm_up_before_serving():
    assert _process_warmed("center.wsgi") == "True"
    assert _process_warmed("center.asgi") == "True"
