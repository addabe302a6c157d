"""labsite settings: one module, every deployment difference comes from the environment.

See README.md ("Configuration") for the variables. The test suite runs these settings too,
through ``config.settings_test``.
"""

import importlib.util
import os
from pathlib import Path

import dj_database_url
import django
from django.core.exceptions import ImproperlyConfigured

from labsite.csp import directives as csp_directives
from labsite.storage_url import StorageURLError, storage_from_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("LABSITE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
# Set only while config.settings_test imports this module: the suite runs production-like
# settings but needs no secret of its own.
TESTING = env_bool("LABSITE_TESTING")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured("Set SECRET_KEY (a development key is only used when DEBUG=1).")
    SECRET_KEY = "django-insecure-labsite-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else ("*" if TESTING else "")
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# A lab that answers on any allowed host that no Domain claims (docs/architecture.md, Tenancy).
LABSITE_DEFAULT_LAB = os.environ.get("LABSITE_DEFAULT_LAB", "")
# A read of a lab's rows without .for_lab(lab) raises UnscopedQueryError (labsite/scoping.py).
# On in the test suite; off in production, where the check costs nothing and never raises.
LABSITE_STRICT_TENANT_SCOPING = env_bool("LABSITE_STRICT_TENANT_SCOPING")

# Old addresses a lab may redirect (labsite.Redirect): a bound on the rows of one lab.
LABSITE_REDIRECTS_PER_LAB = int(os.environ.get("LABSITE_REDIRECTS_PER_LAB", 1000))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "markdownx",
    "labsite",
    "people",
    "publications",
    "awards",
    "news",
    # Above the content apps: dumplab/loadlab, filled by each app's archived.py.
    "archive",
    # Above the content apps too: importsite reads a theme's repository into all of them.
    "siteimport",
    # Background work: Django 6's Tasks API (the django-tasks backport on 5.2) and its
    # database queue.
    *([] if importlib.util.find_spec("django.tasks") else ["django_tasks"]),
    "django_tasks_db",
    # Above the content apps: citation counts and identifiers from open scholarly APIs.
    "metadata",
    # Above the content apps: every public page rendered to files a static server serves.
    "publishing",
    "demo",  # last: demo data and the benchmark sit above every other app
]

MIDDLEWARE = [
    # Oversized bodies are refused before anything reads them (labsite/limits.py).
    "labsite.limits.RequestSizeLimitMiddleware",
    # Warns (log, check --deploy) when a proxy's X-Forwarded-For goes unread (labsite/proxies.py).
    "labsite.proxies.ForwardedForMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "labsite.middleware.PageCacheMiddleware",
    # Inside the page cache: a cached page keeps the policy that matches its nonces.
    "django.middleware.csp.ContentSecurityPolicyMiddleware"
    if django.VERSION >= (6, 0)
    else "csp.middleware.CSPMiddleware",
    "labsite.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "labsite.middleware.LabMiddleware",
    # Innermost: turns a 404 of the lab's site into a 301 when the lab redirects that path.
    "labsite.redirects.RedirectFallbackMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "labsite.context_processors.lab",
                # {{ csp_nonce }} for inline <script>/<style>, on Django 5.2 and 6.x alike.
                "labsite.csp.csp_nonce",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'labsite.sqlite3'}",
        # Persistent connections in production (checked before reuse, so a restarted
        # PostgreSQL costs no failed request); none in development and tests.
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0" if DEBUG or TESTING else "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Tests run on a real file, one per process, never on the development database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)
    # The usual settings for SQLite behind a web server: readers never wait for a writer
    # (WAL), commits without a full fsync each, and a page cache that holds a large import.
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command",
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-32000;"
        " PRAGMA temp_store=MEMORY;",
    )
    # Writers take the lock when their transaction starts, so none fails half-way.
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
# Pages and host lookups: Redis when several app servers share it, otherwise each worker's
# own memory, bounded in bytes (labsite/cache_backends.py).
REDIS_URL = os.environ.get("REDIS_URL", "")
LABSITE_PAGE_CACHE_MAX_BYTES = int(
    os.environ.get("LABSITE_PAGE_CACHE_MAX_BYTES", 64 * 1024 * 1024)
)
# A larger page is served but never stored (a huge publication list would evict the rest).
LABSITE_PAGE_CACHE_MAX_PAGE_BYTES = int(
    os.environ.get("LABSITE_PAGE_CACHE_MAX_PAGE_BYTES", 8 * 1024 * 1024)
)
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "labsite.cache_backends.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "labsite.cache_backends.BoundedMemoryCache",
            "LOCATION": "labsite",
            "OPTIONS": {"MAX_BYTES": LABSITE_PAGE_CACHE_MAX_BYTES},
        }
    }
# The content and tenancy versions every worker must see change at once (labsite/versions.py):
# a memory-mapped file on one machine; with REDIS_URL, in Redis, shared by every server.
LABSITE_VERSIONS_FILE = (
    "" if REDIS_URL else os.environ.get("LABSITE_VERSIONS_FILE", str(VAR_DIR / "versions.bin"))
)

# --- Auth -----------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# Where a login goes when its ``next`` is missing or points to another site.
LOGIN_REDIRECT_URL = "admin:index"

# --- I18n -----------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed names and far-future caching need `collectstatic`; off by default under DEBUG.
        "BACKEND": "labsite.static_storage.ManifestStaticStorage"
        if env_bool("STATIC_MANIFEST", default=not (DEBUG or TESTING))
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
# Object storage for media when there is more than one app server (labsite/storage_url.py).
MEDIA_STORAGE_URL = os.environ.get("MEDIA_STORAGE_URL", "")
if MEDIA_STORAGE_URL:
    try:
        STORAGES["default"] = storage_from_url(MEDIA_STORAGE_URL)
    except StorageURLError as exc:
        raise ImproperlyConfigured(str(exc)) from exc
# Serve uploaded media from the app unless a proxy or object storage does it.
LABSITE_SERVE_MEDIA = env_bool("LABSITE_SERVE_MEDIA", default=not MEDIA_STORAGE_URL)

DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
# Whole request bodies (uploads included): over this, a 413 before the body is read.
LABSITE_MAX_REQUEST_BYTES = int(os.environ.get("LABSITE_MAX_REQUEST_BYTES", 32 * 1024 * 1024))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Publication exports (admin upload and import_publications): larger files are refused
# with a message asking to split the export.
# Background tasks: the database queue, run by `python manage.py db_worker` next to gunicorn.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Open scholarly APIs (metadata/http.py): base URLs (tests and private mirrors point
# elsewhere), polite identification, and the limits of every call.
LABSITE_OPENALEX_URL = os.environ.get("LABSITE_OPENALEX_URL", "https://api.openalex.org")
LABSITE_CROSSREF_URL = os.environ.get("LABSITE_CROSSREF_URL", "https://api.crossref.org")
LABSITE_SEMANTICSCHOLAR_URL = os.environ.get(
    "LABSITE_SEMANTICSCHOLAR_URL", "https://api.semanticscholar.org"
)
LABSITE_ARXIV_URL = os.environ.get("LABSITE_ARXIV_URL", "https://export.arxiv.org")
# Optional: a Semantic Scholar API key (sent as x-api-key, never logged).
LABSITE_SEMANTICSCHOLAR_API_KEY = os.environ.get("LABSITE_SEMANTICSCHOLAR_API_KEY", "")
LABSITE_GITHUB_URL = os.environ.get("LABSITE_GITHUB_URL", "https://api.github.com")
# Optional: raises GitHub's limit from 60 to 5,000 calls an hour; sent only to GitHub, never logged.
LABSITE_GITHUB_TOKEN = os.environ.get("LABSITE_GITHUB_TOKEN", "")
LABSITE_ORCID_URL = os.environ.get("LABSITE_ORCID_URL", "https://pub.orcid.org")
LABSITE_DBLP_URL = os.environ.get("LABSITE_DBLP_URL", "https://dblp.org")
LABSITE_METADATA_MAILTO = os.environ.get("LABSITE_METADATA_MAILTO", "")
LABSITE_METADATA_USER_AGENT = os.environ.get(
    "LABSITE_METADATA_USER_AGENT", "labsite (research-lab websites; +https://github.com/)"
)
LABSITE_METADATA_TIMEOUT = float(os.environ.get("LABSITE_METADATA_TIMEOUT", 20))
LABSITE_METADATA_MAX_RESPONSE_BYTES = int(
    os.environ.get("LABSITE_METADATA_MAX_RESPONSE_BYTES", 8 * 1024 * 1024)
)
LABSITE_METADATA_CONCURRENCY = int(os.environ.get("LABSITE_METADATA_CONCURRENCY", 4))
LABSITE_METADATA_RETRIES = int(os.environ.get("LABSITE_METADATA_RETRIES", 3))
LABSITE_METADATA_MAX_BACKOFF = float(os.environ.get("LABSITE_METADATA_MAX_BACKOFF", 60))
LABSITE_METADATA_BREAKER_FAILURES = int(os.environ.get("LABSITE_METADATA_BREAKER_FAILURES", 5))
LABSITE_METADATA_BREAKER_SECONDS = int(os.environ.get("LABSITE_METADATA_BREAKER_SECONDS", 3600))
# A record younger than this is reused by every lab instead of being fetched again.
LABSITE_METADATA_MAX_AGE_HOURS = int(os.environ.get("LABSITE_METADATA_MAX_AGE_HOURS", 24))
# Papers with neither DOI nor arXiv id looked up by title at OpenAlex in one lab's refresh.
LABSITE_OPENALEX_TITLE_LOOKUPS = int(os.environ.get("LABSITE_OPENALEX_TITLE_LOOKUPS", 100))
# Seconds between two calls to one source (per process), for sources with a strict rate
# limit: Semantic Scholar allows 1 request/s, arXiv asks for 3 s between calls.
LABSITE_METADATA_MIN_INTERVALS = {
    name.strip(): float(seconds)
    for name, seconds in (
        item.split("=", 1)
        for item in env_list("LABSITE_METADATA_MIN_INTERVALS", "semanticscholar=1,arxiv=3")
    )
}
# The paper's shown citation count is the first of these sources that has one: OpenAlex
# (widest open coverage), then Semantic Scholar, then Crossref (counts only citations
# from Crossref-registered works, so it reads lowest).
LABSITE_METADATA_COUNT_PRIORITY = env_list(
    "LABSITE_METADATA_COUNT_PRIORITY", "openalex,semanticscholar,crossref"
)
# A lab's schedule (metadata/cron.py) may not run more often than this: each run calls
# every source the lab enabled.
LABSITE_METADATA_MIN_SCHEDULE_MINUTES = int(
    os.environ.get("LABSITE_METADATA_MIN_SCHEDULE_MINUTES", 60)
)

# --- Static publishing (publishing/) -------------------------------------------------------
# Where `publish` writes each lab's pages as files, one directory per host (docs/
# static-serving.md). Blank: publishing is off.
LABSITE_PUBLISH_ROOT = os.environ.get("LABSITE_PUBLISH_ROOT", "")
# Or publish to S3-compatible storage, in MEDIA_STORAGE_URL's form (labsite/storage_url.py):
# s3://BUCKET[/PREFIX]?endpoint_url=…&region_name=…, each host under <PREFIX>/<host>/
# (publishing/s3.py). file:///DIR is the same as LABSITE_PUBLISH_ROOT=DIR. Blank: the root.
LABSITE_PUBLISH_TARGET = os.environ.get("LABSITE_PUBLISH_TARGET", "")
if LABSITE_PUBLISH_TARGET:
    try:
        storage_from_url(LABSITE_PUBLISH_TARGET, setting="LABSITE_PUBLISH_TARGET")
    except StorageURLError as exc:
        raise ImproperlyConfigured(str(exc)) from exc
# Cache-Control max-age of the pages published to S3: short, a page changes on each edit.
LABSITE_PUBLISH_MAX_AGE = int(os.environ.get("LABSITE_PUBLISH_MAX_AGE", 60))
# The most files one lab's publish writes (a 5,000-paper lab publishes about 5,100).
LABSITE_PUBLISH_MAX_PAGES = int(os.environ.get("LABSITE_PUBLISH_MAX_PAGES", 50_000))
# The most bytes of static and media files one `exportsite` copies (publishing/export.py).
LABSITE_EXPORT_MAX_BYTES = int(os.environ.get("LABSITE_EXPORT_MAX_BYTES", 2 * 1024**3))
# An edit re-renders only the pages that show it (publishing/incremental.py); one touching
# more pages than this (or more recorded changes) publishes the whole lab instead.
LABSITE_PUBLISH_INCREMENTAL_MAX_PAGES = int(
    os.environ.get("LABSITE_PUBLISH_INCREMENTAL_MAX_PAGES", 300))

LABSITE_IMPORT_MAX_BYTES = int(os.environ.get("LABSITE_IMPORT_MAX_BYTES", 20 * 1024 * 1024))
# Sites brought over (siteimport/source.py, read at call time): the .zip's own size, the
# files it may hold, their uncompressed total, and one file's size (bigger ones are ignored).
LABSITE_SITE_IMPORT_MAX_ARCHIVE_BYTES = int(
    os.environ.get("LABSITE_SITE_IMPORT_MAX_ARCHIVE_BYTES", 200 * 1024 * 1024)
)
LABSITE_SITE_IMPORT_MAX_FILES = int(os.environ.get("LABSITE_SITE_IMPORT_MAX_FILES", 5000))
LABSITE_SITE_IMPORT_MAX_TOTAL_BYTES = int(
    os.environ.get("LABSITE_SITE_IMPORT_MAX_TOTAL_BYTES", 500 * 1024 * 1024)
)
LABSITE_SITE_IMPORT_MAX_FILE_BYTES = int(
    os.environ.get("LABSITE_SITE_IMPORT_MAX_FILE_BYTES", 20 * 1024 * 1024)
)
# Near-identical titles (publications/imports/near_duplicates.py): each imported paper is compared
# with at most this many others by the same first author (its nearest titles), and at most
# this many possible-duplicate pairs are listed per paper and per import, so the work and
# the review list grow linearly with the file, never with the square of it.
LABSITE_NEAR_DUPLICATE_CANDIDATES = int(os.environ.get("LABSITE_NEAR_DUPLICATE_CANDIDATES", 20))
LABSITE_POSSIBLE_DUPLICATES_PER_ENTRY = int(
    os.environ.get("LABSITE_POSSIBLE_DUPLICATES_PER_ENTRY", 5)
)
LABSITE_POSSIBLE_DUPLICATES_PER_IMPORT = int(
    os.environ.get("LABSITE_POSSIBLE_DUPLICATES_PER_IMPORT", 1000)
)
# Admin import previews keep the uploaded files in the database until confirmed (a day at
# most). A new preview is refused, with a message, when it would take the uploader (in
# that lab) or the lab past these numbers of waiting previews or bytes.
LABSITE_IMPORT_PREVIEWS_PER_USER = int(os.environ.get("LABSITE_IMPORT_PREVIEWS_PER_USER", 5))
LABSITE_IMPORT_PREVIEW_BYTES_PER_USER = int(
    os.environ.get("LABSITE_IMPORT_PREVIEW_BYTES_PER_USER", 64 * 1024 * 1024)
)
LABSITE_IMPORT_PREVIEWS_PER_LAB = int(os.environ.get("LABSITE_IMPORT_PREVIEWS_PER_LAB", 50))
LABSITE_IMPORT_PREVIEW_BYTES_PER_LAB = int(
    os.environ.get("LABSITE_IMPORT_PREVIEW_BYTES_PER_LAB", 256 * 1024 * 1024)
)
# Uploaded images (labsite/image_checks.py): the file's size, its pixels, and the memory its
# decoded pixels may take (a small 16-bit PNG can declare hundreds of MB).
LABSITE_IMAGE_MAX_BYTES = int(os.environ.get("LABSITE_IMAGE_MAX_BYTES", 10 * 1024 * 1024))
LABSITE_IMAGE_MAX_PIXELS = int(os.environ.get("LABSITE_IMAGE_MAX_PIXELS", 50_000_000))
LABSITE_IMAGE_MAX_DECODED_BYTES = int(
    os.environ.get("LABSITE_IMAGE_MAX_DECODED_BYTES", 100 * 1024 * 1024)
)
# loadlab (archive/reader.py): what an archive may unpack to, in all and per member,
# how many members it may have and how much more than its compressed size a member may be.
LABSITE_ARCHIVE_MAX_BYTES = int(os.environ.get("LABSITE_ARCHIVE_MAX_BYTES", 4 * 1024**3))
LABSITE_ARCHIVE_MAX_MEMBER_BYTES = int(
    os.environ.get("LABSITE_ARCHIVE_MAX_MEMBER_BYTES", 32 * 1024 * 1024)
)
LABSITE_ARCHIVE_MAX_JSON_BYTES = int(
    os.environ.get("LABSITE_ARCHIVE_MAX_JSON_BYTES", 64 * 1024 * 1024)
)
LABSITE_ARCHIVE_MAX_MEMBERS = int(os.environ.get("LABSITE_ARCHIVE_MAX_MEMBERS", 50_000))
LABSITE_ARCHIVE_MAX_RATIO = int(os.environ.get("LABSITE_ARCHIVE_MAX_RATIO", 100))

# --- Markdown (django-markdownx uses our sanitising renderer) -------------------------------
MARKDOWNX_MARKDOWNIFY_FUNCTION = "labsite.markdown.render_markdown"

# --- Security -------------------------------------------------------------------------------
HTTPS = env_bool("HTTPS", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# How many proxies of ours append to X-Forwarded-For in front of the app (1 for one nginx
# or Caddy). Admin login throttling reads the client address from that header only then
# (labsite/proxies.py); with 0, a request that carries it is reported by check --deploy.
LABSITE_TRUSTED_PROXY_COUNT = int(os.environ.get("LABSITE_TRUSTED_PROXY_COUNT", "0"))
# Admin login throttle (labsite/throttle.py): free failures of one (username, address) pair,
# failures of a username or an address past which each of its pairs gets one, the first
# wait (doubling up to the most), how long a count lasts after its last failure, and how
# long a browser that logged in keeps its own pair (device cookie).
LABSITE_LOGIN_FAILURE_LIMIT = int(os.environ.get("LABSITE_LOGIN_FAILURE_LIMIT", 5))
LABSITE_LOGIN_FAILURE_LIMIT_PER_USERNAME = int(
    os.environ.get("LABSITE_LOGIN_FAILURE_LIMIT_PER_USERNAME", 10)
)
LABSITE_LOGIN_FAILURE_LIMIT_PER_IP = int(os.environ.get("LABSITE_LOGIN_FAILURE_LIMIT_PER_IP", 20))
LABSITE_LOGIN_LOCKOUT_SECONDS = int(os.environ.get("LABSITE_LOGIN_LOCKOUT_SECONDS", 60))
LABSITE_LOGIN_LOCKOUT_MAX_SECONDS = int(os.environ.get("LABSITE_LOGIN_LOCKOUT_MAX_SECONDS", 3600))
LABSITE_LOGIN_FAILURE_WINDOW = int(os.environ.get("LABSITE_LOGIN_FAILURE_WINDOW", 24 * 3600))
LABSITE_LOGIN_DEVICE_DAYS = int(os.environ.get("LABSITE_LOGIN_DEVICE_DAYS", 180))
# Days an invitation link to set a password stays valid (labsite/auth.py).
LABSITE_INVITATION_DAYS = int(os.environ.get("LABSITE_INVITATION_DAYS", 7))

# --- Content-Security-Policy (labsite/csp.py) -------------------------------------------------
# Scripts only from our origin or with this response's nonce; see labsite/csp.py.
if django.VERSION >= (6, 0):
    from django.utils.csp import CSP

    SECURE_CSP = csp_directives(nonce=CSP.NONCE, self_=CSP.SELF, none=CSP.NONE, https=HTTPS)
else:
    from csp.constants import NONCE, NONE, SELF

    if "csp" not in INSTALLED_APPS:
        INSTALLED_APPS.append("csp")
    CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": csp_directives(nonce=NONCE, self_=SELF, none=NONE, https=HTTPS)
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# URLs served on a member's own domain (their homepage at /); see people/urls_domain.py.
LABSITE_PERSON_DOMAIN_URLCONF = "people.urls_domain"
MARKDOWNX_UPLOAD_CONTENT_TYPES = ["image/jpeg", "image/png", "image/webp"]
MARKDOWNX_UPLOAD_MAX_SIZE = 2 * 1024 * 1024
MARKDOWNX_MEDIA_PATH = "markdownx/"
MARKDOWNX_SVG_JAVASCRIPT_PROTECTION = True
