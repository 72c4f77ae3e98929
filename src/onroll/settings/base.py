"""Settings shared by every environment. Overrides: ``test`` and ``production``."""

from __future__ import annotations

from pathlib import Path

import django_stubs_ext

from onroll.settings.env import (
    database_from_url,
    env_bool,
    env_int,
    env_list,
    env_str,
)

# Lets admin and other generic Django classes be subscripted for the type checker at runtime.
django_stubs_ext.monkeypatch()

SRC_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = SRC_DIR.parent.parent
VAR_DIR = Path(env_str("ONROLL_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("ONROLL_DEBUG", True)
# The development key is only for `make run` on a laptop; production.py refuses it.
SECRET_KEY = env_str("ONROLL_SECRET_KEY", "dev-only-not-secret-onroll-0123456789abcdefghijklmnop")
ALLOWED_HOSTS = env_list("ONROLL_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # FORM_RENDERER is TemplatesSetting: the admin's widgets need django.forms's templates.
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "onroll.core",
    "onroll.accounts",
    "onroll.schools",
    "onroll.people",
    "onroll.registers",
    "onroll.attendance",
    "onroll.cases",
    "onroll.identification",
    "onroll.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "onroll.core.middleware.SecurityHeadersMiddleware",
    "onroll.core.middleware.AuditContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "onroll.accounts.middleware.SessionTimeoutMiddleware",
    "onroll.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "onroll.urls"
WSGI_APPLICATION = "onroll.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "onroll.core.context_processors.service",
            ],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": database_from_url(
        env_str("ONROLL_DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "onroll.accounts.backends.OrganisationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "core:home"

# Sessions end after 30 idle minutes (every request renews the cookie) and 12 hours at most.
SESSION_COOKIE_AGE = env_int("ONROLL_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
ONROLL_SESSION_ABSOLUTE_SECONDS = env_int("ONROLL_SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Lock a username (from any address, known or not) after 10 failures; an hour's cool-off.
AXES_FAILURE_LIMIT = 10
AXES_LOCKOUT_PARAMETERS = ["username"]
# Locking by username alone is deliberate: a school's staff share one public address, and an
# address lock would shut out a whole school. Attempts on one username from many addresses
# or user agents still count together, so axes' advice (W006) does not apply.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_COOLOFF_TIME = 1
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "onroll.accounts.views.locked_out"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True

OTP_TOTP_ISSUER = "Onroll"
# Two-factor sign-in: always for LA and system roles; for a school, its own setting.
ONROLL_TWO_FACTOR_SCHOOL_DEFAULT = env_bool("ONROLL_TWO_FACTOR_SCHOOL_DEFAULT", True)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
# "3 December 2026" everywhere (GOV.UK style): with localisation always on, Django reads the
# en_GB formats from here before its own, whose "3 Dec 2026" would otherwise win.
FORMAT_MODULE_PATH = ["onroll.core.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [SRC_DIR / "static"]
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

EMAIL_BACKEND = env_str("ONROLL_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

ONROLL_SERVICE_NAME = "Onroll"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("ONROLL_LOG_LEVEL", "WARNING")},
}
