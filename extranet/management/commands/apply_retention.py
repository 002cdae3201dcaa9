"""manage.py apply_retention: the retention periods of the settings, applied (nightly job `retention`).

Read notifications older than NOTIFICATION_RETENTION_DAYS are deleted, finished task results older
than TASK_RESULT_RETENTION_DAYS too, and audit events older than AUDIT_IP_RETENTION_DAYS lose their IP
address (the events stay). A second run finds nothing more to do.
"""

from django.core.management.base import BaseCommand

from extranet.services import retention_apply


class Command(BaseCommand):
    help = "Delete old read notifications and finished task results; erase old audit IP addresses."

    def handle(self, *args, **options):
        done = retention_apply()
        if options["verbosity"]:
            self.stdout.write(", ".join(f"{what}: {count}" for what, count in done.items()))
