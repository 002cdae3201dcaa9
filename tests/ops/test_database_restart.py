"""The site survives a database restart: gunicorn keeps its PostgreSQL connection between requests
(CONN_MAX_AGE) and checks it before reusing it (CONN_HEALTH_CHECKS), so when every server-side
connection is cut — what a PostgreSQL restart does — the next request opens a new one instead of
failing. PostgreSQL only: SQLite has no server and opens its file on each request.
"""

import http.client
import os
import signal

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.factories import MuseumFactory, make_member
from tests.ops.processes import free_port, start, wait_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a database server to restart: PostgreSQL only"),
]


def get(port, path, cookie=None) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": "127.0.0.1"}
    if cookie:
        headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={cookie}"
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def answers(port) -> bool:
    try:
        get(port, "/healthz")
    except OSError:
        return False
    return True


def cut_every_other_connection() -> int:
    """What a PostgreSQL restart does to the site's connections; this test's own one is kept."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


@pytest.fixture
def member_cookie():
    client = Client()
    client.force_login(make_member(MuseumFactory(name="La Piscine", slug="la-piscine")))
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture
def gunicorn(tmp_path):
    """One sync worker, so every request reuses the same database connection."""
    processes = []

    def serve(settings_module="config.settings.test"):
        port, log = free_port(), tmp_path / "gunicorn.out"
        server = start(
            ["-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1",
             "--timeout", "60"], log=log, DJANGO_SETTINGS_MODULE=settings_module,
        )
        processes.append(server)
        wait_for(lambda: answers(port), timeout=90, every=0.5, what="gunicorn", process=server, log=log)
        return port

    yield serve
    for server in processes:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(20)
        except Exception:  # noqa: BLE001 - a server that does not stop is killed
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(20)


def test_the_settings_keep_connections_and_check_them_before_reuse():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0


def test_after_every_database_connection_is_cut_the_next_requests_are_served(gunicorn, member_cookie):
    port = gunicorn()
    page = reverse("profile_edit")
    assert get(port, page, member_cookie) == 200
    assert get(port, "/healthz") == 200

    assert cut_every_other_connection() >= 1  # gunicorn's kept connection

    assert get(port, page, member_cookie) == 200
    assert get(port, "/healthz") == 200
    assert get(port, page, member_cookie) == 200


def test_without_health_checks_the_first_request_after_the_cut_is_a_server_error(gunicorn, member_cookie):
    """The test above is not passing by luck: without the checks, the dead connection is reused."""
    port = gunicorn("tests.ops.settings_without_health_checks")
    page = reverse("profile_edit")
    assert get(port, page, member_cookie) == 200

    assert cut_every_other_connection() >= 1

    assert get(port, page, member_cookie) == 500
    assert get(port, page, member_cookie) == 200  # Django drops the broken connection after the error
