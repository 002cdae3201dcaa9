"""Local development: debug on, console email, embedded defaults."""

import os

from .base import *  # noqa: F403
from .base import DATABASES, env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
INTERNAL_IPS = ["127.0.0.1"]

# runserver answers each request in a new thread and never closes that thread's connection:
# kept connections (CONN_MAX_AGE) pile up, one per request, until PostgreSQL refuses everyone
# (99 after a burst of 50; issue 14, finding 13). Django's advice: none in development, unless
# DATABASE_CONN_MAX_AGE says otherwise (the benchmark's gunicorn sets it, as production has it).
# tests/ops/test_dev_server_connections.py holds it.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DATABASE_CONN_MAX_AGE", "0"))
