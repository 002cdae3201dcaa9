"""Index updates go through the database queue after commit; one worker writes Whoosh."""

import shutil
import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from extranet.models import Museum
from extranet.task_queue import queue_adapter
from search.selectors import search_documents
from tests.factories import MuseumFactory, make_coordinator

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker():
    """Run the queued index updates the way `make run`'s worker does, until the queue is empty."""
    call_command("task_worker", "--queue-name", "search", batch=True, verbosity=0)


def test_twenty_saves_from_ten_threads_all_end_up_in_the_index_without_lock_errors(search_index):
    coordinator = make_coordinator()
    errors = []
    barrier = threading.Barrier(10)

    def save_two(n):
        try:
            barrier.wait()
            for i in range(2):
                MuseumFactory(name=f"Musée concurrent {n}-{i}", slug=f"concurrent-{n}-{i}", description="Orfèvrerie")
        except Exception as error:  # noqa: BLE001  (reported by the assertion below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=save_two, args=(n,)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Museum.objects.filter(slug__startswith="concurrent-").count() == 20
    # Nothing was written to the index by the saving threads themselves.
    assert search_documents(user=coordinator, query="orfevrerie").count() == 0

    run_worker()

    statuses = [task.status for task in queue_adapter().tasks() if task.queue_name == "search"]
    assert len(statuses) >= 20
    assert set(statuses) == {"SUCCESSFUL"}
    found = search_documents(user=coordinator, query="orfevrerie")
    assert found.count() == 20
    assert sorted(result.title for result in found[:20]) == sorted(
        f"Musée concurrent {n}-{i} (Arras)" for n in range(10) for i in range(2)
    )


def test_a_rolled_back_save_queues_nothing(search_index):
    with pytest.raises(RuntimeError), transaction.atomic():
        MuseumFactory(name="Musée fantôme")
        raise RuntimeError

    queued = [task.args[0] for task in queue_adapter().tasks()]
    assert "extranet.museum" not in queued


def test_editing_and_deleting_content_updates_the_index_through_the_queue(search_index):
    coordinator = make_coordinator()
    museum = MuseumFactory(name="Musée de la dentelle", description="Dentelle mécanique")
    run_worker()
    assert search_documents(user=coordinator, query="dentelle").count() == 1

    museum.description = "Tulle et broderie"
    museum.save()
    run_worker()
    assert search_documents(user=coordinator, query="broderie").count() == 1

    museum.delete()
    run_worker()
    assert search_documents(user=coordinator, query="broderie").count() == 0


def test_a_failed_index_update_keeps_the_save_and_is_recorded_as_failed(search_index):
    coordinator = make_coordinator()
    museum = MuseumFactory(name="Musée du verre", description="Verre soufflé")
    # The index directory is replaced by a file: the worker cannot write it.
    path = search_index.path
    shutil.rmtree(path, ignore_errors=True)
    Path(path).write_text("not an index")
    search_index.setup_complete = False

    run_worker()

    assert Museum.objects.filter(pk=museum.pk, description="Verre soufflé").exists()
    assert any(task.queue_name == "search" and task.status == "FAILED" for task in queue_adapter().tasks())
    Path(path).unlink()
    search_index.setup_complete = False
    call_command("rebuild_index", interactive=False, verbosity=0)
    assert search_documents(user=coordinator, query="verre souffle").count() == 1
