"""The two settings profiles, each checked in a fresh interpreter with a controlled environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "ONE_WINDOW_PROFILE": "production",
    "SECRET_KEY": "x" * 64 + "-production-secret-for-the-test",
    "ALLOWED_HOSTS": "mediation.example.cn",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/one_window",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def run_manage(args, env, tmp_path):
    base = {"PATH": os.environ["PATH"], "ONE_WINDOW_VAR_DIR": str(tmp_path / "var"), "HOME": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=base | env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_embedded_default_needs_no_environment(tmp_path):
    code = (
        "from django.conf import settings;"
        "print(settings.DATABASES['default']['ENGINE']);"
        "print(settings.CHANNEL_LAYERS['default']['BACKEND']);"
        "print(bool(settings.SECRET_KEY))"
    )
    result = run_manage(["shell", "--no-imports", "-c", code], {}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "live.layers.InMemoryChannelLayer", "True"]
    # The generated key is kept private to the checkout's var/ folder.
    assert (tmp_path / "var" / "secret_key").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"])
def test_production_refuses_to_start_without(missing, tmp_path):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = run_manage(["check"], env, tmp_path)
    assert result.returncode != 0
    assert f"needs the environment variable {missing}" in result.stderr


def test_production_refuses_sqlite(tmp_path):
    result = run_manage(["check"], PRODUCTION_ENV | {"DATABASE_URL": "sqlite:///x.db"}, tmp_path)
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr


def test_production_passes_check_deploy(tmp_path):
    result = run_manage(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    # No key file is ever generated for production.
    assert not (tmp_path / "var" / "secret_key").exists()


def test_production_uses_postgres_and_redis(tmp_path):
    code = (
        "from django.conf import settings;"
        "print(settings.DATABASES['default']['ENGINE']);"
        "print(settings.CHANNEL_LAYERS['default']['BACKEND']);"
        "print(settings.CACHES['default']['BACKEND']);"
        "print('django.contrib.postgres' in settings.INSTALLED_APPS);"
        "print(settings.DEBUG);"
        "print(settings.DATABASES['default']['CONN_MAX_AGE']);"
        "pool = settings.DATABASES['default']['OPTIONS']['pool'];"
        "print(pool['min_size'], pool['max_size'], pool['timeout'], pool['check'].__name__)"
    )
    result = run_manage(["shell", "--no-imports", "-c", code], PRODUCTION_ENV, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "channels_redis.core.RedisChannelLayer",
        "center.cache.ResilientRedisCache",
        "True",
        "False",
        "0",
        *["2", "10", "5.0", "check_connection"],
    ]


def test_pool_sizes_come_from_the_environment(tmp_path):
    env = PRODUCTION_ENV | {"DB_POOL_MIN_SIZE": "1", "DB_POOL_MAX_SIZE": "4", "DB_POOL_TIMEOUT": "2.5"}
    code = "from django.conf import settings; p = settings.DATABASES['default']['OPTIONS']['pool']; print(p)"
    result = run_manage(["shell", "--no-imports", "-c", code], env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "'min_size': 1, 'max_size': 4, 'timeout': 2.5" in result.stdout


def test_a_pool_smaller_than_its_minimum_is_refused(tmp_path):
    env = PRODUCTION_ENV | {"DB_POOL_MIN_SIZE": "5", "DB_POOL_MAX_SIZE": "2"}
    result = run_manage(["check"], env, tmp_path)
    assert result.returncode != 0
    assert "DB_POOL_MAX_SIZE" in result.stderr


def test_unknown_profile_is_refused(tmp_path):
    result = run_manage(["check"], {"ONE_WINDOW_PROFILE": "prod"}, tmp_path)
    assert result.returncode != 0
    assert "ONE_WINDOW_PROFILE" in result.stderr
