"""manage.py backup [--output PATH] [--prune]: one archive with the database, the files and a manifest.

`--prune` (the nightly job, extranet/schedule.py) then deletes the archives of the same directory older
than BACKUP_RETENTION_DAYS, never the one just written.
"""

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from extranet.backup import BackupError, backup_create, backups_prune


class Command(BaseCommand):
    help = "Write one archive with the database, the media files and a manifest of checksums."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Archive path (default: EXTRANET_VAR_DIR/backups/extranet-<timestamp>.tar.gz)")
        parser.add_argument(
            "--prune", action="store_true", help="Then delete archives of that directory older than BACKUP_RETENTION_DAYS."
        )

    def handle(self, *args, output=None, prune=False, **options):
        path = Path(output) if output else settings.VAR_DIR / "backups" / f"extranet-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
        try:
            manifest = backup_create(output=path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Backup written to {path} ({len(manifest['files'])} files, {manifest['engine']})."))
        if prune:
            removed = backups_prune(
                directory=path.parent, older_than=timedelta(days=settings.BACKUP_RETENTION_DAYS), keep=path
            )
            self.stdout.write(f"{len(removed)} old backup(s) deleted.")
