import pytest
from django.core.management import call_command


def run_queue():
    """Run every queued background task, as the worker started by `make run` would."""
    call_command("task_worker", batch=True, verbosity=0)


@pytest.fixture
def queue():
    return run_queue
