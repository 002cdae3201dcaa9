import os
import shutil

import pytest
from django.core.management import call_command

from extranet.models import Role
from tests.factories import MuseumFactory, make_member


@pytest.fixture(autouse=True)
def _isolated_cache():
    # With REDIS_URL, clear() deletes this run's keys only (its own prefix, config/settings/test.py).
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _isolated_task_queue():
    """RQ keeps its jobs in Redis, which no database rollback empties: each test starts with empty queues."""
    from django.conf import settings

    if settings.TASK_BACKEND == "rq":
        from extranet.task_queue import queue_adapter

        queue_adapter().empty()
    yield


@pytest.fixture
def museum_a(db):
    return MuseumFactory(name="Louvre-Lens", slug="louvre-lens", city="Lens")


@pytest.fixture
def museum_b(db):
    return MuseumFactory(name="La Piscine", slug="la-piscine", city="Roubaix", department="Nord", department_code="59")


@pytest.fixture
def manager_a(museum_a):
    return make_member(museum_a, role=Role.MANAGER, first_name="Hélène")


@pytest.fixture
def member_a(museum_a):
    return make_member(museum_a, first_name="Julien")


@pytest.fixture
def manager_b(museum_b):
    return make_member(museum_b, role=Role.MANAGER, first_name="Sophie")


@pytest.fixture
def demo(db):
    """The demo content, as `make run` loads it."""
    call_command("load_demo", verbosity=0)


def chromium_available() -> bool:
    return os.path.exists("/usr/bin/chromium") or shutil.which("chromium") is not None


def pytest_sessionfinish(session, exitstatus):
    # Leave nothing of this run in a shared Redis.
    from django.conf import settings

    if settings.configured and getattr(settings, "REDIS_URL", ""):
        from django.core.cache import cache

        cache.clear()
    if settings.configured and getattr(settings, "TASK_BACKEND", "") == "rq":
        from extranet.task_queue import queue_adapter

        queue_adapter().empty()
    # haystack's update_index calls multiprocessing.log_to_stderr() at import, binding a
    # handler to pytest's captured stderr; at interpreter exit multiprocessing would log
    # "process shutting down" into that closed stream and print a traceback.
    import logging

    logging.getLogger("multiprocessing").handlers.clear()
