"""Index updates, run by the background worker after the content's transaction committed.

Whoosh allows one writer at a time: these tasks go to their own queue, `search`, and exactly
one worker process (one thread) must consume it (docs/search.md). A failing task is recorded
as failed by the queue; the content it was about stays saved.
"""

from django.apps import apps
from django_tasks import task
from haystack import connection_router, connections
from haystack.exceptions import NotHandled

from . import registry

SEARCH_QUEUE = "search"


def _reindex(index, model, pks, using) -> tuple[int, int]:
    pks = {str(pk) for pk in pks}
    found = list(index.index_queryset(using=using).filter(pk__in=pks))
    if found:
        index.get_backend(using).update(index, found)
    missing = pks - {str(obj.pk) for obj in found}
    for pk in missing:
        index.remove_object(f"{model._meta.label_lower}.{pk}", using=using)
    return len(found), len(missing)


@task(queue_name=SEARCH_QUEUE)
def index_update(model_label: str, pk: str, deleted: bool = False) -> dict:
    """(Re)index the object `model_label`/`pk`, or remove it, and the documents following it."""
    model = apps.get_model(model_label)
    done = {"updated": 0, "removed": 0}
    for using in connection_router.for_write():
        unified = connections[using].get_unified_index()
        try:
            index = unified.get_index(model)
        except NotHandled:
            index = None
        if index is not None and deleted:
            index.remove_object(f"{model_label}.{pk}", using=using)
            done["removed"] += 1
        elif index is not None:
            # Re-read through index_queryset: an object that left it (a former member) is removed.
            updated, removed = _reindex(index, model, [pk], using)
            done["updated"] += updated
            done["removed"] += removed
        if deleted:
            continue
        for kind, related in registry.followers_of(model_label):
            follower_model = kind().get_model()
            try:
                follower_index = unified.get_index(follower_model)
            except NotHandled:
                continue
            pks = list(related(pk).values_list("pk", flat=True).distinct())
            if pks:
                updated, removed = _reindex(follower_index, follower_model, pks, using)
                done["updated"] += updated
                done["removed"] += removed
    return done
