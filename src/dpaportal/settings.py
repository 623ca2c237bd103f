"""Django settings, read from environment variables through checked helpers."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from dpaportal import config

ENV = os.environ
PACKAGE_DIR = Path(__file__).resolve().parent

DATA_DIR = config.read_directory(ENV, "DPAPORTAL_DATA_DIR", Path("var"))
DEBUG = config.read_bool(ENV, "DPAPORTAL_DEBUG", default=False)
# `dpaportal demo` sets DPAPORTAL_DEMO so that a first run may create its own
# secret; a production start without DPAPORTAL_SECRET_KEY must stop instead.
DEMO = config.read_bool(ENV, "DPAPORTAL_DEMO", default=False)
SECRET_KEY = config.read_secret_key(
    ENV, "DPAPORTAL_SECRET_KEY", DATA_DIR, may_generate=DEMO or DEBUG
)
ALLOWED_HOSTS = config.read_hosts(
    ENV, "DPAPORTAL_ALLOWED_HOSTS", ["127.0.0.1", "localhost"]
)
TRUSTED_PROXIES = config.read_networks(ENV, "DPAPORTAL_TRUSTED_PROXIES")
BASE_URL = (
    config.read_url(ENV, "DPAPORTAL_BASE_URL") or "http://127.0.0.1:8000"
).rstrip("/")

DATABASES = {
    "default": config.read_database(ENV, "DATABASE_URL", DATA_DIR / "dpaportal.sqlite3")
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "dpaportal.accounts",
    "dpaportal.audit",
    "dpaportal.organisations",
    "dpaportal.processor",
    "dpaportal.versions",
    "dpaportal.subprocessors",
    "dpaportal.agreements",
    "dpaportal.campaigns",
    "dpaportal.staff",
    "dpaportal.demo",
    "dpaportal.serving",
    "dpaportal.background",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dpaportal.urls"
WSGI_APPLICATION = "dpaportal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dpaportal.organisations.context.memberships",
            ],
        },
    }
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{VALIDATORS}.UserAttributeSimilarityValidator"},
    {"NAME": f"{VALIDATORS}.MinimumLengthValidator"},
    {"NAME": f"{VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{VALIDATORS}.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Throttle guessing: five failures for one account from one address lock that
# pair out for fifteen minutes; a successful login resets the counter.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "dpaportal.accounts.throttling.attempted_account"
AXES_CLIENT_IP_CALLABLE = "dpaportal.accounts.throttling.attempting_address"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = BASE_URL.startswith("https://")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("de", _("German"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

EMAIL = config.read_email(ENV, "DPAPORTAL_EMAIL_URL", DATA_DIR / "mail")
EMAIL_BACKEND = EMAIL.backend
if EMAIL.file_path:
    EMAIL_FILE_PATH = EMAIL.file_path
EMAIL_HOST = EMAIL.host
EMAIL_PORT = EMAIL.port
EMAIL_HOST_USER = EMAIL.user
EMAIL_HOST_PASSWORD = EMAIL.password
EMAIL_USE_TLS = EMAIL.use_tls
EMAIL_USE_SSL = EMAIL.use_ssl
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = ENV.get("DPAPORTAL_FROM_EMAIL", "DPA Portal <dpa@localhost>")

INVITATION_VALID_DAYS = 7

# Background work (e-mails, campaigns) goes through a queue in the database:
# a task enqueued inside a transaction is committed with it, or not at all.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
MAIL_ATTEMPTS = 5
"""How often a task tries to hand an e-mail to the mail server."""
REMINDER_DAYS = config.read_int_list(ENV, "DPAPORTAL_REMINDER_DAYS", (14, 7, 1))
"""Days before a re-signing deadline on which reminders go out."""
REMINDER_CHECK = timedelta(
    minutes=config.read_int(ENV, "DPAPORTAL_REMINDER_CHECK_MINUTES", 60)
)
"""How often the workers queue a run that sends the reminders due."""
TASK_LEASE = timedelta(minutes=config.read_int(ENV, "DPAPORTAL_TASK_LEASE_MINUTES", 15))
"""A task running longer than this is taken for abandoned by a dead worker;
running workers look for such tasks every half lease."""

STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(DATA_DIR / "files")},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The processor's seal: a PKCS#12 file with key and chain. Without one, the demo
# creates its own certificate authority in the data directory on first use.
SEAL_P12 = config.read_optional_file(ENV, "DPAPORTAL_SEAL_P12")
SEAL_PASSWORD = ENV.get("DPAPORTAL_SEAL_PASSWORD", "")
SEAL_TRUST_ROOTS = config.read_file_list(ENV, "DPAPORTAL_SEAL_TRUST_ROOTS")
SEAL_DEMO_DIR = DATA_DIR / "seal"
TSA_URL = config.read_url(ENV, "DPAPORTAL_TSA_URL")
# A made-up authority is fine for a demo or a developer, never for production.
SEAL_ALLOW_DEMO_AUTHORITY = DEMO or DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "event": {"()": "dpaportal.logs.EventFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "event"},
    },
    "loggers": {
        "dpaportal": {"handlers": ["console"], "level": "INFO"},
    },
}
