"""haystack's Whoosh backend with French analysis and a queue-friendly writer.

Subclassed, not forked: only the schema (which analyzer text fields use, which permission
fields stay exact) and the two write paths change. Swap to Elasticsearch by pointing
HAYSTACK_CONNECTIONS at haystack's Elasticsearch engine (docs/search.md).
"""

from contextlib import contextmanager

from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend
from haystack.constants import ID
from haystack.utils import get_identifier
from whoosh.fields import ID as WHOOSH_ID
from whoosh.fields import TEXT
from whoosh.writing import AsyncWriter

from .analysis import french_analyzer


class FrenchWhooshSearchBackend(WhooshSearchBackend):
    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        analyzer = french_analyzer()
        for field_class in fields.values():
            name = field_class.index_fieldname
            if getattr(field_class, "exact", False) and not field_class.is_multivalued:
                # Permission and kind fields: one untouched token, never stemmed.
                replacement = WHOOSH_ID(stored=True, sortable=True)
            elif isinstance(schema[name], TEXT):
                replacement = TEXT(
                    stored=True,
                    analyzer=field_class.analyzer or analyzer,
                    field_boost=field_class.boost,
                    sortable=True,
                    spelling=name == content_field_name,
                )
            else:
                continue
            schema.remove(name)  # also drops its sub-fields (spell_<name>)
            schema.add(name, replacement)
        return content_field_name, schema

    @contextmanager
    def _failing_loudly(self):
        # haystack logs and swallows write errors by default; the index task must fail
        # instead, so the queue records it (the user's save is already committed).
        silently_fail, self.silently_fail = self.silently_fail, False
        try:
            yield
        finally:
            self.silently_fail = silently_fail

    def update(self, index, iterable, commit=True):
        with self._failing_loudly():
            super().update(index, iterable, commit=commit)

    def remove(self, obj_or_string, commit=True):
        # haystack's remove opens a plain writer, which raises LockError when another
        # writer (a rebuild_index run) holds the lock; AsyncWriter waits for it instead.
        if not self.setup_complete:
            self.setup()
        self.index = self.index.refresh()
        writer = AsyncWriter(self.index)
        writer.delete_by_term(ID, get_identifier(obj_or_string))
        writer.commit()
        if writer.ident is not None:
            writer.join()


class FrenchWhooshEngine(WhooshEngine):
    backend = FrenchWhooshSearchBackend
