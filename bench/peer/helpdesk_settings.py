"""The peer deployment for ``bench/run submissions``: django-helpdesk 2.6.1 as its README sets it up.

Its settings (``helpdesk_urls`` has its URLs), run from a virtual environment of its own (the peer's
dependencies are not ours), on PostgreSQL, by gunicorn with 4 sync workers; see the README's
Benchmarks section. ``DATABASE_URL`` is ``postgres://user@host:port/name``.
"""

import os
from urllib.parse import urlsplit

_db = urlsplit(os.environ["DATABASE_URL"])

SECRET_KEY = os.environ.get("SECRET_KEY", "peer-bench-" + "x" * 50)
DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "helpdesk_urls"
SITE_ID = 1
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "rest_framework",
    "helpdesk",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": _db.path.lstrip("/"),
        "USER": _db.username or "",
        "PASSWORD": _db.password or "",
        "HOST": _db.hostname or "",
        "PORT": str(_db.port or 5432),
        "CONN_MAX_AGE": 60,  # one persistent connection per sync worker
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
STATIC_URL = "/static/"
USE_TZ = True
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"  # ours sends no mail on filing either
LOGIN_URL = "/login/"
HELPDESK_TEAMS_MODE_ENABLED = False  # the knowledge base's teams need pinax-teams; not used by the form
