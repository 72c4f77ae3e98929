"""Production settings: secrets from the environment, HTTPS only, strict cookies."""

from django.core.exceptions import ImproperlyConfigured

from onroll.settings.base import *  # noqa: F403
from onroll.settings.env import env_list, env_str

DEBUG = False
SECRET_KEY = env_str("ONROLL_SECRET_KEY")
if SECRET_KEY.startswith("dev-only") or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("ONROLL_SECRET_KEY must be a random string of 50+ characters")
ALLOWED_HOSTS = env_list("ONROLL_ALLOWED_HOSTS", [])
CSRF_TRUSTED_ORIGINS = env_list("ONROLL_CSRF_TRUSTED_ORIGINS", [])
SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
