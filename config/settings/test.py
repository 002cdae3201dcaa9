"""The test suite: SQLite by default, PostgreSQL when DATABASE_URL says so; the Redis cache
when REDIS_URL says so (else the local-memory cache); RQ when TASK_BACKEND=rq."""

import os
import tempfile
import uuid
from pathlib import Path

from .base import *  # noqa: F403
from .base import CACHE_KEY_PREFIX, DATABASES, REDIS_URL

SECRET_KEY = "test-only-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
_TMP = Path(tempfile.mkdtemp(prefix="extranet-test-"))
MEDIA_ROOT = _TMP / "media"
PRIVATE_MEDIA_ROOT = _TMP / "protected-media"
# One key prefix per test run, inherited by the processes the run starts (workers, gunicorn):
# runs sharing a Redis never see each other's keys, and tests/conftest.py deletes the run's
# keys (never the whole database) before each test and at the end.
TEST_RUN_ID = os.environ.setdefault("EXTRANET_TEST_RUN_ID", uuid.uuid4().hex[:12])
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "extranet.cache.PrefixedRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"{CACHE_KEY_PREFIX}-test-{TEST_RUN_ID}",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CACHES["machina_attachments"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "attachments"}
HAYSTACK_CONNECTIONS = {
    "default": {
        "ENGINE": "search.backends.FrenchWhooshEngine",
        "PATH": str(_TMP / "whoosh"),
        "EXCLUDED_INDEXES": ["machina.apps.forum_search.search_indexes.PostIndex"],
    }
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: browser tests and concurrency tests use several connections.
    DATABASES["default"]["TEST"] = {"NAME": str(_TMP / "test.sqlite3")}
STATIC_ROOT = _TMP / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
