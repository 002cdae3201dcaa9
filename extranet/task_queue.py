"""Recovery of background tasks whose worker died.

django-tasks-db claims a task by setting its row to RUNNING, then records the outcome when the task
returns. A worker killed in between (SIGKILL, out of memory, power cut) leaves the row RUNNING for
ever: no worker takes a RUNNING row again. `stale_tasks_requeue` puts such rows back in the queue
(READY) and records it in the audit trail; `manage.py requeue_stale_tasks` runs it before the worker
service starts (docs/deployment.md). A task may therefore run twice: tasks must be idempotent.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .services import audit_record

WORKER_LOST = "extranet.task_queue.WorkerLost"


@transaction.atomic
def stale_tasks_requeue(
    *, stopped_workers: list[str], older_than: timedelta, max_attempts: int
) -> tuple[list[DBTaskResult], list[DBTaskResult]]:
    """Requeue RUNNING tasks of a stopped worker or started longer ago than `older_than`.

    A task already claimed `max_attempts` times is marked failed instead: it is likely what kills
    its worker. Returns (requeued, failed).
    """
    now = timezone.now()
    requeued, failed = [], []
    running = DBTaskResult.objects.select_for_update().filter(status=TaskResultStatus.RUNNING).order_by("started_at")
    for row in running:
        last_worker = row.worker_ids[-1] if row.worker_ids else None
        if last_worker in stopped_workers:
            reason = "worker stopped"
        elif row.started_at is None or now - row.started_at >= older_than:
            reason = "timeout"
        else:
            continue
        data = {
            "task": row.task_path,
            "queue": row.queue_name,
            "started_at": row.started_at.isoformat() if row.started_at else None,
            "worker_ids": row.worker_ids,
            "reason": reason,
        }
        if len(row.worker_ids) >= max_attempts:
            row.status = TaskResultStatus.FAILED
            row.finished_at = now
            row.exception_class_path = WORKER_LOST
            row.traceback = f"Worker lost {len(row.worker_ids)} times while running this task ({reason})."
            row.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
            audit_record(action="task.failed_worker_lost", obj=row, data=data)
            failed.append(row)
        else:
            row.status = TaskResultStatus.READY
            row.save(update_fields=["status"])
            audit_record(action="task.requeued", obj=row, data=data)
            requeued.append(row)
    return requeued, failed
