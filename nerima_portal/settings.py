"""Settings for the Nerima community welfare portal.

One module, configured from the environment (see README.md "Settings" and .env.example).
Defaults are safe for production; `make run` sets DEBUG=true for local work.
"""

from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from nerima_portal.env import env_bool, env_int, env_list, env_str, env_tile_url

BASE_DIR = Path(__file__).resolve().parent.parent

# Generic Django classes (Paginator[Row], ModelChoiceField[Row]) usable at run time, as typed.
django_stubs_ext.monkeypatch()

# --- Core -----------------------------------------------------------------------------------
DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-debug-mode"  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# --- Maps -----------------------------------------------------------------------------------
# Background tiles of the activity and facility maps (国土地理院's standard map); the CSP lets
# images load from this host and nothing else of it.
MAP_TILE_URL, MAP_TILE_ORIGIN = env_tile_url(
    "MAP_TILE_URL", "https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png"
)
MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION", "地理院タイル")
MAP_TILE_ATTRIBUTION_URL = env_str(
    "MAP_TILE_ATTRIBUTION_URL", "https://maps.gsi.go.jp/development/ichiran.html"
)

# --- Applications ---------------------------------------------------------------------------
INSTALLED_APPS = [
    # The portal's apps, floor by floor: each imports only those above it in this list
    # (README "Apps"; tests/test_layers.py keeps it so).
    "core",
    "accounts",
    "plan",
    "pillars",
    "networks",
    "participation",
    "nerizu",
    "progress",
    "consultations",
    "search",
    "staff",
    "nerima_portal",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django.contrib.sitemaps",  # sitemap.xml (nerima_portal/sitemaps.py)
    "django.contrib.humanize",  # allauth's WebAuthn templates load it
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_filters",
    "import_export",
    "django_q",
]

MIDDLEWARE = [
    # Request counts, latency and database time per URL name (first: it times all the rest)
    "core.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "nerima_portal.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language from the path: /en/, /easy/ (やさしい日本語, core/easy.py), else Japanese
    "core.easy.EasyLocaleMiddleware",
    # A NUL in the path, the query or a form field: 400 before any view (PostgreSQL refuses it)
    "core.middleware.RejectNulMiddleware",
    # Anonymous public pages from the page cache (after the session and the language, before
    # CSRF, authentication and messages, whose effects it must see); ETag and 304
    "core.pagecache.PageCacheMiddleware",
    # Display preferences: with ふりがな on, readings over the kanji of every page (inside the
    # page cache, which keys pages on the preferences and stores the annotated page)
    "core.preferences.DisplayPreferencesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.second_factor_passed: this session checked a TOTP code or security key
    "accounts.second_factor.SecondFactorMiddleware",
    # /staff/: MFA before any case data, idle sessions logged out, no caching (staff app)
    "staff.middleware.StaffSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "nerima_portal.urls"
# Form templates can be overridden in templates/django/forms/ (labels mark 必須/任意).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "nerima_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "nerima_portal.context_processors.site",
                "core.preferences.context",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite file by default; PostgreSQL (or anything dj-database-url reads) through DATABASE_URL.
# PostgreSQL: each process keeps a psycopg connection pool of DATABASE_POOL_MIN_SIZE to
# DATABASE_POOL_MAX_SIZE connections (0: no pool), which replaces persistent connections
# (Django requires CONN_MAX_AGE=0 then); with CONN_HEALTH_CHECKS, Django has the pool check
# each connection as it hands it out, so a restarted server costs no request. A fleet opens at
# most processes × max size.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DATABASE_POOL_MAX_SIZE = env_int("DATABASE_POOL_MAX_SIZE", 4)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and DATABASE_POOL_MAX_SIZE:
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": min(env_int("DATABASE_POOL_MIN_SIZE", 1), DATABASE_POOL_MAX_SIZE),
        "max_size": DATABASE_POOL_MAX_SIZE,
        # seconds a request waits for a free connection before it fails
        "timeout": env_int("DATABASE_POOL_TIMEOUT", 10),
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DATABASE_SERVER_SIDE_BINDING", default=True
):
    # Parameters bound by the server rather than quoted into the SQL: psycopg then prepares a
    # statement run more than five times on a connection, and PostgreSQL plans it once (the
    # planning of small joins was 2–2.5 ms of a staff page's database CPU; bench/README.md).
    # (Django leaves prepared statements off unless prepare_threshold is given.) A PgBouncer
    # in transaction mode needs prepared statements off: set this to false there.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": 5}
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes (make run's server and task worker, the tests' gunicorn workers) write
    # to one file: a transaction takes the write lock when it begins (a deferred one that
    # later writes fails at once with "database is locked" when another writer got there
    # first), and waits up to 20 s for it.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The staff list's covering indexes (INCLUDE columns) are for PostgreSQL; SQLite builds them on
# their key columns alone, which is all it needs, so its warning about that is not shown.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# --- Cache ---------------------------------------------------------------------------------
# Shared by every app server and worker, because login throttles live in it: Redis when
# CACHE_URL is set (redis://host:6379/0), otherwise a table in the database (core/migrations).
# "pages" holds the anonymous public pages (core/pagecache.py): the same Redis when CACHE_URL
# is set, otherwise each process's memory (`make run` needs no extra service). Either way the
# content generation that invalidates them lives in "default", seen by every process.
CACHE_URL = env_str("CACHE_URL")
REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"
CACHES: dict[str, dict[str, Any]] = {
    "default": (
        {"BACKEND": REDIS_CACHE, "LOCATION": CACHE_URL}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "portal_cache"}
    ),
    "pages": (
        {"BACKEND": REDIS_CACHE, "LOCATION": CACHE_URL, "KEY_PREFIX": "pages"}
        if CACHE_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": 500},
        }
    ),
}

# Each cache counts its hits and misses for the metrics: the same backend, counted (core/cache.py).
_COUNTED_CACHES = {
    "django.core.cache.backends.redis.RedisCache": "core.cache.RedisCache",
    "django.core.cache.backends.db.DatabaseCache": "core.cache.DatabaseCache",
    "django.core.cache.backends.locmem.LocMemCache": "core.cache.LocMemCache",
}
for _cache in CACHES.values():
    _cache["BACKEND"] = _COUNTED_CACHES.get(_cache["BACKEND"], _cache["BACKEND"])

# --- Page cache (core/pagecache.py) --------------------------------------------------------
# Anonymous GET/HEAD pages come from the "pages" cache; every content write invalidates them
# (nerima_portal/content.py). PAGE_CACHE=off renders every page (the bench's uncached figures).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE", default=True)
# Never cached, in either language: the back office, sign-in, the consultation form, figures
# made from case data (not content: case edits do not invalidate pages), the health check.
PAGE_CACHE_NEVER = (
    "/staff/",
    "/admin/",
    "/accounts/",
    "/consult/",
    "/plan/consultation-statistics/",
    "/healthz",
)
# A stored page is dropped after this long even if nothing changed (bounds what a missed
# invalidation could cost, e.g. during a cache outage).
PAGE_CACHE_SECONDS = 600
# Cache-Control of cached pages: browsers revalidate every time (ETag → 304), shared proxies
# and CDNs may keep a page this many seconds (s-maxage), so an edit is never later than this.
PAGE_CDN_SECONDS = 60

# --- Metrics (core/metrics.py) --------------------------------------------------------------
# GET /metrics answers Prometheus' scraper when it sends "Authorization: Bearer <token>";
# anyone else, and everyone while this is empty, gets a 404.
METRICS_TOKEN = env_str("METRICS_TOKEN")

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Django's ModelBackend, the permissions read in one query (accounts/backends.py)
    "accounts.backends.AccountBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# Confirming the address in the browser that signed up signs the person in and takes them back
# to where sign-up began (`next`: the ネリーズ form, an activity's join form), not to the login.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
LOGIN_REDIRECT_URL = "/"
# Failed logins are throttled per address and per account. allauth keeps the counts in the
# shared cache (see "Cache"), so the limits hold across workers and servers. The admin's own
# login form is routed through this one (nerima_portal/urls.py), second factor included.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}

# --- Two-factor authentication (allauth.mfa): required of all consultation staff ----------
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
# Security keys need HTTPS; plain http://127.0.0.1 works for WebAuthn only in development.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
MFA_TOTP_ISSUER = "練馬区社会福祉協議会"
# Every login asks for the second factor: no "trust this browser" shortcut past it.
MFA_TRUST_ENABLED = False
# TOTP secrets and recovery-code seeds are stored encrypted with CASE_DATA_KEYS.
MFA_ADAPTER = "accounts.adapters.MFAAdapter"
# allauth's e-mails go through the outbox and the task queue like every other (core/emails.py)
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"

# --- ネリーズ / accounts ----------------------------------------------------------------------
# Login by URL name, so that pages under /en/ send people to the English login page.
LOGIN_URL = "account_login"
# Every account e-mail's subject starts with the council's name (allauth would use the host).
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[練馬区社会福祉協議会] "
# Story photos are kept outside MEDIA_ROOT and have no URL of their own: a view hands each one
# out after checking that the story is approved (nerizu/storage.py). Never serve this directory.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private_media")))

# --- Admin spreadsheets (django-import-export) ---------------------------------------------
# Off: the library's own escaping removes one leading "=" (and nothing else). Every exported
# cell goes through core.spreadsheets.safe_cell instead (networks.resources.JapaneseResource).
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False

# --- Background tasks (django-q2; README "Background tasks") -------------------------------
# E-mail, imports and the scheduled commands run as tasks. The queue is a table in the
# database (django-q2's ORM broker): durable, no other service, and a task queued inside a
# transaction exists only once it commits. `manage.py qcluster` (started by `make run`; a
# service in production) runs TASK_WORKERS workers and the schedule (nerima_portal/schedule.py).
# A task still unacknowledged TASK_RETRY seconds after it was taken (its worker died) is taken
# again, up to 5 times; TASK_TIMEOUT stops a task that runs too long. TASKS_SYNC=true runs
# every task at once, inside the caller (the tests).
TASK_TIMEOUT = env_int("TASK_TIMEOUT", 600)
Q_CLUSTER = {
    "name": "portal",
    "orm": "default",
    "workers": env_int("TASK_WORKERS", 2),
    "timeout": TASK_TIMEOUT,
    "retry": env_int("TASK_RETRY", TASK_TIMEOUT + 120),
    "max_attempts": 5,
    "save_limit": 1000,  # successful tasks kept for the admin; failures are all kept
    "catch_up": False,  # a schedule missed while the cluster was down runs once, not N times
    "poll": 1,  # seconds between looks at an empty queue
    "sync": env_bool("TASKS_SYNC", default=False),
    "label": "タスク",
}
# The e-mail outbox (core/emails.py): a refused mail is tried again after
# EMAIL_RETRY_BASE_SECONDS, then twice as long each time, EMAIL_MAX_ATTEMPTS tries in all; a
# mail whose worker died while sending is tried again once EMAIL_LEASE_SECONDS have passed.
EMAIL_RETRY_BASE_SECONDS = env_int("EMAIL_RETRY_BASE_SECONDS", 60)
EMAIL_MAX_ATTEMPTS = env_int("EMAIL_MAX_ATTEMPTS", 8)
EMAIL_LEASE_SECONDS = env_int("EMAIL_LEASE_SECONDS", 300)

# --- Internationalisation -------------------------------------------------------------------
# Japanese first (no URL prefix); the English UI lives under /en/.
LANGUAGE_CODE = "ja"
# やさしい日本語 is a third variant with the URL prefix /easy/ (core/easy.py)
LANGUAGES = [("ja", "日本語"), ("en", "English"), ("ja-x-easy", "やさしい日本語")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))

# --- Uploaded files ------------------------------------------------------------------------
# On the local disk (MEDIA_ROOT; ネリーズ story photos in PRIVATE_MEDIA_ROOT) unless S3_BUCKET is
# set: then in S3-compatible object storage, which every app server of a fleet shares. Objects
# are private either way; views read them through the storage after their permission checks.
S3_BUCKET = env_str("S3_BUCKET")
S3_ENDPOINT_URL = env_str("S3_ENDPOINT_URL")  # empty: AWS itself
S3_REGION = env_str("S3_REGION")
S3_ACCESS_KEY_ID = env_str("S3_ACCESS_KEY_ID")  # empty: boto3's own (AWS_* variables, role)
S3_SECRET_ACCESS_KEY = env_str("S3_SECRET_ACCESS_KEY")


def s3_storages(*, bucket: str, endpoint_url: str, region: str, key_id: str, secret: str) -> dict:
    """The upload storages in one bucket: `media/` (coordinators' and timeline photos) and
    `private/` (story photos, no URL at all). Empty values: boto3's defaults."""
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint_url or None,
        "region_name": region or None,
        "access_key": key_id or None,
        "secret_key": secret or None,
        # A server of one's own (MinIO, Ceph…) is addressed by path, not by a host per bucket.
        "addressing_style": "path" if endpoint_url else None,
        # Signed links (the admin's "currently") in Signature Version 4, which every region takes
        "signature_version": "s3v4",
    }
    return {
        "default": {
            "BACKEND": "core.object_storage.S3Storage",
            "OPTIONS": {**options, "location": "media"},
        },
        "private": {
            "BACKEND": "core.object_storage.PrivateS3Storage",
            "OPTIONS": {**options, "location": "private"},
        },
    }


_uploads = (
    s3_storages(
        bucket=S3_BUCKET,
        endpoint_url=S3_ENDPOINT_URL,
        region=S3_REGION,
        key_id=S3_ACCESS_KEY_ID,
        secret=S3_SECRET_ACCESS_KEY,
    )
    if S3_BUCKET
    else {
        # Django's, but a write that fails (a full disk) leaves no half-written file behind
        "default": {"BACKEND": "core.storage.FileSystemStorage"},
        "private": {"BACKEND": "nerizu.storage.PrivateFileSystemStorage"},
    }
)
STORAGES = {
    **_uploads,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Security -------------------------------------------------------------------------------
# HTTPS: the site is served over TLS (redirect http, Secure cookies, HSTS). On unless DEBUG.
HTTPS = env_bool("HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
# The load balancer's health check and the metrics scraper talk to each app server directly.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=HTTPS)
if env_bool("USE_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Django's database sessions, the current one read by SQL compiled once per process.
SESSION_ENGINE = "core.sessions"
SESSION_COOKIE_SAMESITE = "Lax"
# No inline scripts or styles anywhere: every script and stylesheet is a static file. Images
# also from the map tile host (MAP_TILE_URL).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    f"img-src 'self' data: {MAP_TILE_ORIGIN}; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "no-reply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# --- Site -----------------------------------------------------------------------------------
SITE_NAME = _("練馬区社会福祉協議会 地域福祉活動計画")

# --- Consultations: the 「コーディネーターに相談する」 form (consultations app) -----------------
# Staff addresses told that an inquiry arrived (comma-separated). The e-mail carries only the
# reference number and a link to the admin, never what the resident wrote or who they are.
INQUIRY_NOTIFY_EMAILS = env_list("INQUIRY_NOTIFY_EMAILS", [])
# At most INQUIRY_RATE_LIMIT inquiries per sender address in INQUIRY_RATE_WINDOW, counted in
# the database; one check at a time per sender through a lock in the shared cache, so the
# limit holds across workers and servers (core/locks.py).
INQUIRY_RATE_LIMIT = 5
INQUIRY_RATE_WINDOW = timedelta(hours=1)
# Reverse proxies in front of the app that append to X-Forwarded-For (0: the header is ignored
# and the connection's address is the sender's). Used to tell senders apart for rate limits.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# --- Consultation records (the back office, consultations + staff apps) -------------------
# Fernet keys (comma-separated, url-safe base64) for the encrypted fields of case records:
# the first key encrypts, every key decrypts. Never SECRET_KEY. Rotation: README "Keys".
CASE_DATA_KEYS = env_list("CASE_DATA_KEYS", [])
if not CASE_DATA_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured("CASE_DATA_KEYS must be set when DEBUG is off.")
    CASE_DATA_KEYS = ["ZGV2ZWxvcG1lbnQtb25seS1jYXNlLWRhdGEta2V5LTA="]  # a fixed key, DEBUG only
# The key of the audit chain (consultations/audit_chain.py): every access-log and change-history
# row carries HMAC-SHA256(key, previous row's hash + its content), so that a deleted, altered or
# moved row is found by `manage.py verify_audit_chain`. Kept apart from the database and its
# backups like CASE_DATA_KEYS; never SECRET_KEY nor a case-data key (README "Audit chain").
AUDIT_CHAIN_KEY = env_str("AUDIT_CHAIN_KEY")
if not AUDIT_CHAIN_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("AUDIT_CHAIN_KEY must be set when DEBUG is off.")
    AUDIT_CHAIN_KEY = f"development-only-audit-chain-key:{SECRET_KEY}"  # derived, DEBUG only
# Minutes without a request after which a staff session (/staff/) is logged out.
STAFF_SESSION_IDLE_MINUTES = env_int("STAFF_SESSION_IDLE_MINUTES", 30)
# Hours an invitation link for new staff stays valid (it works once; 管理者 can send it again).
STAFF_INVITATION_HOURS = env_int("STAFF_INVITATION_HOURS", 72)
# Closed cases older than this many years are anonymised by `manage.py apply_retention`.
CASE_RETENTION_YEARS = env_int("CASE_RETENTION_YEARS", 5)
