"""manage.py backup [--output PATH]: one archive with the database, the files and a manifest."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from extranet.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Write one archive with the database, the media files and a manifest of checksums."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Archive path (default: EXTRANET_VAR_DIR/backups/extranet-<timestamp>.tar.gz)")

    def handle(self, *args, output=None, **options):
        path = Path(output) if output else settings.VAR_DIR / "backups" / f"extranet-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
        try:
            manifest = backup_create(output=path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Backup written to {path} ({len(manifest['files'])} files, {manifest['engine']})."))
