"""Background tasks survive a killed worker, on the database queue and on RQ (whichever TASKS
configures: `.ci/run` runs this file on both): the queue keeps them, and the task a worker was
running when it died is put back in the queue by `requeue_stale_tasks` (run before the worker service
starts), then done by the next worker.

Real `manage.py task_worker` processes (db_worker or rqworker) run against the test database and
queue; the task is `tests.ops.tasks.record_in_log`, which logs its start and end in a file.
"""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus

from extranet.models import AuditEvent
from extranet.task_queue import queue_adapter
from tests.ops.processes import kill_hard, run, start, wait_for
from tests.ops.tasks import record_in_log, release_file

pytestmark = pytest.mark.django_db(transaction=True)

WORKER = ["manage.py", "task_worker"]
BATCH = [*WORKER, "--batch"]
database_queue_only = pytest.mark.skipif(
    settings.TASK_BACKEND != "database", reason="simulates a claimed row of the database queue"
)


def status_of(result) -> str:
    return record_in_log.get_result(result.id).status


def worker_ids_of(result) -> list[str]:
    return next(task.worker_ids for task in queue_adapter().tasks() if task.id == result.id)


def log_lines(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


def enqueue(log: Path, label: str, *, hold: bool = False):
    return record_in_log.enqueue(str(log), label, hold=hold)


def test_tasks_wait_in_the_queue_and_the_one_a_killed_worker_was_running_is_done_once_after_recovery(tmp_path):
    print(f"task backend: {settings.TASKS['default']['BACKEND']}")
    log, output = tmp_path / "tasks.log", tmp_path / "workers.out"
    # In this order: `first` runs, then `killed` holds until released, `last` waits behind it.
    first = enqueue(log, "first")
    killed = enqueue(log, "killed", hold=True)
    last = enqueue(log, "last")

    # No worker: the queue keeps them.
    assert {status_of(r) for r in (first, killed, last)} == {TaskResultStatus.READY}
    assert log_lines(log) == []

    worker = start([*WORKER, "--worker-id", "doomed-worker"], log=output)
    try:
        wait_for(lambda: status_of(killed) == TaskResultStatus.RUNNING and "start killed" in log_lines(log),
                 what="the held task to start", process=worker, log=output)
    finally:
        kill_hard(worker)

    assert status_of(first) == TaskResultStatus.SUCCESSFUL
    assert status_of(killed) == TaskResultStatus.RUNNING  # its worker is gone: nobody will finish it
    assert status_of(last) == TaskResultStatus.READY

    # The queue alone: a new worker does the waiting task but never takes the RUNNING one back.
    assert run([*BATCH, "--worker-id", "plain-worker"], log=output) == 0, output.read_text()[-3000:]
    assert status_of(last) == TaskResultStatus.SUCCESSFUL
    assert status_of(killed) == TaskResultStatus.RUNNING

    # What the worker service does before starting: requeue what the stopped worker was running.
    call_command("requeue_stale_tasks", "--worker-id", "doomed-worker", verbosity=0)
    assert status_of(killed) == TaskResultStatus.READY
    event = AuditEvent.objects.get(action="task.requeued")
    assert event.data["task_id"] == str(killed.id)
    assert event.data["worker_ids"] == ["doomed-worker"] and event.data["reason"] == "worker stopped"

    # The worker restarts under its own name (RQ refuses a name still registered as alive).
    release_file(str(log)).touch()
    assert run([*BATCH, "--worker-id", "doomed-worker"], log=output) == 0, output.read_text()[-3000:]
    assert status_of(killed) == TaskResultStatus.SUCCESSFUL
    assert worker_ids_of(killed) == ["doomed-worker", "doomed-worker"]

    lines = log_lines(log)
    for label in ("first", "killed", "last"):
        assert lines.count(f"end {label}") == 1, lines
    assert lines.count("start killed") == 2  # at least once: the killed run began, then the whole task ran again


def claimed(log: Path, label: str, *, by: list[str], started: timedelta):
    from django_tasks_db.models import DBTaskResult

    result = record_in_log.enqueue(str(log), label)
    row = DBTaskResult.objects.get(pk=result.id)
    for worker_id in by:
        row.claim(worker_id)
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=timezone.now() - started)
    return result


@database_queue_only
def test_a_task_running_longer_than_the_timeout_is_requeued_and_a_recent_one_is_left_alone(tmp_path):
    stale_after = timedelta(seconds=settings.TASK_STALE_AFTER_SECONDS)
    stale = claimed(tmp_path / "log", "stale", by=["some-worker"], started=stale_after + timedelta(minutes=1))
    recent = claimed(tmp_path / "log", "recent", by=["some-worker"], started=timedelta(minutes=1))

    call_command("requeue_stale_tasks", verbosity=0)

    assert status_of(stale) == TaskResultStatus.READY
    assert status_of(recent) == TaskResultStatus.RUNNING
    assert AuditEvent.objects.get(action="task.requeued", object_id=str(stale.id)).data["reason"] == "timeout"
    assert not AuditEvent.objects.filter(object_id=str(recent.id)).exists()


@database_queue_only
def test_healthz_reports_a_task_its_worker_left_running_until_it_is_requeued(tmp_path, client):
    stale_after = timedelta(seconds=settings.TASK_STALE_AFTER_SECONDS)
    claimed(tmp_path / "log", "recent", by=["some-worker"], started=timedelta(minutes=1))
    assert client.get("/healthz").json()["tasks"]["stuck"] == 0

    claimed(tmp_path / "log", "stale", by=["some-worker"], started=stale_after + timedelta(minutes=1))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["tasks"] == {"ok": False, "waiting": 0, "stuck": 1}

    call_command("requeue_stale_tasks", verbosity=0)
    assert client.get("/healthz").json()["tasks"]["stuck"] == 0


@database_queue_only
def test_a_task_that_lost_its_worker_three_times_is_marked_failed_instead_of_requeued(tmp_path):
    poison = claimed(tmp_path / "log", "poison", by=["w1", "w2", "w3"], started=timedelta(seconds=5))

    call_command("requeue_stale_tasks", "--worker-id", "w3", verbosity=0)

    result = record_in_log.get_result(poison.id)
    assert result.status == TaskResultStatus.FAILED
    assert "Worker lost 3 times" in result.errors[-1].traceback
    assert AuditEvent.objects.filter(action="task.failed_worker_lost", object_id=str(poison.id)).exists()


@database_queue_only
def test_a_negative_timeout_is_refused_and_changes_nothing(tmp_path):
    stale = claimed(tmp_path / "log", "stale", by=["some-worker"], started=timedelta(days=2))
    with pytest.raises(CommandError):
        call_command("requeue_stale_tasks", "--older-than", "-1", verbosity=0)
    assert status_of(stale) == TaskResultStatus.RUNNING
    assert not AuditEvent.objects.filter(action__startswith="task.").exists()


def test_the_worker_service_requeues_the_tasks_of_the_worker_id_it_starts():
    unit = (Path(settings.BASE_DIR) / "deploy" / "systemd" / "extranet-worker.service").read_text()
    started = re.search(r"^ExecStart=.*task_worker .*--worker-id (\S+)", unit, re.M)
    recovered = re.search(r"^ExecStartPre=.*requeue_stale_tasks .*--worker-id (\S+)", unit, re.M)
    assert started and recovered, "the worker unit must name its worker and requeue its tasks before starting"
    assert started.group(1) == recovered.group(1)
