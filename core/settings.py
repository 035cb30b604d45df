"""Settings for the archive, read from the environment (see README "Settings").

One module, safe defaults for development; `check --deploy` is clean when
DJANGO_DEBUG=0 and a secret key is given.
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str = "0") -> bool:
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def envint(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


DEBUG = envbool("DJANGO_DEBUG", "0")
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = envlist("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",  # API tokens, issued by an admin (archive/api/)
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files, served from static/ (no CDN)
    "simple_history",
    "core.apps.AxesConfig",  # django-axes, with a Persian section name
    "archive",
]
# Benchmarks and the load test (`make bench`, `make loadtest`) are development
# tooling: their commands exist only in development or when asked for.
if DEBUG or envbool("DJANGO_BENCHMARKS", "0"):
    INSTALLED_APPS.append("benchmarks")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Logs slow queries; turns a database that is gone, read-only or full into a 503 page.
    "core.middleware.slow_queries.QueryLoggingMiddleware",
    "core.middleware.faults.DatabaseFaultMiddleware",
    # No query of a reader's request runs past STATEMENT_TIMEOUT_MS (the admin's and commands' do).
    "core.middleware.statement_timeout.StatementTimeoutMiddleware",
    # Readers' requests may read from a replica (DATABASE_REPLICA_URLS); editors' never.
    "core.routers.ReplicaReadsMiddleware",
    # Applies an editor's change to the search index before the response (archive/search/middleware.py).
    "archive.search.middleware.ApplyWritesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Searches and exports per client and minute; a Persian 429 past the budget (staff exempt).
    "core.middleware.rate_limits.RateLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records the editor who made each change in the history (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Locks the admin login after repeated failures (django-axes); last, as its docs ask.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "core.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "core.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'archive.sqlite3'}"),
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["ENGINE"] = "core.sqlite"  # keeps triggers through table rebuilds
    # Readers keep reading while an import writes (WAL); a writer waits for the
    # lock instead of failing at once.
    DATABASES["default"]["OPTIONS"] = {
        # Reads go through a memory map (the OS page cache): a search
        # touches tens of thousands of rows.
        "init_command": ("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA mmap_size=2147483648;"),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Settings for each session of a web server on one small machine, where
    # the data sits in memory or on an SSD: PostgreSQL's default page cost
    # (4, for spinning disks) makes the planner read every article's vector
    # for a common word instead of the GIN index (a count took 545 ms, not 73);
    # one core per request, since parallel workers would take the core of the
    # next request; no JIT compilation, which costs more than short queries gain.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = os.environ.get(
        "DJANGO_PG_OPTIONS", "-c random_page_cost=1.1 -c max_parallel_workers_per_gather=0 -c jit=off"
    )


# Read replicas (PostgreSQL hot standbys) for readers' pages: core/routers.py.
for _n, _url in enumerate(envlist("DATABASE_REPLICA_URLS")):
    DATABASES[f"replica{_n}"] = {
        **dj_database_url.parse(
            _url, conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")), conn_health_checks=True
        ),
        "OPTIONS": dict(DATABASES["default"].get("OPTIONS", {})),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["core.routers.ReplicaRouter"]


def _sqlite_files() -> list[str]:
    """The SQLite databases' files: the page cache must leave their disk room to grow."""
    return [str(db["NAME"]) for db in DATABASES.values() if db["ENGINE"] == "core.sqlite"]


def cache_from_url(url: str) -> dict:
    """`DJANGO_CACHE_URL`: ``locmem://``, ``file:///path`` or ``redis://host:port/db``."""
    scheme, _, rest = url.partition("://")
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": rest or "archive"}
    if scheme == "file":
        # Bounded in bytes, and silent while the database's disk runs low (core/filecache.py).
        return {
            "BACKEND": "core.filecache.BoundedFileCache",
            "LOCATION": rest,
            "OPTIONS": {
                "MAX_ENTRIES": 20_000,
                "MAX_BYTES": envint("DJANGO_CACHE_MAX_MB", 256) * 1024 * 1024,
                "MIN_FREE_PERCENT": float(os.environ.get("DJANGO_CACHE_MIN_FREE_PERCENT", "10")),
                "GUARD_PATHS": [*_sqlite_files(), *envlist("DJANGO_CACHE_GUARD_PATHS")],
            },
        }
    if scheme in {"redis", "rediss"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    raise ImproperlyConfigured(f"DJANGO_CACHE_URL: unknown cache {url!r} (locmem://, file:///path, redis://)")


# Public pages are cached until the archive changes (archive/pagecache/). The
# server's workers share one cache in production (files under var/, or Redis),
# so an edit anywhere refreshes every worker's pages at once.
CACHES = {
    "default": cache_from_url(
        os.environ.get("DJANGO_CACHE_URL")
        or ("locmem://" if DEBUG else f"file://{BASE_DIR / 'var' / 'cache'}")
    )
}

# The search index (archive/search/): one Tantivy directory per kind under
# SEARCH_INDEX_DIR, on each web host. Writer memory is modest: two cores, and
# the web workers share the machine with the database.
SEARCH_INDEX_DIR = Path(os.environ.get("SEARCH_INDEX_DIR", BASE_DIR / "var" / "search"))
SEARCH_WRITER_HEAP_MB = int(os.environ.get("SEARCH_WRITER_HEAP_MB", "64"))
SEARCH_BUILD_HEAP_MB = int(os.environ.get("SEARCH_BUILD_HEAP_MB", "128"))
SEARCH_BUILD_THREADS = int(os.environ.get("SEARCH_BUILD_THREADS", "2"))
# The database whose change log a reader's request catches this host's index up
# from: "default", or the alias of the standby the host reads (replica0, …).
SEARCH_DATABASE = os.environ.get("SEARCH_DATABASE", "default")
# Changes applied between two commits of a long catch-up: what a crash makes it redo.
SEARCH_COMMIT_EVERY = int(os.environ.get("SEARCH_COMMIT_EVERY", "20000"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", "فارسی")]
# Persian for what Django, django-simple-history and django-axes lack in their own
# fa catalogues (the admin's interface); compiled by `make messages`.
LOCALE_PATHS = [BASE_DIR / "core" / "locale"]
TIME_ZONE = "Asia/Tehran"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
# Development and tests serve static files straight from static/ through whitenoise;
# production serves the hashed, compressed copies that collectstatic writes.
WHITENOISE_USE_FINDERS = DEBUG
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns at every start without it
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

LOGIN_URL = "admin:login"

# The admin login is locked for a username from one address after
# DJANGO_LOGIN_FAILURE_LIMIT failures in a row, for DJANGO_LOGIN_COOLOFF_MINUTES.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "429.html"
AXES_VERBOSE = False
# Behind a reverse proxy the client's address comes from X-Real-IP (docs/deploy.md).
BEHIND_PROXY = envbool("DJANGO_BEHIND_PROXY", "0")
AXES_CLIENT_IP_CALLABLE = "core.middleware.client_address.client_ip"

# Content-Security-Policy (Django's own middleware): nothing from other origins,
# no inline script or style.
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", "1")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # probed over plain HTTP on the loopback
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Logs go to stderr: one JSON object a line in production (DJANGO_LOG_FORMAT=json),
# readable lines in development (text). Queries slower than DJANGO_SLOW_QUERY_MS
# are logged with their SQL and the request's path (core/middleware/slow_queries.py).
SLOW_QUERY_MS = float(os.environ.get("DJANGO_SLOW_QUERY_MS", "200"))
LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "WARNING").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "core.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": os.environ.get("DJANGO_LOG_FORMAT", "text" if DEBUG else "json"),
        }
    },
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    # Django's own loggers write here too, once (not also to its console handler).
    "loggers": {"django": {"handlers": ["stderr"], "level": LOG_LEVEL, "propagate": False}},
}

# The longest a single query of a reader's request may run (PostgreSQL statement_timeout,
# SQLite's progress handler); past it, a Persian 503 page. 0 turns it off. The admin and
# management commands (imports, rebuild_search_index) are never cut.
STATEMENT_TIMEOUT_MS = envint("DJANGO_STATEMENT_TIMEOUT_MS", 5000)

# How many exports one worker process builds at once (archive/exports/slots.py), and how
# long an export waits for a free slot before a Persian 503 page; 0 turns the bound off.
EXPORT_SLOTS = envint("DJANGO_EXPORT_SLOTS", 1)
EXPORT_SLOT_WAIT_SECONDS = float(os.environ.get("DJANGO_EXPORT_SLOT_WAIT_SECONDS", "10"))

# Rate limits per client (core/middleware/rate_limits.py): requests per window of
# DJANGO_RATE_LIMIT_WINDOW seconds; 0 turns a limit off. A search is a list page with
# `q`; an export is export.csv, export.manifest.json or export.jsonl. Staff are not limited.
RATE_LIMIT_WINDOW = envint("DJANGO_RATE_LIMIT_WINDOW", 60)
RATE_LIMITS = {
    "search": envint("DJANGO_RATE_LIMIT_SEARCHES", 60),
    "export": envint("DJANGO_RATE_LIMIT_EXPORTS", 10),
}
RATE_LIMIT_CACHE = "default"  # shared by the workers (and hosts, with Redis), as the page cache

ARCHIVE_VERSION = "0.1.0"

# The JSON API (archive/api/): JSON only, read only; an API token an admin issues
# («توکن‌ها» in the admin, sent as `Authorization: Token …`) lifts the anonymous
# limit. Rates are "N/second|minute|hour|day" per client address (anonymous) or per
# token; "0" is no limit. Its searches are not counted in RATE_LIMITS: these are its own.
API_THROTTLE_RATES = {
    "anon": os.environ.get("DJANGO_API_RATE_ANON", "60/minute"),
    "token": os.environ.get("DJANGO_API_RATE_TOKEN", "600/minute"),
}
API_PAGE_SIZE = envint("DJANGO_API_PAGE_SIZE", 20)
API_MAX_PAGE_SIZE = envint("DJANGO_API_MAX_PAGE_SIZE", 100)
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": [
        "archive.api.throttles.AnonymousThrottle",
        "archive.api.throttles.TokenThrottle",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # JSON only: `?format=` is not a parameter of the API (its pages would have 404'd for `format=x`).
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API آرشیو اخبار دفاعی منطقه",
    "DESCRIPTION": (
        "خبرها، مقام‌ها، گفته‌ها و رویدادهای آرشیو به JSON: همان پارامترهای صفحه‌ها، همان رکوردها "
        "به همان ترتیب صفحه‌ها و CSV. فهرست‌ها با `cursor` ورق می‌خورند (پیوند `next` هر پاسخ)؛ "
        "`count=true` شمار همه را هم می‌دهد؛ `fields` و `omit` فیلدهای هر رکورد را برمی‌گزینند. "
        "بی‌توکن درخواست‌ها محدودند؛ توکنی که ویراستار آرشیو می‌دهد (سرآیند "
        "`Authorization: Token …`) حد بالاتری دارد."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {},
}

# The site's own address, for the links in e-mails (no request to take it from in `send_alerts`).
SITE_URL = os.environ.get("DJANGO_SITE_URL", "http://127.0.0.1:8000").rstrip("/")


# Outgoing mail (Django's MAILERS): DJANGO_EMAIL_URL, parsed by dj-email-url
# (smtp://user:password@host:587/?tls=True, submission://…, console://, or
# file:////var/mail: an absolute path takes four slashes), else the console in
# development and the local SMTP server (localhost:25) when served.
def _mailer(url: str) -> dict:
    parsed = dj_email_url.parse(url)
    backend = parsed["EMAIL_BACKEND"]
    options: dict = {}
    if backend.endswith("smtp.EmailBackend"):
        options = {
            "host": parsed["EMAIL_HOST"] or "localhost",
            "port": parsed["EMAIL_PORT"] or 25,
            "username": parsed["EMAIL_HOST_USER"] or "",
            "password": parsed["EMAIL_HOST_PASSWORD"] or "",
            "use_tls": parsed["EMAIL_USE_TLS"],
            "use_ssl": parsed["EMAIL_USE_SSL"],
            "timeout": parsed["EMAIL_TIMEOUT"] or 30,
        }
    elif backend.endswith("filebased.EmailBackend"):
        options = {"file_path": parsed["EMAIL_FILE_PATH"] or str(BASE_DIR / "var" / "mail")}
    return {"BACKEND": backend, "OPTIONS": options}


MAILERS = {
    "default": _mailer(os.environ.get("DJANGO_EMAIL_URL", "console://" if DEBUG else "smtp://localhost:25"))
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "آرشیو اخبار دفاعی منطقه <archive@localhost>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# E-mail alerts (archive/alerts/): how long a confirmation link is valid; alerts one address
# may hold (confirmed or awaiting confirmation); requests one client address may make a day;
# records one message lists; how long a run holds a message it is sending before another
# run may take it over (a run killed mid-send).
ALERTS_CONFIRM_MAX_AGE = dt.timedelta(days=envint("ALERTS_CONFIRM_DAYS", 7))
ALERTS_MAX_PER_ADDRESS = envint("ALERTS_MAX_PER_ADDRESS", 10)
ALERTS_MAX_PER_CLIENT = envint("ALERTS_MAX_PER_CLIENT", 20)
ALERTS_MESSAGE_SIZE = envint("ALERTS_MESSAGE_SIZE", 50)
ALERTS_SEND_LEASE = dt.timedelta(seconds=envint("ALERTS_SEND_LEASE_SECONDS", 900))

# Imports (archive/ingest/limits.py): how much one import reads. A file or a
# zip member past its bound is refused with a message, never half read; zip
# members are counted as they are decompressed, not taken at their header's
# word. `.txt`, `.html` and feeds are parsed whole, so each (and each JSONL
# line) is bounded more tightly than a streamed JSONL file.
IMPORT_MAX_FILE_BYTES = int(os.environ.get("IMPORT_MAX_FILE_BYTES", str(200 * 1024**2)))
IMPORT_MAX_MEMBER_BYTES = int(os.environ.get("IMPORT_MAX_MEMBER_BYTES", str(200 * 1024**2)))
IMPORT_MAX_ZIP_BYTES = int(os.environ.get("IMPORT_MAX_ZIP_BYTES", str(2 * 1024**3)))
IMPORT_MAX_DOCUMENT_BYTES = int(os.environ.get("IMPORT_MAX_DOCUMENT_BYTES", str(20 * 1024**2)))
IMPORT_MAX_BODY_CHARS = int(os.environ.get("IMPORT_MAX_BODY_CHARS", "1000000"))

# /healthz tells its details (version, database vendors and latencies) to a probe on the
# loopback, or to one sending this token in X-Healthz-Token (a monitor on another host).
HEALTHZ_TOKEN = os.environ.get("DJANGO_HEALTHZ_TOKEN", "")
