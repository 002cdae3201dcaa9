"""A real Whoosh index on disk, in a temporary directory, for each search test."""

import pytest
from django.core.management import call_command
from haystack import connections, indexes

from extranet.models import AuditEvent
from search import registry
from search.registry import KindIndex
from search.search_indexes import MuseumIndex, ProfileIndex


class RestrictedNoteIndex(KindIndex, indexes.Indexable):
    """A test-only kind whose visibility each document chooses, as forum posts or documents
    of later issues will: notes are audit events whose `data` says who may see them."""

    kind_label = "note"
    verbose_name = "Note"

    def get_model(self):
        return AuditEvent

    def index_queryset(self, using=None):
        return AuditEvent.objects.filter(action="test.note")

    def prepare_text(self, obj):
        return obj.object_repr

    def prepare_title(self, obj):
        return f"Note {obj.pk}"

    def prepare_url(self, obj):
        return f"/notes/{obj.pk}/"

    def prepare_museum_ids(self, obj):
        return [obj.museum_id] if obj.museum_id else []

    def prepare_department(self, obj):
        return [obj.museum.department_code] if obj.museum_id else []

    def prepare_group_ids(self, obj):
        return obj.data.get("groups", [])

    def prepare_visibility(self, obj):
        return obj.data["visibility"]


def _use_index(path, extra_indexes=()):
    connections.connections_info["default"]["PATH"] = str(path)
    connections.reload("default")
    unified = connections["default"].get_unified_index()
    unified.build(indexes=[MuseumIndex(), ProfileIndex(), *(index_class() for index_class in extra_indexes)])
    for index_class in extra_indexes:
        registry.register(index_class)


@pytest.fixture
def search_index(tmp_path):
    """The project's kinds plus the test-only `note` kind, in a fresh index on disk."""
    original = connections.connections_info["default"]["PATH"]
    _use_index(tmp_path / "whoosh", extra_indexes=[RestrictedNoteIndex])
    yield connections["default"].get_backend()
    registry.unregister(RestrictedNoteIndex.kind_label)
    connections.connections_info["default"]["PATH"] = original
    connections.reload("default")


@pytest.fixture
def reindex(search_index):
    """Rebuild the whole index from the database, as `manage.py rebuild_index` does."""

    def run():
        call_command("rebuild_index", interactive=False, verbosity=0)

    return run


def make_note(*, text, visibility, museum=None, groups=()):
    return AuditEvent.objects.create(
        action="test.note", object_repr=text, museum=museum, data={"visibility": visibility, "groups": list(groups)}
    )
