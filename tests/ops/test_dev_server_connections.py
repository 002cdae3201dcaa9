"""The development server does not exhaust PostgreSQL (issue 14, finding 13).

`runserver` handles each request in a new thread and never closes that thread's database
connection itself: with persistent connections (CONN_MAX_AGE) every burst left one open
connection per request behind, until PostgreSQL refused everyone. The dev settings close each
connection at the end of its request. A real `runserver` with the dev settings, on the test
database, takes a burst of concurrent signed-in requests; the test counts what PostgreSQL holds.
PostgreSQL only: SQLite has no server to exhaust.
"""

import http.client
import threading
import time

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from tests.factories import MuseumFactory, make_member
from tests.ops.processes import free_port, start, wait_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="connections to a database server: PostgreSQL only"),
]

# Well under PostgreSQL's default max_connections (100), which the machine running the tests
# may share: the failure shows as one connection kept per request, whatever the burst's size.
BURST = 20


def get(port, path, cookie) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1", "Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}"})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def server_connections() -> int:
    """Connections to this database other than the test's own."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


@pytest.fixture
def runserver(tmp_path):
    port, log = free_port(), tmp_path / "runserver.out"
    # What `make run` starts (scripts/run-dev.sh), without the autoreloader's second process.
    server = start(
        ["manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"], log=log,
        DJANGO_SETTINGS_MODULE="config.settings.dev", EXTRANET_VAR_DIR=str(tmp_path / "var"), DJANGO_DEBUG="1",
        DJANGO_SECRET_KEY=settings.SECRET_KEY,  # the session the test opens must be valid there
    )
    try:
        wait_for(lambda: _answers(port), timeout=120, every=0.5, what="runserver", process=server, log=log)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def _answers(port) -> bool:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/healthz")
        conn.getresponse().read()
        conn.close()
    except OSError:
        return False
    return True


def test_a_burst_of_requests_on_the_development_server_leaves_no_database_connection_open(runserver):
    client = Client()
    client.force_login(make_member(MuseumFactory(name="La Piscine", slug="la-piscine")))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    connection.close()  # the test's own connection is not the server's

    barrier, statuses = threading.Barrier(BURST), []

    def one_request():
        barrier.wait(timeout=30)
        statuses.append(get(runserver, "/espace/", cookie))

    threads = [threading.Thread(target=one_request) for _ in range(BURST)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert statuses == [200] * BURST

    # Every request has been answered; give the server a moment to finish its threads.
    deadline = time.monotonic() + 5
    while server_connections() > 0 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert server_connections() == 0
