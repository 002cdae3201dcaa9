"""Expire listings past their availability (run daily from cron; reruns change nothing)."""

from django.core.management.base import BaseCommand

from equipment_loans.exchange.services import listings_expire


class Command(BaseCommand):
    help = "Expire exchange listings whose availability has ended and nothing was handed over from."

    def handle(self, *args, **options):
        count = listings_expire()
        self.stdout.write(f"{count} listing(s) expired.")
