"""Plenary settings. Every value comes from an environment variable (see README)."""

from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config.database import check_pooled_connection
from config.env import (
    development_site_url,
    env_bool,
    env_int,
    env_list,
    env_str,
    mailer_settings,
    sso_providers,
)
from plenary.clientip import parse_networks

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", default=False)

# Only for DEBUG: a production process refuses to start with it.
DEVELOPMENT_SECRET_KEY = "plenary-development-only-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY") or (DEVELOPMENT_SECRET_KEY if DEBUG else "")
if not DEBUG and SECRET_KEY in {"", DEVELOPMENT_SECRET_KEY}:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a long random value when DEBUG is off "
        "(for example: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )

# Never "*": AllowedHostsOriginValidator would then accept WebSockets from any origin.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
if "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS may not contain '*': it would switch off WebSocket origin checks."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# The public address (emails, calendar links and UIDs). In development it follows the
# HOST and PORT that ``make run`` serves on, so that links lead back to this server.
SITE_URL = (env_str("SITE_URL") or development_site_url(DEBUG)).rstrip("/")

INSTALLED_APPS = [
    "daphne",
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # allauth's list of sessions ("where I am signed in") dates them with naturaltime.
    "django.contrib.humanize",
    "channels",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
    "allauth.usersessions",
    "import_export",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "plenary",
    "events",
    "forums",
    "papers",
    "assembly",
    "onsite",
    "debates",
]
# The demo data (``manage.py seed_demo``) is an app of its own, on top of every other; it
# is not part of the installed package and is off in production.
DEMO = env_bool("DEMO", default=DEBUG)
if DEMO:
    INSTALLED_APPS.append("demo")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "config.middleware.QueryLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "events.accounts.middleware.ProfileLanguageMiddleware",
    "onsite.middleware.BadgeSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "events.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"
WSGI_APPLICATION = None

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
                "django.template.context_processors.csp",
            ],
        },
    },
]

# --- Database: SQLite under var/ by default, PostgreSQL with DATABASE_URL.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    # Under ASGI every request runs in a thread of its own, so persistent per-thread
    # connections would multiply; a psycopg pool per process bounds and reuses them
    # (a fresh connection costs several milliseconds, a pooled one well under one).
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=0, conn_health_checks=True)
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": env_int("DATABASE_POOL_MIN_SIZE", 1),
            "max_size": env_int("DATABASE_POOL_MAX_SIZE", 10),
            "timeout": env_int("DATABASE_POOL_TIMEOUT", 30),
            "check": check_pooled_connection,
        }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": Path(env_str("SQLITE_PATH", str(VAR_DIR / "plenary.sqlite3"))),
            "OPTIONS": {
                # Writers take the lock when the transaction starts, so concurrent
                # writers queue up instead of failing with "database is locked".
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;"
                ),
            },
            # A file, not memory, so that live servers started by the tests share it.
            "TEST": {"NAME": str(VAR_DIR / "test.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Channel layer and cache: in-process by default, Redis with REDIS_URL.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    _redis_host = {
        "address": REDIS_URL,
        # redis-py's default 5 s socket timeout tears down idle receivers, and its
        # pool of 100 fails bursts of connects.
        "socket_timeout": None,
        "max_connections": env_int("REDIS_MAX_CONNECTIONS", 10_000),
    }
    # Which Redis channel layer carries events between workers. With the rooms' one
    # subscription per worker, RedisChannelLayer measured the better tail latency at
    # 2,000 clients (docs/benchmarks.md); either way the rooms fill gaps from the log.
    CHANNEL_LAYER = env_str("CHANNEL_LAYER", "redis")
    if CHANNEL_LAYER == "redis-pubsub":
        CHANNEL_LAYERS = {
            "default": {
                "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
                "CONFIG": {
                    "hosts": [_redis_host],
                    "prefix": env_str("CHANNEL_LAYER_PREFIX", "plenary"),
                },
            }
        }
    elif CHANNEL_LAYER == "redis":
        CHANNEL_LAYERS = {
            "default": {
                "BACKEND": "channels_redis.core.RedisChannelLayer",
                "CONFIG": {
                    "hosts": [_redis_host],
                    "prefix": env_str("CHANNEL_LAYER_PREFIX", "plenary"),
                    "capacity": env_int("CHANNEL_LAYER_CAPACITY", 1_000),
                    "expiry": 60,
                },
            }
        }
    else:
        raise ImproperlyConfigured("CHANNEL_LAYER must be 'redis' or 'redis-pubsub'.")
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "plenary"),
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # The default 300 entries would evict the calendar's cached VEVENT blocks
            # (one per session and language) long before a real schedule fits.
            "OPTIONS": {"MAX_ENTRIES": env_int("LOCMEM_CACHE_MAX_ENTRIES", 50_000)},
        }
    }

# --- Authentication: django-allauth (no open sign-up: invitations and single sign-on)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
ACCOUNT_ADAPTER = "events.accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "events.accounts.adapters.SocialAccountAdapter"
ACCOUNT_FORMS = {"login": "events.accounts.views.LoginForm"}
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Plenary: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if env_bool("HTTPS", default=not DEBUG) else "http"
ACCOUNT_PRESERVE_USERNAME_CASING = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": sso_providers(), "OAUTH_PKCE_ENABLED": True}}
USERSESSIONS_TRACK_ACTIVITY = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "Plenary"
MFA_PASSKEY_LOGIN_ENABLED = False
# Security keys need HTTPS, except on localhost in development.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG

# Roles that must have a second factor before they may use Plenary (see docs/deploy.md).
TWO_FACTOR_ROLES = {"secretariat", "chairs", "focal_points"}
TWO_FACTOR_REQUIRED = env_list("TWO_FACTOR_REQUIRED", [] if DEBUG else ["secretariat", "chairs"])
if set(TWO_FACTOR_REQUIRED) - TWO_FACTOR_ROLES:
    raise ImproperlyConfigured(
        f"TWO_FACTOR_REQUIRED may name {', '.join(sorted(TWO_FACTOR_ROLES))}, "
        f"not {', '.join(sorted(set(TWO_FACTOR_REQUIRED) - TWO_FACTOR_ROLES))}."
    )

# The client's address behind your proxies (plenary.clientip, docs/deploy.md): the
# proxies' addresses or networks, or how many proxies stand in front of the workers.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
parse_networks(TRUSTED_PROXIES)
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXIES and TRUSTED_PROXY_COUNT:
    raise ImproperlyConfigured("Set TRUSTED_PROXIES or TRUSTED_PROXY_COUNT, not both.")

# Failed sign-ins (form, allauth's views, API token), counted in the cache (Redis when
# REDIS_URL is set, so across workers).
LOGIN_FAILURES_PER_ACCOUNT = env_int("LOGIN_FAILURES_PER_ACCOUNT", 5)
LOGIN_FAILURES_PER_ADDRESS = env_int("LOGIN_FAILURES_PER_ADDRESS", 50)
LOGIN_FAILURE_WINDOW_MINUTES = env_int("LOGIN_FAILURE_WINDOW_MINUTES", 15)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15)
INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 14)

IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"

# --- Internationalisation
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static and media files (whitenoise serves static files; no CDN anywhere)
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed names in production (after collectstatic); plain in development.
        "BACKEND": (
            "plenary.storage.HashedStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", default=DEBUG)
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"

# --- Position papers: PDF files checked by content before they are stored.
PAPER_MAX_BYTES = env_int("PAPER_MAX_SIZE_MB", 10) * 1024 * 1024
PAPER_MAX_PAGES = env_int("PAPER_MAX_PAGES", 50)
# Most bytes all compressed streams of one PDF may expand to (refuses "zip bombs").
PAPER_MAX_INFLATED_BYTES = env_int("PAPER_MAX_INFLATED_MB", 256) * 1024 * 1024
# The PDF is parsed in a child process held to these limits.
PAPER_CHECK_SECONDS = env_int("PAPER_CHECK_SECONDS", 20)
PAPER_CHECK_MEMORY_MB = env_int("PAPER_CHECK_MEMORY_MB", 768)

# --- Email
EMAIL_URL = env_str("EMAIL_URL", "console://")
_mailer, _sender = mailer_settings(EMAIL_URL)
MAILERS = {"default": _mailer}
DEFAULT_FROM_EMAIL = _sender or env_str("DEFAULT_FROM_EMAIL", "Plenary <plenary@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security. HTTPS defaults to on whenever DEBUG is off.
HTTPS = env_bool("HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
_sso_origins = sorted(
    {
        "{0.scheme}://{0.netloc}".format(urlsplit(app["settings"]["server_url"]))
        for app in SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]
    }
)
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    # Signing in by SSO posts a form that redirects to the provider.
    "form-action": [CSP.SELF, *_sso_origins],
    "frame-ancestors": [CSP.NONE],
}
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)

# --- REST API
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PAGINATION_CLASS": "plenary.api.pagination.PageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "plenary.api.filters.StrictFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "plenary.api.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "plenary.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # Keyed on the client address behind TRUSTED_PROXIES / TRUSTED_PROXY_COUNT (never
    # the raw X-Forwarded-For), counted atomically in the cache.
    "DEFAULT_THROTTLE_CLASSES": [
        "plenary.api.throttling.AnonRateThrottle",
        "plenary.api.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_THROTTLE_ANON", "120/minute"),
        "user": env_str("API_THROTTLE_USER", "1200/minute"),
        "auth": env_str("API_THROTTLE_AUTH", "30/minute"),
    },
    "EXCEPTION_HANDLER": "plenary.api.errors.exception_handler",
    "NUM_PROXIES": TRUSTED_PROXY_COUNT or None,
    "DEFAULT_SCHEMA_CLASS": "plenary.api.schema.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# allauth's own limit on sign-in attempts per address: the same rate as the API's token
# endpoint ("auth"), so the form and the API hold one rule.
_auth_count, _auth_period = REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["auth"].split("/")
ACCOUNT_RATE_LIMITS = {"login": f"{_auth_count}/{_auth_period.strip()[0]}/ip"}

SPECTACULAR_SETTINGS = {
    "TITLE": "Plenary API",
    "DESCRIPTION": (
        "Events, forums, delegate registration, position papers and live debates "
        "of an association of city governments."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "plenary.api.schema.close_answer_objects",
    ],
    "ENUM_NAME_OVERRIDES": {
        "EventStatusEnum": "events.models.EventStatus",
        "AccreditationStatusEnum": "events.models.AccreditationStatus",
        "SeatStatusEnum": "forums.models.SeatStatus",
        "DebateStatusEnum": "debates.models.DebateStatus",
        "DraftTextStatusEnum": "debates.models.DraftTextStatus",
        "PaperStatusEnum": "papers.models.PaperStatus",
        "InvitationStatusEnum": "events.models.InvitationStatus",
        "FocalPointStatusEnum": "events.models.FocalPointStatus",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
