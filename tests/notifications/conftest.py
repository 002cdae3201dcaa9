import pytest
from django.core.management import call_command


def run_queue():
    """Run every queued background task, as the worker started by `make run` would."""
    call_command(
        "db_worker", batch=True, reload=False, startup_delay=False, interval=0, queue_name="*", verbosity=0
    )


@pytest.fixture
def queue():
    return run_queue
