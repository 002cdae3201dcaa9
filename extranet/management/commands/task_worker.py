"""manage.py task_worker [--worker-id ID] [--queue-name NAME ...] [--batch]

The background worker of whichever queue TASKS configures: `db_worker` for the database queue,
`rqworker` (with django-tasks-rq's job class and RQ's scheduler) for RQ. It consumes every queue of
TASK_QUEUES unless told otherwise. `--batch` runs the waiting tasks in this process and returns
(tests, and a one-off catch-up). Production: deploy/systemd/extranet-worker.service; development:
scripts/run-dev.sh.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from extranet.task_queue import queue_adapter


class Command(BaseCommand):
    help = "Run the background task worker of the configured queue (database or RQ)."

    def add_arguments(self, parser):
        parser.add_argument("--worker-id", default=None, help="Name of this worker (requeue_stale_tasks --worker-id uses it).")
        parser.add_argument(
            "--queue-name", action="append", default=[], dest="queues",
            help="A queue to consume (repeatable; default: every queue of TASK_QUEUES).",
        )
        parser.add_argument("--batch", action="store_true", help="Run what is waiting, then return.")
        parser.add_argument("--print", action="store_true", dest="print_only", help="Print the worker command and stop.")

    def handle(self, *args, worker_id, queues, batch, print_only, **options):
        queues = [name for item in queues for name in item.split(",") if name] or list(settings.TASK_QUEUES)
        adapter = queue_adapter()
        if batch:
            adapter.run_batch(queues=queues, worker_id=worker_id)
            return
        command = adapter.worker_command(queues=queues, worker_id=worker_id)
        if print_only:
            self.stdout.write(" ".join([command.name, *command.args, *(f"--{k}={v}" for k, v in command.options.items())]))
            return
        call_command(command.name, *command.args, verbosity=options["verbosity"], **command.options)
