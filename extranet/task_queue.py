"""Background tasks whatever the queue: health, recovery of tasks a dead worker left running,
pruning of finished results, and the worker to start.

django-tasks answers `enqueue` and `get_result` for every backend. What it leaves to each backend
— how many tasks wait, which ones a dead worker was running, how a worker is started — is adapted
here, one small class per backend, chosen from `TASKS["default"]["BACKEND"]`:

- the database queue (django-tasks-db): a worker claims a task by setting its row RUNNING, then
  records the outcome. A worker killed in between (SIGKILL, out of memory, power cut) leaves the row
  RUNNING for ever: no worker takes a RUNNING row again.
- RQ (django-tasks-rq): a job being run sits in the queue's StartedJobRegistry. When its worker is
  killed, RQ only notices once the entry expires (the job timeout) and then marks the job failed
  (AbandonedJobError): the task is lost, and the worker's name stays registered, so a worker
  restarted under the same name refuses to start for several minutes.

`stale_tasks_requeue` puts such tasks back in the queue (READY) and records it in the audit trail;
`manage.py requeue_stale_tasks` runs it before the worker service starts (docs/deployment.md). A task
may therefore run twice: tasks must be idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks.base import TaskResultStatus

from .services import audit_record

WORKER_LOST = "extranet.task_queue.WorkerLost"


@dataclass(frozen=True)
class QueueState:
    """What /healthz reports: tasks waiting, since when the oldest, and tasks stuck RUNNING."""

    waiting: int
    oldest_waiting: datetime | None
    stuck: int


@dataclass
class QueuedTask:
    """One task as the queue holds it, whatever the backend."""

    id: str
    task_path: str
    queue_name: str
    status: str
    args: list = field(default_factory=list)
    kwargs: dict = field(default_factory=dict)
    started_at: datetime | None = None
    worker_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class WorkerCommand:
    """The management command (and its options) that runs a worker of this backend."""

    name: str
    args: tuple[str, ...]
    options: dict


def _aware(moment: datetime | None) -> datetime | None:
    if moment is not None and timezone.is_naive(moment):
        return moment.replace(tzinfo=UTC)
    return moment


def _lost_reason(task: QueuedTask, *, stopped_workers, older_than: timedelta, now: datetime) -> str | None:
    last_worker = task.worker_ids[-1] if task.worker_ids else None
    if last_worker in stopped_workers:
        return "worker stopped"
    if task.started_at is None or now - task.started_at >= older_than:
        return "timeout"
    return None


class DatabaseQueue:
    """django-tasks-db: the queue is the `DBTaskResult` table."""

    def __init__(self, backend):
        self.backend = backend

    @staticmethod
    def _model():
        from django_tasks_db.models import DBTaskResult

        return DBTaskResult

    def _as_task(self, row) -> QueuedTask:
        return QueuedTask(
            id=str(row.id), task_path=row.task_path, queue_name=row.queue_name, status=row.status,
            args=row.args_kwargs.get("args", []), kwargs=row.args_kwargs.get("kwargs", {}),
            started_at=row.started_at, worker_ids=list(row.worker_ids),
        )

    def state(self, *, stale_after: timedelta) -> QueueState:
        rows = self._model().objects
        now = timezone.now()
        ready = rows.filter(status=TaskResultStatus.READY, run_after__lte=now)
        oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
        stuck = rows.filter(status=TaskResultStatus.RUNNING, started_at__lt=now - stale_after).count()
        return QueueState(waiting=ready.count(), oldest_waiting=oldest, stuck=stuck)

    def tasks(self) -> list[QueuedTask]:
        return [self._as_task(row) for row in self._model().objects.order_by("enqueued_at")]

    def requeue_lost(self, *, stopped_workers, older_than, max_attempts, record) -> tuple[list, list]:
        now = timezone.now()
        requeued, failed = [], []
        running = self._model().objects.select_for_update().filter(status=TaskResultStatus.RUNNING)
        for row in running.order_by("started_at"):
            task = self._as_task(row)
            reason = _lost_reason(task, stopped_workers=stopped_workers, older_than=older_than, now=now)
            if reason is None:
                continue
            if len(row.worker_ids) >= max_attempts:
                row.status = TaskResultStatus.FAILED
                row.finished_at = now
                row.exception_class_path = WORKER_LOST
                row.traceback = f"Worker lost {len(row.worker_ids)} times while running this task ({reason})."
                row.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
                record("task.failed_worker_lost", task, reason, row)
                failed.append(task)
            else:
                row.status = TaskResultStatus.READY
                row.save(update_fields=["status"])
                record("task.requeued", task, reason, row)
                requeued.append(task)
        return requeued, failed

    def prune_finished(self, *, older_than: timedelta) -> int:
        finished = self._model().objects.filter(
            status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED], finished_at__lt=timezone.now() - older_than
        )
        deleted, _by_model = finished.delete()
        return deleted

    def worker_command(self, *, queues, worker_id) -> WorkerCommand:
        options = {"queue_name": ",".join(queues), "reload": False}
        if worker_id:
            options["worker_id"] = worker_id
        return WorkerCommand("db_worker", (), options)

    def run_batch(self, *, queues, worker_id=None) -> None:
        """Run the waiting tasks in this process, then return."""
        from django.core.management import call_command

        command = self.worker_command(queues=queues, worker_id=worker_id)
        call_command(command.name, batch=True, startup_delay=False, interval=0, verbosity=0, **command.options)

    def empty(self) -> None:
        """Delete every task row (tests only; the test database is thrown away anyway)."""
        self._model().objects.all().delete()


class RQQueue:
    """django-tasks-rq: one RQ queue per django-tasks queue, on the Redis of RQ_QUEUES."""

    def __init__(self, backend):
        self.backend = backend

    def _queues(self):
        import django_rq
        from django_tasks_rq.backend import Job

        return [django_rq.get_queue(name, job_class=Job) for name in sorted(self.backend.queues)]

    @staticmethod
    def _as_task(job, status) -> QueuedTask:
        return QueuedTask(
            id=job.id, task_path=job.func_name, queue_name=job.origin, status=status,
            args=list(job.args), kwargs=dict(job.kwargs), started_at=_aware(job.started_at),
            worker_ids=[*job.meta.get("extranet_lost_workers", []), *([job.worker_name] if job.worker_name else [])],
        )

    def _started(self, queue):
        from rq.exceptions import NoSuchJobError
        from rq.registry import StartedJobRegistry

        registry = StartedJobRegistry(queue=queue)
        for job_id in registry.get_job_ids(cleanup=False):
            try:
                yield registry, queue.job_class.fetch(job_id, connection=queue.connection)
            except NoSuchJobError:
                registry.remove(job_id)

    def _abandoned(self, queue):
        """Jobs RQ itself already moved to the failed registry because their worker vanished."""
        from rq.exceptions import NoSuchJobError
        from rq.registry import FailedJobRegistry

        registry = FailedJobRegistry(queue=queue)
        for job_id in registry.get_job_ids(cleanup=False):
            try:
                job = queue.job_class.fetch(job_id, connection=queue.connection)
            except NoSuchJobError:
                continue
            result = job.latest_result()
            if result is not None and "AbandonedJobError" in (result.exc_string or ""):
                yield registry, job

    def state(self, *, stale_after: timedelta) -> QueueState:
        now = timezone.now()
        waiting, oldest, stuck = 0, None, 0
        for queue in self._queues():
            waiting += queue.count
            first = queue.get_job_ids(0, 1)
            job = queue.fetch_job(first[0]) if first else None
            if job is not None and job.enqueued_at is not None:
                enqueued = _aware(job.enqueued_at)
                oldest = enqueued if oldest is None else min(oldest, enqueued)
            stuck += sum(
                1 for _registry, job in self._started(queue)
                if job.started_at is not None and now - _aware(job.started_at) > stale_after
            )
        return QueueState(waiting=waiting, oldest_waiting=oldest, stuck=stuck)

    def tasks(self) -> list[QueuedTask]:
        from rq.registry import FailedJobRegistry, FinishedJobRegistry

        found = []
        for queue in self._queues():
            for job in queue.get_jobs():
                found.append(self._as_task(job, TaskResultStatus.READY))
            found += [self._as_task(job, TaskResultStatus.RUNNING) for _registry, job in self._started(queue)]
            for registry, status in ((FinishedJobRegistry(queue=queue), TaskResultStatus.SUCCESSFUL),
                                     (FailedJobRegistry(queue=queue), TaskResultStatus.FAILED)):
                for job in queue.job_class.fetch_many(registry.get_job_ids(cleanup=False), connection=queue.connection):
                    if job is not None:
                        found.append(self._as_task(job, status))
        return found

    def _forget_workers(self, names) -> None:
        """Mark stopped workers dead in Redis, so that one restarted under the same name may start."""
        from rq.worker import Worker

        for queue in self._queues()[:1]:
            for name in names:
                worker = Worker.find_by_key(Worker.redis_worker_namespace_prefix + name, connection=queue.connection)
                if worker is not None:
                    worker.register_death()

    def requeue_lost(self, *, stopped_workers, older_than, max_attempts, record) -> tuple[list, list]:
        from rq.job import JobStatus
        from rq.results import Result

        now = timezone.now()
        requeued, failed = [], []
        for queue in self._queues():
            candidates = [(registry, job, None) for registry, job in self._started(queue)]
            candidates += [(registry, job, "abandoned") for registry, job in self._abandoned(queue)]
            for registry, job, known in candidates:
                task = self._as_task(job, TaskResultStatus.RUNNING)
                reason = known or _lost_reason(task, stopped_workers=stopped_workers, older_than=older_than, now=now)
                if reason is None:
                    continue
                if known is None:
                    registry.remove_executions(job)
                else:
                    registry.remove(job)
                job.meta["extranet_lost_workers"] = task.worker_ids
                if len(task.worker_ids) >= max_attempts:
                    message = f"Worker lost {len(task.worker_ids)} times while running this task ({reason})."
                    job.set_status(JobStatus.FAILED)
                    job.save_meta()
                    Result.create_failure(job, ttl=job.failure_ttl, exc_string=message)
                    from rq.registry import FailedJobRegistry

                    FailedJobRegistry(queue=queue).add(job, exc_string=message)
                    record("task.failed_worker_lost", task, reason, None)
                    failed.append(task)
                else:
                    job.started_at = None
                    job.worker_name = None
                    job.save()
                    queue.enqueue_job(job)
                    record("task.requeued", task, reason, None)
                    requeued.append(task)
        self._forget_workers(stopped_workers)
        return requeued, failed

    def prune_finished(self, *, older_than: timedelta) -> int:
        # RQ expires finished jobs itself (RQ_QUEUES' DEFAULT_RESULT_TTL = the same retention).
        return 0

    def worker_command(self, *, queues, worker_id) -> WorkerCommand:
        # RQ's scheduler moves tasks enqueued with run_after into the queue when due.
        options = {"job_class": "django_tasks_rq.Job", "with_scheduler": True}
        if worker_id:
            options["name"] = worker_id
        return WorkerCommand("rqworker", tuple(queues), options)

    def run_batch(self, *, queues, worker_id=None) -> None:
        """Run the waiting tasks in this process, one after the other, then return.

        RQ's SimpleWorker, without django-rq's command: that one closes every database
        connection first (before forking), which would break a caller inside a transaction.
        """
        import django_rq
        from django_tasks_rq.backend import Job
        from rq.worker import SimpleWorker

        worker = django_rq.get_worker(*queues, job_class=Job, worker_class=SimpleWorker, name=worker_id)
        worker.work(burst=True, logging_level="WARNING")

    def empty(self) -> None:
        """Delete every job, result and worker record RQ keeps (tests and the CI's smoke test).

        RQ has no key prefix: its keys are all under `rq:` in the Redis database RQ_REDIS_URL names,
        which belongs to this installation alone (docs/deployment.md); nothing else is touched.
        """
        connection = self._queues()[0].connection
        batch = []
        for key in connection.scan_iter(match="rq:*", count=1000):
            batch.append(key)
            if len(batch) == 1000:
                connection.delete(*batch)
                batch = []
        if batch:
            connection.delete(*batch)


ADAPTERS = {
    "django_tasks_db.backend.DatabaseBackend": DatabaseQueue,
    "django_tasks_rq.backend.RQBackend": RQQueue,
}


def queue_adapter(alias: str = DEFAULT_TASK_BACKEND_ALIAS):
    """The adapter of the configured task backend (DatabaseQueue or RQQueue)."""
    backend = task_backends[alias]
    path = f"{type(backend).__module__}.{type(backend).__qualname__}"
    try:
        return ADAPTERS[path](backend)
    except KeyError:
        raise LookupError(f"No task queue adapter for {path} (extranet/task_queue.py).") from None


def queue_state() -> QueueState:
    """Waiting and stuck tasks of the configured queue (for /healthz)."""
    return queue_adapter().state(stale_after=timedelta(seconds=settings.TASK_STALE_AFTER_SECONDS))


@transaction.atomic
def stale_tasks_requeue(
    *, stopped_workers: list[str], older_than: timedelta, max_attempts: int
) -> tuple[list[QueuedTask], list[QueuedTask]]:
    """Requeue RUNNING tasks of a stopped worker or started longer ago than `older_than`.

    A task already claimed `max_attempts` times is marked failed instead: it is likely what kills
    its worker. Returns (requeued, failed); each change is an audit event.
    """

    def record(action, task: QueuedTask, reason: str, obj) -> None:
        audit_record(action=action, obj=obj, data={
            "task_id": task.id,
            "task": task.task_path,
            "queue": task.queue_name,
            "started_at": task.started_at.isoformat() if task.started_at else None,
            "worker_ids": task.worker_ids,
            "reason": reason,
        })

    return queue_adapter().requeue_lost(
        stopped_workers=list(stopped_workers), older_than=older_than, max_attempts=max_attempts, record=record
    )


def finished_tasks_prune(*, older_than: timedelta) -> int:
    """Delete finished task results older than `older_than`; how many went."""
    return queue_adapter().prune_finished(older_than=older_than)
