"""manage.py restore ARCHIVE [--force]: bring a backup back, then rebuild the search index.

Stop the web and task workers first; restore into a fresh, migrated installation (or pass
--force to overwrite one that has data).
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from extranet.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup archive made by `manage.py backup`, then rebuild the search index."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--force", action="store_true", help="Overwrite an installation that already has data.")

    def handle(self, *args, archive, force, **options):
        try:
            manifest = backup_restore(archive=archive, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Database and {len(manifest['files']) - 1} files restored; rebuilding the search index…")
        call_command("rebuild_index", interactive=False, verbosity=options["verbosity"])
        self.stdout.write(self.style.SUCCESS("Restore complete."))
