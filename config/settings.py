"""Prima's one settings module. Every value that differs between machines comes from the environment
(see the configuration table in README.md); helpers in ``config.env`` reject bad values at start-up."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("PRIMA_DEBUG", False)
TESTING = env_bool("PRIMA_TESTING", False)

_DEV_SECRET = "dev-only-insecure-secret-key-do-not-use-in-production"  # noqa: S105
# The key comes from PRIMA_SECRET_KEY, else from the file `make` writes on first set-up (var/secret_key).
_SECRET_KEY_FILE = Path(env_str("PRIMA_SECRET_KEY_FILE", str(BASE_DIR / "var" / "secret_key")))
SECRET_KEY = env_str(
    "PRIMA_SECRET_KEY",
    _SECRET_KEY_FILE.read_text().strip() if _SECRET_KEY_FILE.is_file() else _DEV_SECRET,
)
if not (DEBUG or TESTING) and SECRET_KEY == _DEV_SECRET:
    raise ImproperlyConfigured(
        "Set PRIMA_SECRET_KEY (or PRIMA_SECRET_KEY_FILE) to a private value when PRIMA_DEBUG is off."
    )

ALLOWED_HOSTS = env_list("PRIMA_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("PRIMA_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("PRIMA_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    "django_htmx",
    "template_partials",
    "phonenumber_field",
    "django_tasks",
    "django_tasks_db",
    "prima.core",
    "prima.accounts",
    "prima.activity",
    "prima.customers",
    "prima.notify",
    "prima.tickets",
    "prima.standards",
    "prima.sla",
    "prima.surveys",
    "prima.surveys.collection",
    "prima.compliance",
    "prima.improvement",
    "prima.plans",
    "prima.retention",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "prima.accounts.middleware.UserLanguageMiddleware",
    "prima.core.middleware.RejectNullBytesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "django.template.context_processors.i18n",
                "prima.core.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite (WAL) by default; PostgreSQL when DATABASE_URL is set.
_DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'prima.sqlite3'}")
_CONN_MAX_AGE = env_int("PRIMA_DB_CONN_MAX_AGE", 60, minimum=0)
try:
    _default_db = dj_database_url.parse(_DATABASE_URL, conn_max_age=_CONN_MAX_AGE, conn_health_checks=True)
except ValueError as error:
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {error}") from None
if _default_db["ENGINE"] == "django.db.backends.sqlite3":
    _default_db["OPTIONS"] = {
        # WAL lets readers go on while one writer commits; IMMEDIATE avoids lock upgrades mid-transaction.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
        ),
    }
    Path(_default_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
elif _default_db["ENGINE"] not in {"django.db.backends.postgresql"}:
    raise ImproperlyConfigured("DATABASE_URL must point at SQLite or PostgreSQL.")
DATABASES = {"default": _default_db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts --------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Hashing with argon2 on every test login costs seconds across the suite; production keeps argon2.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "prima_language"
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Jakarta"
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["prima.core.formats"]

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static", ("vendor", BASE_DIR / "node_modules" / "htmx.org" / "dist")]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not (DEBUG or TESTING)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
MEDIA_ROOT = BASE_DIR / "var" / "media"
MEDIA_URL = "/media/"

# --- Security ---------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("PRIMA_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
CSRF_FAILURE_VIEW = "prima.core.views.csrf_failure"

# --- Background tasks ---------------------------------------------------------------------------
# "The background in background task is always optional": tests run tasks immediately.
_TASK_BACKEND = env_choice(
    "PRIMA_TASK_BACKEND", "immediate" if TESTING else "database", {"immediate", "database", "rq"}
)
REDIS_URL = env_str("PRIMA_REDIS_URL", "redis://127.0.0.1:6379/0")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
            "rq": "django_tasks_rq.RQBackend",
        }[_TASK_BACKEND],
        "QUEUES": ["default"],
    }
}
INSTALLED_APPS += ["django_rq"]
# django_rq reads its queues once at import, so every queue a backend may use is declared here.
RQ_QUEUES = {"default": {"URL": REDIS_URL}}
if TESTING:
    RQ_QUEUES["prima-test"] = {"URL": REDIS_URL}
PERIODIC_INTERVAL_SECONDS = env_int("PRIMA_PERIODIC_INTERVAL", 60, minimum=1)

# --- E-mail -----------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("PRIMA_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("PRIMA_EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env_int("PRIMA_EMAIL_PORT", 1025, minimum=1)
EMAIL_HOST_USER = env_str("PRIMA_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("PRIMA_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("PRIMA_EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("PRIMA_EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = env_str("PRIMA_DEFAULT_FROM_EMAIL", "Prima <prima@localhost>")

# --- API ----------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.CursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "prima.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Prima API",
    "DESCRIPTION": "Customer-service quality management for Indonesian organisations.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
}

PHONENUMBER_DEFAULT_REGION = "ID"
PHONENUMBER_DB_FORMAT = "E164"

# --- Benchmark views (off unless the benchmark harness starts the server) -----------------------
BENCH_VIEWS = env_bool("PRIMA_BENCH_VIEWS", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("PRIMA_LOG_LEVEL", "INFO")},
    # PDF rendering logs every layout step and font subset at INFO; only its warnings matter.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools")},
}
