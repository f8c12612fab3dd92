"""One settings module, driven by the environment.

With nothing set the portal runs on the embedded default: a SQLite file, a private media folder under
``var/``, Celery tasks run eagerly in-process and email printed to the console. Setting ``DATABASE_URL``,
``REDIS_URL``, ``STORAGE_BUCKET`` and ``EMAIL_URL`` moves each part onto its production service.
``PRODUCTION=true`` switches on the hardening and refuses to start without a secret key and hosts.
"""

import secrets
from pathlib import Path
from urllib.parse import urlparse

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

PRODUCTION = env.bool("PRODUCTION", default=False)
DEBUG = env.bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when PRODUCTION=true.")


def _secret_key() -> str:
    if "SECRET_KEY" in env:
        return env.str("SECRET_KEY")
    if PRODUCTION:
        raise ImproperlyConfigured("Set SECRET_KEY: production refuses to start without one.")
    # Embedded default: a random key kept in var/ (never in the repository).
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS: production refuses to start without it.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

SITE_NAME = "NASENCO Portal"
# Absolute base for links in emails and feeds, e.g. https://portal.example.ac.uk
SITE_URL = env.str("SITE_URL", default="http://localhost:8000").rstrip("/")

INSTALLED_APPS = [
    "nasenco.accounts",
    "nasenco.mail",
    "nasenco.files",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "rules.apps.AutodiscoverRulesConfig",
    "nasenco",
    "cohorts",
    "enrolment",
    "curriculum",
    "portfolio",
    "schools",
    "assessment",
    "dfe",
    "reminders",
    "privacy",
    "search",
    "api",
    "sso",
]

MIDDLEWARE = [
    "nasenco.logs.RequestIdMiddleware",  # first: every later line of the request carries its id
    "nasenco.middleware.HealthCheckMiddleware",  # /healthz for load balancers, whatever the Host
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "nasenco.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "nasenco.middleware.PermissionsPolicyMiddleware",
    "nasenco.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "nasenco.urls"
WSGI_APPLICATION = "nasenco.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "nasenco.context_processors.site",
                "nasenco.context_processors.navigation",
            ],
        },
    },
]
# Django's widget templates, with plain inputs written in Python (many-field forms render several times faster).
FORM_RENDERER = "nasenco.forms_renderer.FormRenderer"

# --- Database -------------------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so a real Celery worker in the integration tests sees the same test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
else:
    # Persistent connections: a new PostgreSQL connection per request cuts throughput about eightfold.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A database that does not answer fails the request in seconds instead of hanging the worker.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", 5))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # must come first: refuses locked-out logins
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "full_name")},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "nasenco.accounts.passwords.GuessablePasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a reset link works for one day
# A second factor (authenticator app, recovery codes) for provider admins and the platform operator.
REQUIRE_STAFF_2FA = env.bool("REQUIRE_STAFF_2FA", default=PRODUCTION)
# How long after the award a participant's records are kept before they may be erased (docs/privacy.md).
RETENTION_YEARS_AFTER_AWARD = env.int("RETENTION_YEARS_AFTER_AWARD", default=6)
OTP_TOTP_ISSUER = SITE_NAME

# Login throttling: five failures for one email from one address lock that pair for an hour, so an attacker
# elsewhere cannot lock a teacher out. Behind PROXY_COUNT proxies the address is the real client's, read from
# X-Forwarded-For (nasenco.accounts.client_ip), not the proxy's.
PROXY_COUNT = env.int("PROXY_COUNT", default=0)
# X-Forwarded-For is believed only from these addresses (nginx on the same machine by default).
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=["127.0.0.1/32", "::1/128"])
AXES_CLIENT_IP_CALLABLE = "nasenco.accounts.client_ip.client_ip"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# --- Language, time, formats ----------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "British English")]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["nasenco.formats"]

# --- Static files and private uploads ------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATIC_MANIFEST = env.bool("STATIC_MANIFEST", default=PRODUCTION)
# Without collectstatic (embedded default, tests) whitenoise serves straight from the static folders.
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
STORAGE_BUCKET = env.str("STORAGE_BUCKET", default="")
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private-media")))
# The largest evidence file a participant may upload.
EVIDENCE_MAX_UPLOAD_MB = env.int("EVIDENCE_MAX_UPLOAD_MB", default=20)
EVIDENCE_MAX_FILES_PER_SAVE = 5
# The largest request body the portal expects (deploy/nginx.conf's client_max_body_size is this, in MB).
MAX_REQUEST_BODY_MB = EVIDENCE_MAX_FILES_PER_SAVE * EVIDENCE_MAX_UPLOAD_MB + 1
# Pre-signed links to private files live this long (S3); the filesystem backend streams through a view.
PRIVATE_URL_EXPIRY_SECONDS = env.int("PRIVATE_URL_EXPIRY_SECONDS", default=300)

if STORAGE_BUCKET:
    import botocore.config

    _default_storage = {
        "BACKEND": "nasenco.files.s3.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": STORAGE_BUCKET,
            "endpoint_url": env.str("STORAGE_ENDPOINT_URL", default=None),
            "region_name": env.str("STORAGE_REGION", default=None),
            "access_key": env.str("STORAGE_ACCESS_KEY_ID", default=None),
            "secret_key": env.str("STORAGE_SECRET_ACCESS_KEY", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": PRIVATE_URL_EXPIRY_SECONDS,
            "file_overwrite": False,
            "location": env.str("STORAGE_PREFIX", default=""),
            "public_url": env.str("STORAGE_PUBLIC_URL", default=None),  # if browsers reach it elsewhere
            # Bounded: a storage endpoint that accepts and never answers costs seconds, not minutes.
            "client_config": botocore.config.Config(
                connect_timeout=env.int("STORAGE_CONNECT_TIMEOUT", default=3),
                read_timeout=env.int("STORAGE_READ_TIMEOUT", default=10),
                retries={"max_attempts": 2, "mode": "standard"},
            ),
        },
    }
else:
    # Private files are never reachable by URL, only through a permission-checked view.
    _default_storage = {
        "BACKEND": "nasenco.files.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT)},
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Email: every message is an outbox row first (nasenco.mail) -----------------------------------------
# The site's own domain names the sender and every Message-ID.
EMAIL_DOMAIN = urlparse(SITE_URL).hostname or "localhost"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default=f"{SITE_NAME} <no-reply@{EMAIL_DOMAIN}>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)  # seconds for each SMTP step
if "EMAIL_URL" in env:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")

# --- Redis, cache and Celery ----------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None  # results live in our own rows (outbox, stored files), not in Redis
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 10 * 60
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # the worker logs through LOGGING: same format, request ids
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# An unacknowledged task goes back to the queue after this long; every countdown and time limit is shorter.
# A Redis that accepts but never answers (stopped, overloaded) costs each publish at most socket_timeout.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 2 * 60 * 60,
    "socket_connect_timeout": 2,
    "socket_timeout": 2,
}
# If Redis is down when a request queues something, give up quickly: the row is already stored, and the
# relay below hands it to a worker once Redis is back.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
# --- DfE's Lead Provider API (dfe/) ----------------------------------------------------------------------
DFE_CONNECT_TIMEOUT = env.float("DFE_CONNECT_TIMEOUT", default=5.0)  # seconds, every call
DFE_READ_TIMEOUT = env.float("DFE_READ_TIMEOUT", default=30.0)
DFE_READ_ATTEMPTS = env.int("DFE_READ_ATTEMPTS", default=3)  # a read is retried after a timeout or a 5xx
DFE_PAGE_SIZE = env.int("DFE_PAGE_SIZE", default=500)  # DfE allows up to 3,000
DFE_POLL_HOURS = env.int("DFE_POLL_HOURS", default=4)  # each poll goes back two of these
DFE_REQUESTS_PER_5_MINUTES = env.int("DFE_REQUESTS_PER_5_MINUTES", default=300)  # DfE's per-address limit
DFE_CHECK_CONTRACT = env.bool("DFE_CHECK_CONTRACT", default=False)  # check each exchange against DfE's document
# --- The records API and webhooks (api/) -------------------------------------------------------------------
API_REQUESTS_PER_MINUTE = env.int("API_REQUESTS_PER_MINUTE", default=300)  # per token; then 429 + Retry-After
WEBHOOK_CONNECT_TIMEOUT = env.float("WEBHOOK_CONNECT_TIMEOUT", default=5.0)  # seconds, every delivery
WEBHOOK_READ_TIMEOUT = env.float("WEBHOOK_READ_TIMEOUT", default=10.0)
SSO_TIMEOUT = env.float("SSO_TIMEOUT", default=10.0)  # seconds: each call to a provider's identity provider

CELERY_BEAT_SCHEDULE = {
    # Relays: whatever was stored while the broker was down is handed to a worker (nasenco/queue.py).
    # Every minute, so work stored during an outage starts about a minute after the broker is back.
    "retry-queued-email": {"task": "nasenco.mail.tasks.send_queued_emails", "schedule": 60.0},
    "relay-waiting-files": {"task": "nasenco.files.tasks.relay_waiting_files", "schedule": 60.0},
    "relay-timetable-changes": {"task": "cohorts.tasks.relay_timetable_changes", "schedule": 60.0},
    # The daily reminder sweep, early enough that reminders arrive before the school day starts.
    "daily-reminders": {"task": "reminders.tasks.daily_sweep", "schedule": crontab(hour=6, minute=30)},
    # Old prepared downloads, sign-in attempts and email bodies go (docs/privacy.md).
    "daily-retention": {"task": "privacy.tasks.retention_daily", "schedule": crontab(hour=3, minute=15)},
    # DfE's advice ("Get started"): poll several times a day going back two windows, and a full sync
    # weekly. Writes to DfE waiting after an outage are relayed every minute (dfe/services/writes.py).
    "dfe-poll": {"task": "dfe.tasks.sync_all", "schedule": crontab(minute=20, hour=f"*/{DFE_POLL_HOURS}")},
    "dfe-full-sync": {
        "task": "dfe.tasks.sync_all",
        "schedule": crontab(minute=40, hour=2, day_of_week="sunday"),
        "kwargs": {"full": True},
    },
    "dfe-writes": {"task": "dfe.tasks.writes_relay", "schedule": 60.0},
    # Webhooks (api/): retries over hours, and deliveries stored while the broker was down.
    "webhooks": {"task": "api.tasks.deliver_due", "schedule": 60.0},
}

# --- Security headers ------------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12
CSRF_COOKIE_HTTPONLY = True
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if env.bool("BEHIND_PROXY", default=True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Forms ----------------------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

LOG_FORMAT = env.str("LOG_FORMAT", default="text")  # "json" for log shippers
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "nasenco.logs.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "nasenco.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": LOG_FORMAT},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "xmlschema": {"level": "WARNING"},  # pysaml2's schemas, loaded once at start: nothing to act on
    },
}
if LOG_FORMAT not in LOGGING["formatters"]:
    raise ImproperlyConfigured("LOG_FORMAT must be text or json.")
