"""The test settings with the connection health checks off: only to show that the database
restart test notices their absence (tests/ops/test_database_restart.py)."""

from config.settings.test import *  # noqa: F403
from config.settings.test import DATABASES

DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
