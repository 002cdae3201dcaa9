"""One archive with everything needed to bring the members' space back.

The archive (`.tar.gz`) holds:
- the database: a consistent SQLite copy made with SQLite's online backup API, or a
  `pg_dump --format=custom` of the PostgreSQL database;
- the public media (`MEDIA_ROOT`) and the members-only files (`PRIVATE_MEDIA_ROOT`);
- `manifest.json`: when, which engine, and the SHA-256 and size of every other member of
  the archive, checked before anything is restored.

The search index is not archived: `restore` rebuilds it from the restored database.
"""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

MANIFEST = "manifest.json"
FILE_ROOTS = {"media": "MEDIA_ROOT", "protected-media": "PRIVATE_MEDIA_ROOT"}


class BackupError(Exception):
    """The archive cannot be made or restored; the message says why."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_env() -> tuple[list[str], dict]:
    db = connection.settings_dict
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _dump_database(target_dir: Path) -> str:
    if connection.vendor == "sqlite":
        target = target_dir / "database.sqlite3"
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        return target.name
    if connection.vendor == "postgresql":
        target = target_dir / "database.dump"
        args, env = _pg_env()
        result = subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(target), *args],
            env=env, capture_output=True, text=True,
        )
        if result.returncode:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        return target.name
    raise BackupError(f"Unsupported database engine: {connection.vendor}")


def backup_create(*, output: Path) -> dict:
    """Write the archive to `output`; return its manifest."""
    output = Path(output)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_dir = Path(tmp)
        database_name = _dump_database(tmp_dir)
        entries = {database_name: tmp_dir / database_name}
        for prefix, setting in FILE_ROOTS.items():
            root = Path(getattr(settings, setting))
            if root.exists():
                for path in sorted(p for p in root.rglob("*") if p.is_file()):
                    entries[f"{prefix}/{path.relative_to(root).as_posix()}"] = path
        manifest = {
            "created_at": timezone.now().isoformat(),
            "engine": connection.vendor,
            "database": database_name,
            "files": {name: {"sha256": _sha256(path), "size": path.stat().st_size} for name, path in entries.items()},
        }
        output.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(output, "w:gz") as archive:
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            for name, path in entries.items():
                archive.add(path, arcname=name, recursive=False)
    return manifest


def _verified_extract(archive_path: Path, target_dir: Path) -> dict:
    with tarfile.open(archive_path, "r:gz") as archive:
        member = archive.extractfile(MANIFEST)
        if member is None:
            raise BackupError("The archive has no manifest.")
        manifest = json.load(member)
        archive.extractall(target_dir, filter="data")
    for name, expected in manifest["files"].items():
        path = target_dir / name
        if not path.is_file() or _sha256(path) != expected["sha256"]:
            raise BackupError(f"{name} does not match its checksum: the archive is damaged.")
    return manifest


def installation_is_empty() -> bool:
    """True when no museum and no real account exist yet (a fresh, migrated installation)."""
    from extranet.models import Museum, User

    return not Museum.objects.exists() and not User.objects.exclude(username=settings.ANONYMOUS_USER_NAME).exists()


def backup_restore(*, archive: Path, force: bool = False) -> dict:
    """Bring an archive back into this installation, then rebuild the search index."""
    if not force and not installation_is_empty():
        raise BackupError("This installation is not empty: restore into a fresh one, or pass --force.")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_dir = Path(tmp)
        manifest = _verified_extract(Path(archive), tmp_dir)
        if manifest["engine"] != connection.vendor:
            raise BackupError(f"The archive holds a {manifest['engine']} database; this installation uses {connection.vendor}.")
        database = tmp_dir / manifest["database"]
        if connection.vendor == "sqlite":
            connection.close()
            connection.ensure_connection()
            source = sqlite3.connect(database)
            try:
                source.backup(connection.connection)
            finally:
                source.close()
        else:
            connection.close()
            args, env = _pg_env()
            result = subprocess.run(
                ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", *args, str(database)],
                env=env, capture_output=True, text=True,
            )
            if result.returncode:
                raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
        for prefix, setting in FILE_ROOTS.items():
            root = Path(getattr(settings, setting))
            for name in manifest["files"]:
                if name.startswith(prefix + "/"):
                    destination = root / name[len(prefix) + 1:]
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    destination.write_bytes((tmp_dir / name).read_bytes())
    return manifest


def backups_prune(*, directory: Path, older_than: timedelta, keep: Path | None = None) -> list[Path]:
    """Delete the archives `backup` wrote in `directory` longer ago than `older_than`; never `keep`."""
    cutoff = timezone.now().timestamp() - older_than.total_seconds()
    removed = []
    for archive in sorted(Path(directory).glob("extranet-*.tar.gz")):
        if keep is not None and archive.resolve() == Path(keep).resolve():
            continue
        if archive.stat().st_mtime < cutoff:
            archive.unlink()
            removed.append(archive)
    return removed
