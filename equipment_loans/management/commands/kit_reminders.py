"""Daily: pickup reminders two days ahead, return-day reminders, late loans flagged.

Idempotent (each reminder is claimed by a conditional update), so cron may run it more than
once a day: `0 7 * * * cd /srv/extranet/app && .venv/bin/python manage.py kit_reminders`.
"""

from django.core.management.base import BaseCommand

from equipment_loans.services import kit_reminders_send


class Command(BaseCommand):
    help = "Send the kit's pickup and return reminders and flag late returns. Safe to rerun."

    def handle(self, *args, **options):
        sent = kit_reminders_send()
        self.stdout.write(f"pickup reminders: {sent['pickup']}, return reminders: {sent['return']}, late: {sent['late']}")
