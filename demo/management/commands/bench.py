"""`manage.py bench --scale region|country`: the benchmark of the members' space (docs/benchmarks.md).

Builds the data set of the scale on an EMPTY, throwaway database (after `migrate`), rebuilds the
search index, measures the key pages in-process as an ordinary member, then 20 members browsing
at once against gunicorn on loopback; writes one markdown table to --output and prints it.
`make bench` runs it on var/bench/ (SQLite); the country scale wants PostgreSQL (DATABASE_URL).
"""

import datetime
import platform
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from machina.core.db.models import get_model

from demo.bench import build, measure
from extranet.models import User

Post = get_model("forum_conversation", "Post")

PAGE_TARGET_MS, SEARCH_TARGET_MS, INDEX_TARGET_S, LOAD_TARGET_MS = 100, 50, 120, 300
POSTS_INDEX_TARGET_S = 60


class Command(BaseCommand):
    help = "Build the region or country data set with bulk inserts and measure the key pages."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(build.SCALES), default="region")
        parser.add_argument("--output", help="Markdown file of the results (default: var/bench/results-SCALE.md).")
        parser.add_argument("--requests", type=int, default=30, help="Timed requests per page (at least 30).")
        parser.add_argument("--users", type=int, default=20, help="Simulated members of the load test.")
        parser.add_argument("--duration", type=float, default=30.0, help="Seconds of the load test.")
        parser.add_argument("--think", type=float, default=1.0, help="Seconds between two pages of one member.")
        parser.add_argument("--skip-index", action="store_true", help="No rebuild_index (search pages then find nothing).")
        parser.add_argument("--skip-load", action="store_true", help="No gunicorn load test.")
        parser.add_argument("--load-without-search", action="store_true",
                            help="Leave the two search pages out of the load test (to see the rest alone).")
        parser.add_argument("--measure-only", action="store_true",
                            help="Measure the data set already built by an earlier run (no build).")

    def handle(self, *args, **options):
        scale = options["scale"]
        if options["measure_only"]:
            members = list(User.objects.filter(email__endswith="@bench.example").order_by("pk"))
            if not members:
                raise CommandError("No data set here: run without --measure-only first.")
            timings = {"total": 0.0}
        else:
            if Post.objects.exists():
                raise CommandError("The database already has forum posts: run the benchmark on a throwaway database "
                                   "(make bench does: var/bench/).")
            self.stdout.write(f"Building the {scale} data set…")
            built = build.build(scale, log=self.stdout.write)
            members, timings = built["members"], built["timings"]
            self.stdout.write(f"Built in {timings['total']:.1f} s.")
        index = None
        if not options["skip_index"]:
            self.stdout.write("Rebuilding the search index…")
            index = measure.measure_index()
            self.stdout.write(f"  {index[0]:.1f} s")
        member = measure.pick_member(members)
        pages = measure.key_pages(member)
        self.stdout.write(f"Measuring {len(pages)} pages as {member.email}…")
        rows = measure.measure_pages(member, pages, max(options["requests"], 1))
        first_searches = measure.measure_first_searches([m for m in members if m.pk != member.pk], options["requests"])
        rss = measure.peak_rss_mb()
        load = None
        if not options["skip_load"]:
            self.stdout.write(f"Load: {options['users']} members for {options['duration']:.0f} s against gunicorn…")
            browsing = [m for m in members if m.pk != member.pk][: options["users"]]
            cookies = measure.session_cookies(browsing)
            # Each member browses the same pages, but its own museum's booking (another's is a 404).
            keep = ("page",) if options["load_without_search"] else ("page", "search")
            urls = [[url for _name, url, kind in measure.key_pages(m) if kind in keep] for m in browsing]
            load = measure.load_test(cookies, urls, duration=options["duration"], think=options["think"])
        if options["measure_only"]:
            self.stdout.write("(measured an existing data set: no build time)")
        report = self.report(scale, options, timings, rows, index, rss, load, first_searches)
        output = Path(options["output"] or settings.VAR_DIR / f"results-{scale}.md")
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(report)
        self.stdout.write("")
        self.stdout.write(report)
        self.stdout.write(f"Written to {output}")

    def report(self, scale, options, timings, rows, index, rss, load, first_searches):
        size = build.SCALES[scale]
        counts = ", ".join(f"{v:,} {k}" for k, v in size.items())
        lines = [
            f"### {scale} scale — {datetime.date.today():%Y-%m-%d}, {connection.vendor}, "
            f"{platform.machine()} {_cpus()} cores, Python {platform.python_version()}",
            "",
            f"Data set: {counts}. " + (
                f"Built in {timings['total']:.0f} s ({', '.join(f'{k} {v:.0f} s' for k, v in timings.items() if k != 'total')})."
                if not options["measure_only"] else "Built by an earlier run (--measure-only)."),
            f"Pages: in-process django.test.Client, signed in as an ordinary member; queries of one warm request, "
            f"median and p95 over {options['requests']} requests. DEBUG={settings.DEBUG}.",
            "",
            "| measure | queries | median | p95 | target | result |",
            "| --- | ---: | ---: | ---: | --- | --- |",
        ]
        for row in rows:
            target = SEARCH_TARGET_MS if row["kind"] == "search" else PAGE_TARGET_MS
            ok = row["status"] == 200 and row["p95"] <= target
            status = "" if row["status"] == 200 else f" (HTTP {row['status']})"
            lines.append(f"| {row['name']}{status} | {row['queries']} | {row['median']:.1f} ms | {row['p95']:.1f} ms "
                         f"| p95 ≤ {target} ms | {'pass' if ok else 'FAIL'} |")
        first = first_searches
        lines.append(f"| search, common word, each member's first search ({first['n']} members) | | "
                     f"{first['median']:.1f} ms | {first['p95']:.1f} ms | p95 ≤ {SEARCH_TARGET_MS} ms | "
                     f"{'pass' if first['p95'] <= SEARCH_TARGET_MS else 'FAIL'} |")
        if index is not None:
            seconds, n_queries, per_kind = index
            lines.append(f"| search index rebuild (clear, then update_index of every kind) | {n_queries} | {seconds:.1f} s | "
                         f"| < {INDEX_TARGET_S} s | {'pass' if seconds < INDEX_TARGET_S else 'FAIL'} |")
            for row in per_kind:
                posts = row["label"].endswith(".Post")
                target = f"< {POSTS_INDEX_TARGET_S} s (forum issue)" if posts else ""
                result = ("pass" if row["seconds"] < POSTS_INDEX_TARGET_S else "FAIL") if posts else ""
                lines.append(f"| — of which {row['name']} ({row['objects']:,}) | {row['queries']} | {row['seconds']:.1f} s "
                             f"| | {target} | {result} |")
        else:
            lines.append("| search index rebuild | | not run | | < 120 s | not measured |")
        lines.append(f"| peak memory, measuring process (ru_maxrss) | | {rss:.0f} MB | | | |")
        if load is not None:
            errors = len(load["errors"])
            ok = errors == 0 and load["p95"] < LOAD_TARGET_MS
            pages = "key pages but search" if options["load_without_search"] else "all key pages"
            lines.append(f"| load ({pages}): {load['users']} members, {load['duration']:.0f} s, {load['think']:.1f} s think time, "
                         f"gunicorn {load['workers']} sync workers — {load['requests']} requests, "
                         f"{load['rps']:.1f} req/s, {errors} errors | | {load['median']:.1f} ms | {load['p95']:.1f} ms "
                         f"| p95 < {LOAD_TARGET_MS} ms, 0 errors | {'pass' if ok else 'FAIL'} |")
            lines.append(f"| peak memory of one gunicorn worker (VmHWM) | | {load['worker_peak_mb']:.0f} MB | | | |")
            if errors:
                lines.append("")
                lines.append("Errors (first 5): " + "; ".join(f"{u} → {s}" for u, s in load["errors"][:5]))
        else:
            lines.append("| load | | not run | | p95 < 300 ms, 0 errors | not measured |")
        return "\n".join(lines) + "\n"


def _cpus():
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


