"""Django settings for midora, driven by the environment only.

MIDORA_HOME            where the SQLite file, the evidence store and the secret key live
                       (default ~/.midora)
MIDORA_DATABASE_URL    overrides the database (e.g. postgresql://postgres@127.0.0.1:5432/midora)
MIDORA_DEBUG           "1" turns debug mode on (never on a non-loopback address)
MIDORA_ALLOWED_HOSTS   comma-separated host names (default: loopback names)
MIDORA_SECRET_KEY      overrides the generated key kept in MIDORA_HOME
MIDORA_EVIDENCE_MAX_MB largest evidence upload accepted, in MB (default 100)
MIDORA_EMAIL_URL       SMTP server for notifications: smtp://host:port, smtp+tls://user:pass@host:587
                       (STARTTLS) or smtp+ssl://user:pass@host:465; unset: no e-mail is sent
MIDORA_EMAIL_FROM      sender address of notification e-mails (default midora@localhost)
MIDORA_BASE_URL        address of this installation, for links in e-mails and webhooks
                       (default http://127.0.0.1:8000)
MIDORA_ALERT_LEADS     lead times per event type, e.g. "incident.report_due=24h,4h,1h;evidence.review_due=30d"
MIDORA_JOB_FILES_DAYS  days a finished background job's files (an RoI package, findings) are kept
                       (default 30)
MIDORA_SESSION_HOURS   how long a web sign-in lasts, in hours (default 12)
MIDORA_LOCKOUT_FAILURES wrong passwords before an account or address is locked (default 10)
MIDORA_LOCKOUT_MINUTES how long a lockout lasts, in minutes (default 30)
MIDORA_HTTPS           "1" behind a TLS-terminating proxy: Secure cookies, HSTS, HTTPS redirect,
                       X-Forwarded-Proto trusted
MIDORA_HSTS_SECONDS    HSTS max-age with MIDORA_HTTPS (default one year)
MIDORA_OIDC_ISSUER     OpenID Connect provider (single sign-on), its endpoints found by discovery;
                       or MIDORA_OIDC_AUTHORIZATION_ENDPOINT, _TOKEN_ENDPOINT, _USERINFO_ENDPOINT,
                       _JWKS_ENDPOINT one by one
MIDORA_OIDC_CLIENT_ID, MIDORA_OIDC_CLIENT_SECRET  this installation's client at the provider
                       (single sign-on is offered when the client id is set)
MIDORA_OIDC_GROUPS_CLAIM  claim holding the user's groups (default "groups")
MIDORA_OIDC_USERNAME_CLAIM claim giving the user name (default "preferred_username")
MIDORA_OIDC_GROUP_MAP  YAML file mapping groups to a role and entities (default
                       MIDORA_HOME/oidc_groups.yaml)
MIDORA_OIDC_SCOPES     scopes asked for (default "openid email profile")
MIDORA_OTP_REQUIRED_ROLES roles that must sign in with a one-time code as well, comma-separated
                       (default "administrator"; "none" for no role)
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from whitenoise.compress import Compressor

from midora.home import midora_home, read_secret_key

BASE_DIR = Path(__file__).resolve().parent
HOME = midora_home()

SECRET_KEY = os.environ.get("MIDORA_SECRET_KEY") or read_secret_key(HOME)
DEBUG = os.environ.get("MIDORA_DEBUG", "") == "1"
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("MIDORA_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "midora.core",
    "midora.compliance",
    "midora.ictrisk",
    "midora.incidents",
    "midora.suppliers",
    "midora.resilience",
    "midora.governance",
    "midora.authorisation",
    "midora.boardpack",
    "midora.evidencepacks",
    "midora.api",
    "django_tasks",
    "django_tasks_db",
    "midora.jobs",
    "midora.notifications",
    "midora.reviews",
]

MIDDLEWARE = [
    "midora.core.middleware.ApiJsonErrorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # the page language: the choice kept by the switcher (cookie), else the browser's
    # Accept-Language; the API always English (Django's LocaleMiddleware, extended)
    "midora.core.middleware.LocaleMiddleware",
    "midora.core.middleware.RejectNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "midora.core.middleware.LoginRequiredMiddleware",
    "midora.core.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "midora.core.middleware.AuditActorMiddleware",
    # last, as django-axes requires: it turns a locked-out sign-in into the lockout page
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "midora.urls"
WSGI_APPLICATION = "midora.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "midora.core.navigation.navigation",
                "midora.notifications.context_processors.unread_alerts",
            ],
        },
    },
]


def _database() -> dict:
    url = os.environ.get("MIDORA_DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True)
    else:
        config = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(HOME / "midora.sqlite3")}
    if config["ENGINE"].endswith("sqlite3"):
        # IMMEDIATE transactions take the write lock up front: concurrent writers queue instead of
        # failing on a lock upgrade, which keeps the audit chain linear. midora's backend wakes
        # the next writer as soon as the lock is free (core/backends/sqlite3).
        config["ENGINE"] = "midora.core.backends.sqlite3"
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
        # a worker keeps its connection between requests, as on PostgreSQL: opening one (the
        # pragmas, Django's SQL functions, SQLite reading the schema) costs ~3 ms of CPU a request
        config["CONN_MAX_AGE"] = 600
        # a test database lives in memory, as with Django's own SQLite backend (test runners
        # recognise that backend by its name only, and would otherwise derive a file name)
        config["TEST"] = {"NAME": ":memory:"}
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out account or address before any password check
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # single sign-on (OpenID Connect): idle unless MIDORA_OIDC_CLIENT_ID is set
    "midora.core.sso.MidoraOIDCBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

# Pages speak English, German or French: the switcher's choice, else the browser's language.
# Each app keeps its own catalogue in <app>/locale/<lang>/LC_MESSAGES/django.po (docs/i18n.md).
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English"), ("de", "Deutsch"), ("fr", "Français")]
TIME_ZONE = "UTC"
USE_I18N = True
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = HOME / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# Source maps (the API documentation bundles' are megabytes) are read only by a browser's
# developer tools: served as they are, they spare `midora init` two thirds of its compression.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = int(float(os.environ.get("MIDORA_SESSION_HOURS", "12")) * 3600)
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

MIDORA_EVIDENCE_DIR = Path(os.environ.get("MIDORA_EVIDENCE_DIR", HOME / "evidence"))
MIDORA_EVIDENCE_MAX_BYTES = int(
    float(os.environ.get("MIDORA_EVIDENCE_MAX_MB", "100")) * 1024 * 1024
)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024


def _mb_setting(name: str, default: str) -> int:
    return int(float(os.environ.get(name, default)) * 1024 * 1024)


# Bounded archives (midora.core.archives): every zip/xlsx reader refuses input beyond these.
MIDORA_ARCHIVE_MAX_BYTES = _mb_setting("MIDORA_ARCHIVE_MAX_MB", "500")
MIDORA_ARCHIVE_MEMBER_MAX_BYTES = _mb_setting("MIDORA_ARCHIVE_MEMBER_MAX_MB", "200")
MIDORA_ARCHIVE_MAX_FILES = int(os.environ.get("MIDORA_ARCHIVE_MAX_FILES", "1000"))
MIDORA_ARCHIVE_MAX_RATIO = int(os.environ.get("MIDORA_ARCHIVE_MAX_RATIO", "100"))
MIDORA_RESTORE_MAX_BYTES = _mb_setting("MIDORA_RESTORE_MAX_MB", str(100 * 1024))
MIDORA_RESTORE_MEMBER_MAX_BYTES = _mb_setting("MIDORA_RESTORE_MEMBER_MAX_MB", str(20 * 1024))
MIDORA_RESTORE_MAX_FILES = int(os.environ.get("MIDORA_RESTORE_MAX_FILES", "1000000"))
MIDORA_FINDINGS_PER_RULE = int(os.environ.get("MIDORA_FINDINGS_PER_RULE", "1000"))
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10000

# Background work: Django's task framework (django-tasks backport) with its database backend,
# so the queue lives in the same SQLite or PostgreSQL database; `midora worker` runs it.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}

MIDORA_EMAIL_URL = os.environ.get("MIDORA_EMAIL_URL", "")
MIDORA_EMAIL_FROM = os.environ.get("MIDORA_EMAIL_FROM", "midora@localhost")
MIDORA_BASE_URL = os.environ.get("MIDORA_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
MIDORA_ALERT_LEADS = os.environ.get("MIDORA_ALERT_LEADS", "")
MIDORA_JOB_FILES_DAYS = int(os.environ.get("MIDORA_JOB_FILES_DAYS", "30"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("MIDORA_LOG_LEVEL", "WARNING")},
}

# Sign-in lockout (django-axes): after MIDORA_LOCKOUT_FAILURES wrong passwords for one account
# (from anywhere) or from one address (for any account), further attempts are refused until
# MIDORA_LOCKOUT_MINUTES have passed; a successful sign-in clears the count.
AXES_FAILURE_LIMIT = int(os.environ.get("MIDORA_LOCKOUT_FAILURES", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=float(os.environ.get("MIDORA_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "midora.core.signin.client_address"
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False

# Content-Security-Policy on every response (django-csp): scripts only from this server's static
# files (no inline script, no event-handler attributes, no eval), nothing from other origins.
# Styles allow inline `style` attributes (colours of heatmap cells and chart marks are data);
# a style cannot run code.
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


def _roles(raw: str) -> list[str]:
    from django.core.exceptions import ImproperlyConfigured

    from midora.core.choices import Role

    roles = [r.strip() for r in raw.split(",") if r.strip() and r.strip() != "none"]
    unknown = sorted(set(roles) - set(Role.values))
    if unknown:
        raise ImproperlyConfigured(
            f"MIDORA_OTP_REQUIRED_ROLES: unknown role(s) {', '.join(unknown)}; "
            f"choose among {', '.join(Role.values)} (or none)"
        )
    return roles


# Second factor (django-otp, time-based one-time passwords): these roles cannot reach any page,
# nor the API with their session, before giving a code; any user may enrol of their own accord.
MIDORA_OTP_REQUIRED_ROLES = _roles(os.environ.get("MIDORA_OTP_REQUIRED_ROLES", "administrator"))
OTP_TOTP_ISSUER = "midora"

# Single sign-on with OpenID Connect (mozilla-django-oidc; midora.core.sso): authorisation-code
# flow with PKCE, ID token signed by the provider's keys (JWKS), issuer and audience checked;
# groups mapped to a role and entities by the MIDORA_OIDC_GROUP_MAP file at every sign-in.
MIDORA_OIDC_ISSUER = os.environ.get("MIDORA_OIDC_ISSUER", "")
OIDC_RP_CLIENT_ID = os.environ.get("MIDORA_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("MIDORA_OIDC_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("MIDORA_OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("MIDORA_OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("MIDORA_OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("MIDORA_OIDC_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("MIDORA_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("MIDORA_OIDC_SCOPES", "openid email profile")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATE_CLASS = "midora.core.sso.MidoraOIDCRequestView"
OIDC_CALLBACK_CLASS = "midora.core.sso.MidoraOIDCCallbackView"
LOGIN_REDIRECT_URL_FAILURE = "/login/?sso=failed"
MIDORA_OIDC_GROUPS_CLAIM = os.environ.get("MIDORA_OIDC_GROUPS_CLAIM", "groups")
MIDORA_OIDC_USERNAME_CLAIM = os.environ.get("MIDORA_OIDC_USERNAME_CLAIM", "preferred_username")
MIDORA_OIDC_GROUP_MAP = Path(os.environ.get("MIDORA_OIDC_GROUP_MAP", HOME / "oidc_groups.yaml"))

# Behind TLS: MIDORA_HTTPS=1 (a reverse proxy terminates TLS and sets X-Forwarded-Proto).
MIDORA_HTTPS = os.environ.get("MIDORA_HTTPS", "") == "1"
if MIDORA_HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("MIDORA_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
