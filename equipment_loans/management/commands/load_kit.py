from django.core.management.base import BaseCommand

from equipment_loans.demo import KIT_CSV, load_kit


class Command(BaseCommand):
    help = "Load the conservation kit's item types and units from a CSV (default: extranet/data/conservation_kit.csv)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(KIT_CSV))

    def handle(self, *args, path, **options):
        types = load_kit(path)
        self.stdout.write(f"{len(types)} item types loaded.")
