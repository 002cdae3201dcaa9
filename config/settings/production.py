"""Production: every secret and host from the environment (see docs/deployment.md)."""

import os

from django.core.exceptions import ImproperlyConfigured

from config.observability import logging_config, sentry_init

from .base import *  # noqa: F403
from .base import ADMINS, LOG_LEVEL, SENTRY_DSN, env_bool, env_list

DEBUG = False
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
if not os.environ.get("DATABASE_URL"):
    # Never fall back to the embedded SQLite file in production.
    raise ImproperlyConfigured("DATABASE_URL must be set in production (see docs/deployment.md).")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# gunicorn listens on a unix socket behind nginx (deploy/), so REMOTE_ADDR is empty: the
# client's address comes from nginx's X-Forwarded-For, which nginx overwrites (never appends).
# Without it allauth refuses every sign-in ("Unable to determine client IP address") and the
# audit trail records no address.
ALLAUTH_TRUSTED_PROXY_COUNT = 1
USE_X_FORWARDED_FOR = True
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")

# One JSON object per line in the journal (journalctl -u extranet-web -o cat | jq), with the request id.
LOGGING = logging_config(level=LOG_LEVEL, json=env_bool("LOG_JSON", True), mail_admins=bool(ADMINS and not SENTRY_DSN))
if SENTRY_DSN:
    sentry_init(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )
