"""Real concurrent work for the tests of the booking guarantees."""

import threading

from django.db import connections


def run_at_once(count, work, *, join_timeout=180):
    """Run `work(i)` in `count` threads released together; returns results and exceptions."""
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def target(i):
        try:
            barrier.wait(timeout=30)
            results[i] = work(i)
        except Exception as error:  # noqa: BLE001 - every failure is reported by the test
            errors.append(error)
        finally:
            connections.close_all()  # each thread had its own connection

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=join_timeout)
    return results, errors
