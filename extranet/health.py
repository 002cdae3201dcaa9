"""`/healthz`: is this instance able to serve? For load balancers and monitoring.

Reports the database, the cache, the search index and the task queue; answers 503 when
one of them is down. It says nothing about the data itself.
"""

from datetime import timedelta

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

QUEUE_STALLED_AFTER = timedelta(minutes=15)


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True}


def _cache():
    cache.set("healthz", "ok", 10)
    return {"ok": cache.get("healthz") == "ok"}


def _search():
    from haystack import connections

    backend = connections["default"].get_backend()
    backend.search("healthz", end_offset=1)
    return {"ok": True}


def _tasks():
    from .task_queue import queue_state

    state = queue_state()
    # Waiting too long: no worker is running. RUNNING for longer than any task takes: its worker
    # died (requeue_stale_tasks puts it back). Same answer for the database queue and RQ.
    stalled = state.oldest_waiting is not None and timezone.now() - state.oldest_waiting > QUEUE_STALLED_AFTER
    return {"ok": not stalled and not state.stuck, "waiting": state.waiting, "stuck": state.stuck}


@login_not_required
@never_cache
def healthz(request):
    report = {}
    for name, check in (("database", _database), ("cache", _cache), ("search", _search), ("tasks", _tasks)):
        try:
            report[name] = check()
        except Exception as error:  # a health check reports failures, it never raises
            report[name] = {"ok": False, "error": error.__class__.__name__}
    healthy = all(part["ok"] for part in report.values())
    return JsonResponse({"ok": healthy, **report}, status=200 if healthy else 503)
