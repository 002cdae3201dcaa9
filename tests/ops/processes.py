"""Real processes against the test database: a `db_worker`, a gunicorn. Their tests are
transactional, so what the test writes is committed and the other process sees it."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)


def database_url_of_the_test() -> str:
    """DATABASE_URL of the database this test runs against (the test database, not the configured one)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def process_env(**extra) -> dict[str, str]:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.test", DATABASE_URL=database_url_of_the_test())
    env.update(extra)
    return env


def start(args, *, log: Path, **extra_env) -> subprocess.Popen:
    """A child process in its own session (so the test can kill all of it), its output in `log`."""
    with open(log, "ab") as out:
        return subprocess.Popen(
            [sys.executable, *args], cwd=ROOT, env=process_env(**extra_env), stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def run(args, *, log: Path, timeout=180, **extra_env) -> int:
    with open(log, "ab") as out:
        return subprocess.run(
            [sys.executable, *args], cwd=ROOT, env=process_env(**extra_env), stdout=out, stderr=subprocess.STDOUT,
            timeout=timeout,
        ).returncode


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, *, timeout=120, every=0.1, what="condition", process=None, log=None):
    deadline = time.monotonic() + timeout
    while not condition():
        if process is not None and process.poll() is not None:
            raise AssertionError(f"process ended ({process.returncode}) before {what}: {_tail(log)}")
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}: {_tail(log)}")
        time.sleep(every)


def _tail(log):
    return log.read_text(errors="replace")[-3000:] if log is not None and log.exists() else ""


def descendants(pid: int) -> list[int]:
    """Every process below `pid` (from /proc), children first found first."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def kill_hard(process: subprocess.Popen) -> None:
    """SIGKILL a process and everything it started, as the kernel's OOM killer or systemd's final
    SIGKILL of a service's control group does (RQ's work horse runs in a session of its own)."""
    for pid in [*descendants(process.pid), process.pid]:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(30)
