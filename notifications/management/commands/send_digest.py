"""Daily digest: one email per member with everything waiting for it. Run by cron (docs/notifications.md)."""

from django.core.management.base import BaseCommand

from notifications import selectors, services
from notifications.tasks import send_digest_email


class Command(BaseCommand):
    help = "Send each member the daily digest of their notifications set to 'daily digest'."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            action="store_true",
            help="Send from this process instead of queueing one task per member for the worker.",
        )

    def handle(self, *args, now=False, **options):
        recipient_ids = selectors.digest_recipient_ids()
        for user_id in recipient_ids:
            if now:
                services.digest_send(user_id=user_id)
            else:
                # Queued: the worker sends (and retries) it; a rerun before then queues a duplicate
                # that finds nothing left to send, because digest_send claims under a row lock.
                send_digest_email.enqueue(user_id)
        if options["verbosity"]:
            verb = "Sent" if now else "Queued"
            self.stdout.write(f"{verb} {len(recipient_ids)} digest(s).")
