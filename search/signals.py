"""A haystack signal processor that queues index updates instead of writing at once.

haystack calls `setup()` once at start-up. On post_save/post_delete of an indexed model (or
of a model an indexed kind follows, see registry.py) it registers, with
`transaction.on_commit`, the enqueueing of `search.tasks.index_update`: nothing is queued
for a transaction that rolls back, and the web process never opens the Whoosh writer.
"""

import logging
from functools import partial

from django.db import models, transaction
from haystack.signals import BaseSignalProcessor

from . import registry

logger = logging.getLogger(__name__)


def enqueue_index_update(model_label: str, pk, deleted: bool) -> None:
    from .tasks import index_update

    index_update.enqueue(model_label, str(pk), deleted)


class QueuedSignalProcessor(BaseSignalProcessor):
    _watched: frozenset[str] | None = None

    def setup(self):
        models.signals.post_save.connect(self.handle_save)
        models.signals.post_delete.connect(self.handle_delete)

    def teardown(self):
        models.signals.post_save.disconnect(self.handle_save)
        models.signals.post_delete.disconnect(self.handle_delete)

    def watched_models(self) -> frozenset[str]:
        # Computed on first use: the unified index needs every app loaded.
        if self._watched is None:
            labels = set()
            for using in self.connections.connections_info:
                for model in self.connections[using].get_unified_index().get_indexed_models():
                    labels.add(model._meta.label_lower)
            for index_class in registry.kinds().values():
                labels.update(index_class.follows)
            self._watched = frozenset(labels)
        return self._watched

    def _queue(self, sender, instance, deleted: bool) -> None:
        label = sender._meta.label_lower
        if instance.pk is None or label not in self.watched_models():
            return
        transaction.on_commit(
            partial(enqueue_index_update, label, instance.pk, deleted),
            using=instance._state.db,
            # A failure to queue is logged; it never undoes or fails the user's save.
            robust=True,
        )

    def handle_save(self, sender, instance, **kwargs):
        self._queue(sender, instance, deleted=False)

    def handle_delete(self, sender, instance, **kwargs):
        self._queue(sender, instance, deleted=True)
