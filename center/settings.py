"""Settings for One-Window.

Two profiles, chosen by the environment only:

* the embedded default (no environment at all): SQLite file, in-memory channel
  layer, local-memory cache, a per-checkout generated secret key;
* production (``ONE_WINDOW_PROFILE=production``): ``SECRET_KEY``,
  ``ALLOWED_HOSTS``, ``DATABASE_URL`` (PostgreSQL) and ``REDIS_URL`` are
  required, and the site refuses to start without them.

``DATABASE_URL`` and ``REDIS_URL`` may also be set outside production (the test
suite runs once on PostgreSQL + Redis that way).
"""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from messaging.conf import from_environ as messaging_from_environ

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ONE_WINDOW_VAR_DIR", BASE_DIR / "var"))

PROFILE = os.environ.get("ONE_WINDOW_PROFILE", "embedded").strip().lower()
if PROFILE not in {"embedded", "production"}:
    raise ImproperlyConfigured(f"ONE_WINDOW_PROFILE must be 'embedded' or 'production', not {PROFILE!r}.")
PRODUCTION = PROFILE == "production"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"The production profile needs the environment variable {name}; it is not set.")
    return value


def embedded_secret_key() -> str:
    """A random key kept in var/ so that sessions survive restarts of the demo."""
    # deferred: settings load before Django is set up; the key is made only on a first run
    from django.core.management.utils import get_random_secret_key

    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(get_random_secret_key())
        path.chmod(0o600)
    return path.read_text().strip()


def redis_url_next_db(url: str, offset: int) -> str:
    """``url`` with its database number (``/N``, 0 when absent) moved on by ``offset``."""
    parts = urlsplit(url)
    db = int(parts.path.strip("/") or 0) + offset
    return urlunsplit(parts._replace(path=f"/{db}"))


if PRODUCTION:
    SECRET_KEY = env_required("SECRET_KEY")
    ALLOWED_HOSTS = [h.strip() for h in env_required("ALLOWED_HOSTS").split(",") if h.strip()]
    DATABASE_URL = env_required("DATABASE_URL")
    REDIS_URL = env_required("REDIS_URL")
    if not DATABASE_URL.startswith(("postgres://", "postgresql://")):
        raise ImproperlyConfigured("The production profile runs on PostgreSQL: DATABASE_URL must be postgres://...")
    DEBUG = False
else:
    SECRET_KEY = os.environ.get("SECRET_KEY") or embedded_secret_key()
    ALLOWED_HOSTS = [
        h.strip()
        for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver").split(",")
        if h.strip()
    ]
    DATABASE_URL = os.environ.get("DATABASE_URL", "")
    REDIS_URL = os.environ.get("REDIS_URL", "")
    if REDIS_URL and (worker := os.environ.get("PYTEST_XDIST_WORKER")):
        # Parallel test processes (pytest-xdist) each flush a Redis database of their own between tests:
        # worker gwN takes the database N after REDIS_URL's.
        REDIS_URL = redis_url_next_db(REDIS_URL, int(worker.removeprefix("gw")))
    DEBUG = env_bool("DJANGO_DEBUG", False)

USING_POSTGRES = DATABASE_URL.startswith(("postgres://", "postgresql://"))

INSTALLED_APPS = [
    "daphne",
    "center",
    "live",
    "departments",
    "cases",
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
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "guardian",
    "axes",
    "channels",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
if USING_POSTGRES:
    # Wagtail's search tables need the PostgreSQL lookups registered.
    INSTALLED_APPS.append("django.contrib.postgres")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "center.middleware.ChineseFirstLocaleMiddleware",
    # Bodies over the limits and bad text (lone surrogates, NUL, controls, noncharacters) stop here.
    "center.middleware.RequestGuardMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "center.middleware.SessionLifetimeMiddleware",
    "center.middleware.ViewersRememberedMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "center.middleware.FrameAncestorsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "center.urls"
ASGI_APPLICATION = "center.asgi.application"
WSGI_APPLICATION = "center.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database -----------------------------------------------------------------
# PostgreSQL runs behind a connection pool per server process (psycopg's, through Django). Under
# ASGI every request runs in a thread of its own, so persistent per-thread connections would pile up
# until PostgreSQL refuses clients; with the pool a request borrows a connection and gives it back
# when it ends (CONN_MAX_AGE=0), and a burst waits for a free connection at most DB_POOL_TIMEOUT
# seconds, then gets 503 with Retry-After (center/views/errors.py). Size the pools so that
#   server processes x DB_POOL_MAX_SIZE + task workers x 2 + a few for administrators <= max_connections
# (PostgreSQL's default is 100, three of them reserved for superusers): see the README.
DB_POOL_MIN_SIZE = int(os.environ.get("DB_POOL_MIN_SIZE", 2))
DB_POOL_MAX_SIZE = int(os.environ.get("DB_POOL_MAX_SIZE", 10))
DB_POOL_TIMEOUT = float(os.environ.get("DB_POOL_TIMEOUT", 5))
if max(DB_POOL_MIN_SIZE, 1) > DB_POOL_MAX_SIZE:
    raise ImproperlyConfigured("DB_POOL_MAX_SIZE must be at least 1 and at least DB_POOL_MIN_SIZE.")


def database_pool_options() -> dict:
    # deferred: the pool exists only on PostgreSQL; the embedded default never loads it
    from psycopg_pool import ConnectionPool

    return {
        "min_size": DB_POOL_MIN_SIZE,
        "max_size": DB_POOL_MAX_SIZE,
        "timeout": DB_POOL_TIMEOUT,
        # A connection is checked before it is lent, so that the portal recovers by itself after a
        # PostgreSQL restart instead of failing once per dead pooled connection.
        "check": ConnectionPool.check_connection,
        # Connections are renewed now and then (PostgreSQL frees the memory of long-lived backends).
        "max_lifetime": 30 * 60,
    }


# Parallel query: off for every connection (the pages read a page of rows through an index, where
# starting parallel workers costs more than the query), on for the statistics' transactions, which
# scan a period's rows: ``stats.analytic``. DB_ANALYTIC_PARALLEL_WORKERS is their worker count.
DB_ANALYTIC_PARALLEL_WORKERS = int(os.environ.get("DB_ANALYTIC_PARALLEL_WORKERS", 2))
DB_ANALYTIC_WORK_MEM = os.environ.get("DB_ANALYTIC_WORK_MEM", "64MB")

if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
    if USING_POSTGRES:
        db_options = DATABASES["default"].setdefault("OPTIONS", {})
        db_options["pool"] = database_pool_options()
        db_options["options"] = f"{db_options.get('options', '')} -c max_parallel_workers_per_gather=0".strip()
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(VAR_DIR / "one-window.sqlite3")),
            "OPTIONS": {
                # WAL and a busy timeout let the web server, the task worker and the
                # tests' live servers share one file without "database is locked".
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
            "TEST": {"NAME": str(VAR_DIR / "test-one-window.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and channel layer ----------------------------------------------------
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "center.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            # Several processes (or test runs) may share one Redis: keep their keys apart.
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", ""),
            # Short timeouts: a Redis outage degrades the cache (center/cache.py), never stalls a page.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # redis-py 8 reads with a 5-second socket timeout by default, exactly channels_redis'
                # blocking receive (BZPOPMIN 5 s): an idle socket's receive would time out and its
                # consumer die (close 1011). A longer timeout keeps idle screens connected.
                "hosts": [{"address": REDIS_URL, "socket_timeout": 15}],
                "prefix": os.environ.get("CHANNEL_PREFIX", "one-window"),
                "capacity": 1000,
                "expiry": 30,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Channels' in-memory layer without its quadratic sweep (see live/layers.py).
    CHANNEL_LAYERS = {"default": {"BACKEND": "live.layers.InMemoryChannelLayer"}}

# Background tasks (django-tasks; the worker is `manage.py db_worker`) -------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Authentication and sessions ------------------------------------------------
AUTH_USER_MODEL = "center.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
    "mediation.workbench.access.CaseWorkBackend",  # case staff reach the admin for their case work
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "staff:login"
LOGIN_REDIRECT_URL = "staff:home"
LOGOUT_REDIRECT_URL = "staff:login"

# Lock-out: five failures for one account lock it for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
# Locking by address would lock a whole office (or the lobby) that shares one
# NAT address; the account is what an attacker guesses at.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_SENSITIVE_PARAMETERS = ["password", "id_number", "phone"]
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0")) or None
# Request bodies are capped by the app itself (center.middleware.RequestGuardMiddleware): a body over
# its limit is a 413 before any view reads it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # a form's fields, or any JSON body outside the API
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # an uploaded file larger than this is spooled to disk
DATA_UPLOAD_MAX_NUMBER_FIELDS = 400
DATA_UPLOAD_MAX_NUMBER_FILES = 20
API_BODY_MAX_BYTES = 262_144  # a JSON body of /api/ (a case's request is at most 5000 characters)
UPLOAD_REQUEST_MAX_BYTES = 64 * 1024 * 1024  # a whole multipart request (5 attachments of 10 MB, or an admin upload)

# Idle expiry: the session cookie lives 30 minutes and is renewed on each request.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", 30 * 60))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Absolute expiry: a session ends 10 hours after login whatever its activity.
SESSION_ABSOLUTE_SECONDS = int(os.environ.get("SESSION_ABSOLUTE_SECONDS", 10 * 3600))
# Every open websocket re-checks its session this often (live/session.py): an ended
# session (idle, absolute limit, sign-out, password change, deactivation) closes it.
LIVE_SESSION_CHECK_SECONDS = float(os.environ.get("LIVE_SESSION_CHECK_SECONDS", 5))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Security headers -----------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Nothing frames the site: X-Frame-Options DENY and CSP frame-ancestors 'none' say the same (a
# browser that knows CSP ignores X-Frame-Options). Wagtail's preview panel frames the page being
# edited from the admin itself; its preview views send X-Frame-Options SAMEORIGIN, and
# center.middleware.FrameAncestorsMiddleware turns those responses' policy into 'self'.
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    # Wagtail's admin sets inline style attributes.
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "media-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
}
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # The proxy's and orchestrator's probes call these over plain HTTP inside the machine.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()] or [
        f"https://{h}" for h in ALLOWED_HOSTS if not h.startswith(".") and h != "*"
    ]

# Internationalisation ---------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# Static and media -------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Attachments of cases live outside MEDIA_ROOT and are served only through views
# that check permission.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production whitenoise serves straight from the app folders, so that
# daphne alone serves a complete site without collectstatic.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

# Wagtail ----------------------------------------------------------------------
WAGTAIL_SITE_NAME = "一站式矛调中心"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# SMS and work messages (issue 18): gateways chosen by the environment; "none" sends nothing.
MESSAGING = messaging_from_environ(os.environ, VAR_DIR, WAGTAILADMIN_BASE_URL)
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_I18N_ENABLED = False
# No calls home from the admin (the CSP would block them anyway).
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No mail is set up: a password reset by mail cannot work, and would offer a way around the
# lock-out. Administrators set passwords in the admin (Users).
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Every snippet has its own menu group; without this, /admin/snippets/ lists nothing and tells even
# a superuser that he may not see it. Its own menu item is hidden again (center/wagtail_hooks.py).
WAGTAILSNIPPETS_MENU_SHOW_ALL = True

# Guardian ---------------------------------------------------------------------
GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False
# No grants to anonymous visitors, hence no "AnonymousUser" account in the user lists.
ANONYMOUS_USER_NAME = None

# Logging: personal data never reaches the logs --------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "center.logging.RedactPersonalDataFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact"], "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# Rate limits on intake and tracking (off only for load benchmarks).
RATE_LIMITS_ENABLED = env_bool("RATE_LIMITS_ENABLED", True)
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))

# The lobby kiosk clears itself after this long untouched (then a warning of this long).
KIOSK_IDLE_SECONDS = int(os.environ.get("KIOSK_IDLE_SECONDS", 90))
KIOSK_IDLE_WARNING_SECONDS = int(os.environ.get("KIOSK_IDLE_WARNING_SECONDS", 15))

# Deadlines: a clock is "due soon" when at most this many working days are left (the due day
# included). One value for the sweep, the case page, the queue pages and the live screens.
DEADLINES_DUE_SOON_WORKING_DAYS = int(os.environ.get("DEADLINES_DUE_SOON_WORKING_DAYS", 1))

# Statistics (stats/kept.py): a page whose figures took this long to count is kept (at most until
# midnight: the day is in its key), served as it is for the first minutes and counted again by the
# worker when read after them. Empty: never kept.
_keep_from = os.environ.get("STATS_KEEP_FROM_SECONDS", "0.3")
STATS_KEEP_FROM_SECONDS = float(_keep_from) if _keep_from else None
STATS_KEEP_SECONDS = int(os.environ.get("STATS_KEEP_SECONDS", 86400))
STATS_REFRESH_AFTER_SECONDS = int(os.environ.get("STATS_REFRESH_AFTER_SECONDS", 300))

# The center -------------------------------------------------------------------
CENTER_NAME = _("Lihai Subdistrict Social Conflict Mediation Center")
