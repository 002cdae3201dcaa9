"""Measures of the benchmark: pages in-process, index rebuild, memory, and load on gunicorn."""

import datetime
import http.client
import os
import resource
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from machina.core.db.models import get_model

from equipment_loans.models import Booking
from extranet.models import Membership, User
from skills_directory.models import Skill

from .build import COMMON_WORD, RARE_WORD

Forum = get_model("forum", "Forum")
Topic = get_model("forum_conversation", "Topic")


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def pick_member(members):
    """An ordinary member (role member) whose museum has kit bookings."""
    ordinary = Membership.objects.filter(user__in=members, role="member", ended_at__isnull=True)
    with_booking = ordinary.filter(museum__kit_bookings__isnull=False).order_by("-user_id").first()
    return User.objects.get(pk=(with_booking or ordinary.order_by("-user_id").first()).user_id)


def key_pages(member):
    """(name, url, kind) of the pages measured; kind "search" has its own target."""
    forum = (Forum.objects.filter(type=Forum.FORUM_POST, working_group_link__isnull=True)
             .order_by("-direct_topics_count").first())
    topic = Topic.objects.filter(forum=forum).order_by("-last_post_on").first()
    museum_id = Membership.objects.filter(user=member, ended_at__isnull=True).values_list("museum_id", flat=True).first()
    booking = Booking.objects.filter(museum_id=museum_id).order_by("-pickup_date").first()
    skill = Skill.objects.filter(holders__isnull=False).order_by("pk").first()
    search = reverse("search")
    today = timezone.localdate()
    pages = [
        ("dashboard", reverse("dashboard"), "page"),
        ("forum index", "/espace/forum/", "page"),
        ("topic list", f"/espace/forum/forum/{forum.slug}-{forum.pk}/", "page"),
        ("topic page", f"/espace/forum/forum/{forum.slug}-{forum.pk}/topic/{topic.slug}-{topic.pk}/", "page"),
        (f"search, common word ({COMMON_WORD})", f"{search}?q={COMMON_WORD}", "search"),
        (f"search, rare word ({RARE_WORD})", f"{search}?q={RARE_WORD}", "search"),
        ("document library", reverse("resources:library"), "page"),
        ("museum directory", reverse("museum_list"), "page"),
        ("skills search", f"{reverse('skills_directory:directory')}?skills={skill.pk}" if skill
         else reverse("skills_directory:directory"), "page"),
        ("kit availability calendar (4 weeks)", f"{reverse('equipment_loans:availability')}?start={today:%Y-%m-%d}"
         f"&end={today + datetime.timedelta(days=28):%Y-%m-%d}", "page"),
        ("marketplace list", reverse("exchange:list"), "page"),
        ("marketplace map", reverse("exchange:map"), "page"),
    ]
    if booking is not None:
        pages.append(("booking page", reverse("equipment_loans:booking_detail", kwargs={"pk": booking.pk}), "page"))
    return pages


def measure_pages(member, pages, n):
    """Per page: status, queries of one warm request, median and p95 over n requests (ms)."""
    client = Client()
    client.force_login(member)
    rows = []
    for name, url, kind in pages:
        client.get(url)  # warm: caches filled, reading tracks written
        # CaptureQueriesContext would see 0: request_started resets the connection's query log.
        queries = []
        with connection.execute_wrapper(_counter(queries)):
            response = client.get(url)
        durations = []
        for _ in range(n):
            start = time.perf_counter()
            client.get(url)
            durations.append((time.perf_counter() - start) * 1000)
        rows.append({"name": name, "url": url, "kind": kind, "status": response.status_code,
                     "queries": len(queries), "median": statistics.median(durations), "p95": percentile(durations, 0.95)})
    return rows


def measure_first_searches(members, n):
    """The first search of each of n members of this process (their permission filter not yet
    computed): median and p95 in ms. The other search rows measure a member searching again."""
    durations = []
    for member in members[:n]:
        client = Client()
        client.force_login(member)
        start = time.perf_counter()
        response = client.get(f"{reverse('search')}?q={COMMON_WORD}")
        durations.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    return {"n": len(durations), "median": statistics.median(durations), "p95": percentile(durations, 0.95)}


def _counter(queries):
    def wrapper(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)
    return wrapper


def peak_rss_mb():
    """Peak resident memory of this process (Linux: ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_index():
    """Rebuild the whole search index kind by kind: total seconds and queries, and per kind.

    What `rebuild_index` does (clear, then `update_index` of every model), one model at a time
    so that the forum's posts get their own figure (issue #4: under 60 s, queries not growing).
    """
    from haystack import connections

    call_command("clear_index", interactive=False, verbosity=0)
    per_kind = []
    for model in connections["default"].get_unified_index().get_indexed_models():
        label = f"{model._meta.app_label}.{model.__name__}"
        queries = []
        with connection.execute_wrapper(_counter(queries)):
            start = time.perf_counter()
            call_command("update_index", label, verbosity=0)
            elapsed = time.perf_counter() - start
        per_kind.append({"label": label, "name": str(model._meta.verbose_name_plural),
                         "objects": model._default_manager.count(), "seconds": elapsed, "queries": len(queries)})
    return sum(row["seconds"] for row in per_kind), sum(row["queries"] for row in per_kind), per_kind


def session_cookies(users):
    """A signed-in session per simulated member, made through the configured session store."""
    cookies = []
    for user in users:
        client = Client()
        client.force_login(user)
        cookies.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    return cookies


def _children(pid):
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _vm_hwm_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def load_test(cookies, urls, *, duration=30.0, think=1.0, port=8765, workers=5):
    """20 (len(cookies)) members browsing their `urls` (one list per member) at once against gunicorn on loopback for
    `duration` seconds, `think` seconds between two pages of one member. Stops by itself."""
    env = dict(os.environ, DJANGO_SETTINGS_MODULE=os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.dev"))
    # Kept database connections, as production has them (the dev settings drop them for runserver).
    env.setdefault("DATABASE_CONN_MAX_AGE", "60")
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--timeout", "60", "--log-level", "warning"],
        env=env, cwd=settings.BASE_DIR, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/healthz")
                conn.getresponse().read()
                break
            except OSError:
                if gunicorn.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("gunicorn did not start: " + gunicorn.stderr.read().decode()[-2000:]) from None
                time.sleep(0.5)
        for url in urls[0]:  # each worker imports lazily: warm them a little
            for cookie in cookies[:1] * workers:
                _get(port, url, cookie)
        durations, errors, lock = [], [], threading.Lock()
        stop_at = time.monotonic() + duration

        def member(i, cookie):
            k = i
            mine = urls[i]
            while time.monotonic() < stop_at:
                url = mine[k % len(mine)]
                k += 1
                start = time.perf_counter()
                try:
                    status = _get(port, url, cookie)
                    ok = status == 200
                except Exception as exc:  # noqa: BLE001 - every failure is an error of the run
                    status, ok = repr(exc), False
                elapsed = (time.perf_counter() - start) * 1000
                with lock:
                    durations.append(elapsed)
                    if not ok:
                        errors.append((url, status))
                time.sleep(think)

        started = time.monotonic()
        threads = [threading.Thread(target=member, args=(i, c), daemon=True) for i, c in enumerate(cookies)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(duration + 120)
        wall = time.monotonic() - started
        worker_mb = max((_vm_hwm_mb(pid) for pid in _children(gunicorn.pid)), default=0.0)
        return {"requests": len(durations), "rps": len(durations) / wall, "median": statistics.median(durations),
                "p95": percentile(durations, 0.95), "errors": errors, "worker_peak_mb": worker_mb,
                "users": len(cookies), "duration": duration, "think": think, "workers": workers}
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        try:
            gunicorn.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(gunicorn.pid, signal.SIGKILL)


def _get(port, url, cookie):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    url = quote(url, safe="/?=&-_.~%")
    try:
        conn.request("GET", url, headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}", "Host": "127.0.0.1"})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()
