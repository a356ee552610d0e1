"""Hamahang settings: everything here, production differs only by environment variables.

Read from the environment (see README.md, "Configuration"):
DEBUG, SECRET_KEY, ALLOWED_HOSTS, CSRF_TRUSTED_ORIGINS, DATABASE_URL, EMAIL_BACKEND, EMAIL_HOST,
EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, DEFAULT_FROM_EMAIL,
SECURE_SSL_REDIRECT, SECURE_HSTS_SECONDS, MEDIA_ROOT, TASKS_BACKEND, LOG_LEVEL, TRUSTED_PROXIES,
AXES_FAILURE_LIMIT, PUBLIC_RATE_LIMIT, PUBLIC_MAX_AGE, HAMAHANG_BASE_URL, BALE_BASE_URL,
BALE_BOT_TOKEN, BALE_BOT_USERNAME, BALE_WEBHOOK_SECRET, BALE_TIMEOUT.
"""

import datetime as dt

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import BASE_DIR, env_bool, env_int, env_list, env_str

# --- Core -------------------------------------------------------------------------------------
# Safe by default: DEBUG is off unless asked for (make run and the tests turn it on).
DEBUG = env_bool("DEBUG", False)

_DEV_SECRET_KEY = "django-insecure-hamahang-development-only-key-never-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET_KEY if DEBUG else None)
if not DEBUG and SECRET_KEY == _DEV_SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    # third party
    "ninja",
    "django_htmx",
    "template_partials",
    "csp",
    "axes",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_email",
    "django_prometheus",
    "health_check",
    # Hamahang, in dependency order (an app imports only those above it)
    "hamahang.core",
    "hamahang.organizations",
    "hamahang.accounts",
    "hamahang.notices",
    "hamahang.office",
    "hamahang.units",
    "hamahang.webhooks",
    "hamahang.projects",
    "hamahang.meetings",
    "hamahang.outcomes",
    "hamahang.reports",
    "hamahang.imports",
    "hamahang.bale",
    "hamahang.signoff",
    "hamahang.invitations",
    "hamahang.api",
    "hamahang.public",
    "hamahang.demo",
    "hamahang.bench",
]

MIDDLEWARE = [
    "hamahang.core.requestid.RequestIdMiddleware",
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "hamahang.api.middleware.ApiErrorMiddleware",
    "hamahang.core.dbretry.DatabaseRestartMiddleware",
    "hamahang.core.idempotency.IdempotencyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hamahang.core.replica.WritePositionMiddleware",
    "hamahang.core.freshness.FreshnessMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
    # django-axes must be last
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "hamahang" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hamahang.core.context_processors.site",
                "hamahang.office.context_processors.office",
                "hamahang.webhooks.context_processors.webhooks",
            ],
            "builtins": ["hamahang.core.templatetags.persian"],
        },
    }
]

# Widgets render through the same template engine (so components/ can hold widget templates).
FORM_RENDERER = "hamahang.core.renderers.FormRenderer"

# --- Database ---------------------------------------------------------------------------------
# SQLite for one office; PostgreSQL (DATABASE_URL=postgres://...) for a province or the country.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
# Failover: the primary and the standby both named ("host:port,host:port"); libpq connects to
# whichever accepts writes, so a promoted standby takes the writes without a configuration
# change. Requests that meet the switch are run again (hamahang.core.dbretry).
if env_str("DATABASE_FAILOVER_HOSTS", ""):
    _hosts = [item.rsplit(":", 1) for item in env_list("DATABASE_FAILOVER_HOSTS")]
    DATABASES["default"]["HOST"] = ",".join(host for host, _port in _hosts)
    DATABASES["default"]["PORT"] = ",".join(port for _host, port in _hosts)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"target_session_attrs": "read-write", "connect_timeout": 3}
    )
# A request that meets a database restart runs again this many times, waiting 0.5, 1, 1.5 … s.
HAMAHANG_DB_RETRIES = env_int("HAMAHANG_DB_RETRIES", 5)
HAMAHANG_DB_RETRY_WAIT = 0.5
# A streaming hot standby (production): heavy reads go there when it is fresh enough for the
# request (hamahang.core.replica); writes and everything else stay on the primary.
if env_str("DATABASE_REPLICA_URL", ""):
    DATABASES["replica"] = dj_database_url.parse(
        env_str("DATABASE_REPLICA_URL"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["hamahang.core.replica.ReplicaRouter"]
# Each query's time goes to the Prometheus metrics (django-prometheus wraps Django's backends).
_METERED_ENGINES = {
    "django.db.backends.postgresql": "django_prometheus.db.backends.postgresql",
    "django.db.backends.sqlite3": "django_prometheus.db.backends.sqlite3",
}
for _database in DATABASES.values():
    _database["ENGINE"] = _METERED_ENGINES.get(_database["ENGINE"], _database["ENGINE"])
# A standby that has not replayed its last transaction for this many seconds is lagging.
HAMAHANG_REPLICA_MAX_LAG = env_int("HAMAHANG_REPLICA_MAX_LAG", 5)
# How long a browser that wrote keeps reading its heavy pages at least as new as its write.
HAMAHANG_REPLICA_STICKY_SECONDS = env_int("HAMAHANG_REPLICA_STICKY_SECONDS", 300)
# Stored report figures may be this many seconds behind the data for a reader, never behind
# the reader's own last write (core.freshness); 0: always exact.
HAMAHANG_FIGURES_MAX_AGE = env_int("HAMAHANG_FIGURES_MAX_AGE", HAMAHANG_REPLICA_MAX_LAG)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Django's password rules with Persian messages (hamahang/accounts/validators.py): at least
# ten characters, not common, not like the user's own name, not only digits, not just the
# system's or the province's name with digits.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "hamahang.accounts.validators.UserAttributeSimilarityValidator"},
    {"NAME": "hamahang.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "hamahang.accounts.validators.CommonPasswordValidator"},
    {"NAME": "hamahang.accounts.validators.NumericPasswordValidator"},
    {"NAME": "hamahang.accounts.validators.LocalWordsValidator"},
]

# API tokens: the lifetime offered by default on /accounts/tokens/ (days).
HAMAHANG_TOKEN_DAYS = 90

# Login throttling (django-axes, hamahang/accounts/lockout.py). Behind nginx every client would
# share the proxy's address: the proxy's X-Forwarded-For / X-Real-IP is believed only from
# TRUSTED_PROXIES (addresses or networks). Failures are counted per user name over the last
# hour; from the AXES_FAILURE_LIMIT-th on, the name waits a delay that doubles with each further
# failure (1, 2, 4, 8 … minutes, at most 15) — never the one-hour ban anyone could trigger.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
AXES_CLIENT_IP_CALLABLE = "hamahang.accounts.lockout.client_ip"
AXES_HANDLER = "hamahang.accounts.lockout.ProgressiveLockoutHandler"
AXES_LOCKOUT_CALLABLE = "hamahang.accounts.lockout.lockout_response"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(hours=1)  # how long a failure is remembered
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_CALLABLE = "hamahang.accounts.forms.axes_username"  # Persian digits → ASCII
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # waiting attempts do not prolong it
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
HAMAHANG_LOGIN_DELAY = dt.timedelta(minutes=1)
HAMAHANG_LOGIN_DELAY_CAP = dt.timedelta(minutes=15)

# --- Internationalisation: Persian, Tehran time; Jalali only at the edges ---------------------
LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", "فارسی")]
TIME_ZONE = "Asia/Tehran"
USE_I18N = True
USE_TZ = True

# --- Static and media files (self-hosted; WhiteNoise) -----------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "hamahang" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env_str("MEDIA_ROOT", str(BASE_DIR / "media"))
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
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Form and API bodies (uploaded files are not counted); the API refuses larger bodies with 413
# before reading them (hamahang.api.middleware).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
API_MAX_BODY_SIZE = 2 * 1024 * 1024

# --- E-mail -----------------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "hamahang@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- The Bale messenger bot (Telegram-compatible bot API) ------------------------------------
# On with a token or a Bale of one's own (hamahang.bale.client.bale_configured). The webhook's
# path carries BALE_WEBHOOK_SECRET; unset, the webhook refuses everything.
BALE_BASE_URL = env_str("BALE_BASE_URL", "https://tapi.bale.ai").rstrip("/")
BALE_BOT_TOKEN = env_str("BALE_BOT_TOKEN", "")
BALE_BOT_USERNAME = env_str("BALE_BOT_USERNAME", "hamahang_bot")
BALE_WEBHOOK_SECRET = env_str("BALE_WEBHOOK_SECRET", "")
BALE_TIMEOUT = float(env_int("BALE_TIMEOUT", 10))  # seconds

# --- SMS (Kavenegar's REST API; see hamahang.notices.kavenegar.sms_configured) ----------------
KAVENEGAR_BASE_URL = env_str("KAVENEGAR_BASE_URL", "https://api.kavenegar.com")
KAVENEGAR_API_KEY = env_str("KAVENEGAR_API_KEY", "")
KAVENEGAR_SENDER = env_str("KAVENEGAR_SENDER", "")  # "": the account's default line
KAVENEGAR_TIMEOUT = float(env_int("KAVENEGAR_TIMEOUT", 10))  # seconds
KAVENEGAR_PER_SECOND = float(env_int("KAVENEGAR_PER_SECOND", 5))

# --- Background tasks (django-tasks; the database is the queue) ------------------------------
# One office in development runs tasks at once (no worker to start); production queues them in
# the database for `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": env_str(
            "TASKS_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend"
            if DEBUG
            else "django_tasks_db.DatabaseBackend",
        )
    }
}

# --- Security ---------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60  # one working day
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = [
    # HSTS preload is a decision for the province's network administrators, not a default.
    "security.W021",
    # Login failures are counted per user name over every address and browser on purpose
    # (hamahang/accounts/lockout.py): rotating them gains an attacker nothing.
    "axes.W006",
]

# Content-Security-Policy: nothing from another host, no inline scripts. Inline style
# attributes are allowed (progress bars, chart canvases); scripts never are.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Cache: per process by default; Redis (CACHE_URL=redis://…) shared by every server -------
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env_str("CACHE_URL")}
        if env_str("CACHE_URL", "")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
if env_str("CACHE_URL", ""):
    # With a shared cache, sessions are read from it (and written through to the database):
    # one query less on every request.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- The public portal (hamahang/public) ------------------------------------------------------
# Requests a client may make to the public pages, and apart to the signed invitation links (per
# address, as `TRUSTED_PROXIES` tells it),
# counted in the cache (django-ratelimit): "120/m", "2000/h", …; and how long browsers and
# proxies may keep a public page before asking again (ETag / Last-Modified answer 304).
PUBLIC_RATE_LIMIT = env_str("PUBLIC_RATE_LIMIT", "120/m")
PUBLIC_MAX_AGE = env_int("PUBLIC_MAX_AGE", 300)

# --- Logging ----------------------------------------------------------------------------------
# One JSON object per line in production (LOG_FORMAT=json), each with the request id nginx gave
# the request (X-Request-ID), so one request can be followed from nginx's log to the app's.
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "hamahang.core.requestid.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT if LOG_FORMAT in {"json", "text"} else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
# /metrics (Prometheus) answers these addresses only; nginx does not pass it from outside.
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", "127.0.0.1,::1")
# /healthz fails when a task due this many seconds ago is still waiting (no worker alive).
HAMAHANG_WORKER_STALL = env_int("HAMAHANG_WORKER_STALL", 120)
# ... and when the disk holding the media files is fuller than this (per cent).
HAMAHANG_DISK_MAX_PERCENT = env_int("HAMAHANG_DISK_MAX_PERCENT", 90)

# --- Hamahang ---------------------------------------------------------------------------------
HAMAHANG_SITE_TITLE = "سامانه هماهنگ"
HAMAHANG_OFFICE_NAME = env_str("HAMAHANG_OFFICE_NAME", "دفتر هماهنگی امور اقتصادی استانداری قم")
# The office's own province (its code): what `manage.py report` covers unless told otherwise.
HAMAHANG_PROVINCE = env_str("HAMAHANG_PROVINCE", "qom")
# Webhook subscribers are reached over https; plain http only to 127.0.0.1/localhost, and only
# with DEBUG on or this set (a receiver on the same machine behind its own TLS proxy).
HAMAHANG_WEBHOOK_ALLOW_LOCAL_HTTP = env_bool("HAMAHANG_WEBHOOK_ALLOW_LOCAL_HTTP", False)
# Who speaks in the press statement: named with title and office at first mention, «وی» after.
HAMAHANG_SPEAKER_NAME = env_str("HAMAHANG_SPEAKER_NAME", "")
HAMAHANG_SPEAKER_TITLE = env_str("HAMAHANG_SPEAKER_TITLE", f"مدیرکل {HAMAHANG_OFFICE_NAME}")
# The secretariat's queue flags a meeting held this many days ago that still has no minutes
# (no resolution recorded).
HAMAHANG_MINUTES_DUE_DAYS = env_int("HAMAHANG_MINUTES_DUE_DAYS", 7)

# --- Notices (the outbox: hamahang.notices) -------------------------------------------------
# The address people open the system at: the links in notices (e-mail, SMS, Bale) start with it.
HAMAHANG_BASE_URL = env_str("HAMAHANG_BASE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip(
    "/"
)
# Each channel by its class; one whose module is not installed is skipped.
HAMAHANG_NOTICE_CHANNELS = {
    "email": "hamahang.notices.channels.EmailChannel",
    "sms": "hamahang.notices.kavenegar.SmsChannel",
    "bale": "hamahang.bale.channel.BaleChannel",
    "webhook": "hamahang.webhooks.channel.WebhookChannel",
}
# The order a user is tried in when they have not chosen their own (User.notice_channels).
HAMAHANG_NOTICE_CHANNEL_ORDER = ["bale", "sms", "email"]
# Attempts before a temporary failure counts as permanent (retries back off 1, 2, 4 … minutes).
HAMAHANG_NOTICE_MAX_ATTEMPTS = 6
# How long a worker holds a notice it is sending before another may take it over.
HAMAHANG_NOTICE_LEASE = dt.timedelta(seconds=env_int("HAMAHANG_NOTICE_LEASE_SECONDS", 300))
# Boxes other apps add to the profile page (/accounts/profile/), as template names.
HAMAHANG_PROFILE_PANELS: list[str] = ["bale/profile_panel.html"]
# No SMS between these hours (Tehran time) unless urgent: held until the end.
HAMAHANG_QUIET_HOURS = (dt.time(22, 0), dt.time(7, 0))

# --- Minutes sign-off (hamahang.signoff) ------------------------------------------------------
# Working days the attendees have to approve or comment on the draft minutes.
HAMAHANG_SIGNOFF_DAYS = env_int("HAMAHANG_SIGNOFF_DAYS", 3)
# The office's certificate (PKCS#12) that signs approved minutes (PAdES);
# `manage.py make_signing_cert` writes a self-signed one for a demo.
HAMAHANG_SIGNING_P12 = env_str("HAMAHANG_SIGNING_P12", str(BASE_DIR / "signing.p12"))
HAMAHANG_SIGNING_P12_PASSWORD = env_str(
    "HAMAHANG_SIGNING_P12_PASSWORD", "hamahang-demo" if DEBUG else ""
)
# Largest upload the public verification page reads.
HAMAHANG_VERIFY_MAX_BYTES = env_int("HAMAHANG_VERIFY_MAX_BYTES", 10 * 1024 * 1024)
# One-time codes (django-otp's e-mail device): Persian mail, valid 10 minutes.
OTP_EMAIL_SUBJECT = "کد یک‌بارمصرف تأیید صورتجلسه"
OTP_EMAIL_BODY_TEMPLATE_PATH = "signoff/email/code.txt"
OTP_EMAIL_TOKEN_VALIDITY = 600
OTP_EMAIL_SENDER = DEFAULT_FROM_EMAIL
