"""The backup drill: backup, wipe, restore, then everything matches the originals."""

import hashlib
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from haystack.query import SearchQuerySet

from extranet.models import Museum
from tests.factories import MuseumFactory, make_member

pytestmark = pytest.mark.django_db(transaction=True)


def _row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models() if model._meta.managed and not model._meta.proxy}


def _checksums(*roots):
    result = {}
    for root in roots:
        for path in Path(root).rglob("*"):
            if path.is_file():
                result[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return result


def test_backup_wipe_and_restore_bring_everything_back(settings, tmp_path):
    museum = MuseumFactory(name="Musée de la Dentelle de Calais")
    make_member(museum)
    (Path(settings.MEDIA_ROOT) / "images").mkdir(parents=True, exist_ok=True)
    (Path(settings.MEDIA_ROOT) / "images" / "affiche.txt").write_bytes(b"affiche publique")
    (Path(settings.PRIVATE_MEDIA_ROOT) / "profiles").mkdir(parents=True, exist_ok=True)
    (Path(settings.PRIVATE_MEDIA_ROOT) / "profiles" / "photo.txt").write_bytes(b"photo privee \x00\x01")
    call_command("rebuild_index", interactive=False, verbosity=0)
    found_before = sorted(r.title for r in SearchQuerySet().filter(content="dentelle"))
    assert "Musée de la Dentelle de Calais (Arras)" in found_before
    counts, files = _row_counts(), _checksums(settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT)
    archive = tmp_path / "backup.tar.gz"

    call_command("backup", output=str(archive), verbosity=0)

    call_command("flush", interactive=False, verbosity=0)
    for root in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT):
        for path in Path(root).rglob("*"):
            if path.is_file():
                path.unlink()
    call_command("clear_index", interactive=False, verbosity=0)
    assert not Museum.objects.exists()
    assert not SearchQuerySet().filter(content="dentelle").count()

    call_command("restore", str(archive), verbosity=0)

    assert _row_counts() == counts
    assert _checksums(settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT) == files
    assert sorted(r.title for r in SearchQuerySet().filter(content="dentelle")) == found_before


def test_restore_refuses_a_damaged_archive_and_a_non_empty_installation(settings, tmp_path):
    MuseumFactory()
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive), verbosity=0)
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), verbosity=0)
    damaged = tmp_path / "damaged.tar.gz"
    damaged.write_bytes(archive.read_bytes()[:-200])
    with pytest.raises((CommandError, EOFError, OSError)):
        call_command("restore", str(damaged), force=True, verbosity=0)
    assert Museum.objects.count() == 1
