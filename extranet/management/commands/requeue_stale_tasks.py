"""manage.py requeue_stale_tasks [--worker-id ID ...] [--older-than SECONDS] [--max-attempts N]

Puts back in the queue the background tasks a dead worker left RUNNING (neither django-tasks-db nor
RQ does it by itself), on whichever queue TASKS configures. The worker service runs it before starting
`task_worker --worker-id extranet-worker` (deploy/systemd/extranet-worker.service): that worker is
then known to be stopped, so its RUNNING tasks are requeued whatever their age. The schedule runs it
too (extranet/schedule.py), for tasks older than TASK_STALE_AFTER_SECONDS. See extranet/task_queue.py
and docs/deployment.md.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from extranet.task_queue import stale_tasks_requeue


class Command(BaseCommand):
    help = "Requeue background tasks left RUNNING by a worker that died."

    def add_arguments(self, parser):
        parser.add_argument(
            "--worker-id", action="append", default=[], dest="worker_ids",
            help="A worker known to be stopped: its RUNNING tasks are requeued whatever their age (repeatable).",
        )
        parser.add_argument(
            "--older-than", type=int, default=None,
            help="Requeue RUNNING tasks started this many seconds ago or more (default: TASK_STALE_AFTER_SECONDS).",
        )
        parser.add_argument(
            "--max-attempts", type=int, default=3,
            help="A task already started this many times is marked failed instead of requeued (default: 3).",
        )

    def handle(self, *args, worker_ids, older_than, max_attempts, **options):
        if older_than is None:
            older_than = settings.TASK_STALE_AFTER_SECONDS
        if older_than < 0 or max_attempts < 1:
            raise CommandError("--older-than must be 0 or more and --max-attempts 1 or more.")
        requeued, failed = stale_tasks_requeue(
            stopped_workers=worker_ids, older_than=timedelta(seconds=older_than), max_attempts=max_attempts
        )
        for task in requeued:
            self.stdout.write(f"requeued {task.id} {task.task_path}")
        for task in failed:
            self.stdout.write(f"failed {task.id} {task.task_path} (worker lost {len(task.worker_ids)} times)")
        if options["verbosity"] >= 1:
            self.stdout.write(f"{len(requeued)} task(s) requeued, {len(failed)} marked failed.")
