"""A harmless background task for the queue tests: it writes to a log file when it starts and when
it ends, and can hold in between until the test releases it (so a worker can be killed mid-run)."""

import os
import time
from pathlib import Path

from django_tasks import task


def _append(log: Path, line: str) -> None:
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.write(fd, f"{line}\n".encode())
    finally:
        os.close(fd)


def release_file(log_path: str) -> Path:
    return Path(log_path).with_name("release")


@task()
def record_in_log(log_path: str, label: str, hold: bool = False) -> str:
    """Log `start <label>`, wait for the release file when `hold`, then log `end <label>`."""
    log = Path(log_path)
    _append(log, f"start {label}")
    deadline = time.monotonic() + 120
    while hold and not release_file(log_path).exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{label} was never released")
        time.sleep(0.05)
    _append(log, f"end {label}")
    return label
