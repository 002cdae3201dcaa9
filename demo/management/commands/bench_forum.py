"""Benchmark of the forum on a large data set (docs/benchmarks.md).

Builds 20,000 posts in 2,000 topics written by 300 members with bulk inserts (machina's
counters recomputed afterwards), then measures, signed in as an ordinary member through
django.test.Client in-process: the forum index, a topic list and a topic page (queries,
median and 95th percentile over --requests requests), and a full rebuild of the search index.
Run it on a throwaway database: it refuses a database that already has forum posts.

    EXTRANET_VAR_DIR=$(mktemp -d) DJANGO_SETTINGS_MODULE=config.settings.test sh -c \\
      '.venv/bin/python manage.py migrate -v0 && .venv/bin/python manage.py bench_forum'
"""

import statistics
import time

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count, Max, Min, OuterRef, Subquery
from django.test import Client
from django.utils import timezone
from machina.core.db.models import get_model

from extranet.models import Membership, Museum, Profile, User
from forum import services

Forum = get_model("forum", "Forum")
ForumProfile = get_model("forum_member", "ForumProfile")
Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")

STOCK = {"index": (13, 48), "topic list": (17, 113), "topic page": (22, 58)}  # machina, 2,000 posts (DESIGN.md)


class Command(BaseCommand):
    help = "Build a large forum with bulk inserts and measure its pages and its indexing."

    def add_arguments(self, parser):
        parser.add_argument("--posts", type=int, default=20_000)
        parser.add_argument("--topics", type=int, default=2_000)
        parser.add_argument("--members", type=int, default=300)
        parser.add_argument("--requests", type=int, default=30)
        parser.add_argument("--skip-index", action="store_true")

    def handle(self, *args, **options):
        if Post.objects.exists():
            raise CommandError("The database already has forum posts: run the benchmark on a throwaway database.")
        started = time.perf_counter()
        members = self.build(options["members"], options["topics"], options["posts"])
        self.stdout.write(f"Built {Post.objects.count()} posts in {Topic.objects.count()} topics by "
                          f"{len(members)} members in {time.perf_counter() - started:.1f} s.")
        rows = self.measure_pages(members[-1], options["requests"])
        if not options["skip_index"]:
            rows.append(self.measure_indexing())
        self.print_table(rows, options)

    # --- data -----------------------------------------------------------------------------

    def build(self, n_members, n_topics, n_posts):
        services.network_forums_ensure()
        museum = Museum.objects.create(name="Musée du banc d'essai", slug="banc-essai", city="Lille",
                                       department="Nord", department_code="59")
        users = User.objects.bulk_create([
            User(username=f"bench{i}@bench.example", email=f"bench{i}@bench.example", first_name=f"Prénom{i}",
                 last_name=f"Nom{i}", password="!") for i in range(n_members)
        ])
        Profile.objects.bulk_create([Profile(user=u) for u in users])
        Membership.objects.bulk_create([Membership(user=u, museum=museum) for u in users])
        members_group = Group.objects.get(name=services.MEMBERS_GROUP)
        User.groups.through.objects.bulk_create([User.groups.through(user=u, group=members_group) for u in users])
        forums = list(Forum.objects.filter(type=Forum.FORUM_POST, working_group_link__isnull=True))
        now = timezone.now()
        topics = Topic.objects.bulk_create([
            Topic(forum=forums[i % len(forums)], poster=users[i % n_members], subject=f"Sujet de test {i}",
                  slug=f"sujet-de-test-{i}", type=Topic.TOPIC_POST, status=Topic.TOPIC_UNLOCKED, approved=True)
            for i in range(n_topics)
        ], batch_size=500)
        per_topic = n_posts // n_topics
        posts = []
        for t, topic in enumerate(topics):
            for p in range(per_topic):
                posts.append(Post(
                    topic=topic, poster=users[(t + p) % n_members], subject=f"Re: {topic.subject}",
                    content=f"Réponse {p} sur la **conservation préventive** des collections, vitrines et réserves ({t}).",
                    approved=True, created=now - timezone.timedelta(minutes=(n_topics - t) * per_topic - p),
                ))
        Post.objects.bulk_create(posts, batch_size=1000)
        # machina's denormalised counters, recomputed in a few statements instead of per post.
        approved = Post.objects.filter(topic=OuterRef("pk"), approved=True).values("topic")
        Topic.objects.update(
            posts_count=Subquery(approved.annotate(n=Count("pk")).values("n")),
            first_post_id=Subquery(approved.annotate(m=Min("pk")).values("m")),
            last_post_id=Subquery(approved.annotate(m=Max("pk")).values("m")),
            last_post_on=Subquery(approved.annotate(m=Max("created")).values("m")),
        )
        for forum in Forum.objects.all():
            forum.update_trackers()
        counts = dict(Post.objects.values_list("poster").annotate(n=Count("pk")))
        ForumProfile.objects.bulk_create([ForumProfile(user=u, posts_count=counts.get(u.pk, 0)) for u in users])
        return users

    # --- measures -------------------------------------------------------------------------

    def _time(self, client, url, n):
        client.get(url)  # warm: reading tracks written, caches filled
        counted = []
        with connection.execute_wrapper(lambda execute, sql, *args: counted.append(sql) or execute(sql, *args)):
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        durations = []
        for _ in range(n):
            start = time.perf_counter()
            client.get(url)
            durations.append((time.perf_counter() - start) * 1000)
        durations.sort()
        p95 = durations[min(len(durations) - 1, int(round(0.95 * (len(durations) - 1))))]
        return len(counted), statistics.median(durations), p95

    def measure_pages(self, member, n):
        client = Client()
        client.force_login(member)
        forum = Forum.objects.filter(type=Forum.FORUM_POST, working_group_link__isnull=True).order_by("-direct_topics_count").first()
        topic = Topic.objects.filter(forum=forum).order_by("-last_post_on").first()
        pages = {
            "index": "/espace/forum/",
            "topic list": f"/espace/forum/forum/{forum.slug}-{forum.pk}/",
            "topic page": f"/espace/forum/forum/{forum.slug}-{forum.pk}/topic/{topic.slug}-{topic.pk}/",
        }
        return [(name, *self._time(client, url, n)) for name, url in pages.items()]

    def measure_indexing(self):
        counted = []
        with connection.execute_wrapper(lambda execute, sql, *args: counted.append(sql) or execute(sql, *args)):
            start = time.perf_counter()
            call_command("rebuild_index", interactive=False, verbosity=0)
            elapsed = time.perf_counter() - start
        return ("index rebuild (all kinds)", len(counted), elapsed * 1000, None)

    def print_table(self, rows, options):
        self.stdout.write("")
        self.stdout.write(f"{options['posts']:,} posts, {options['topics']:,} topics, {options['members']} members; "
                          f"{options['requests']} requests per page, signed in as a member.")
        self.stdout.write("")
        self.stdout.write("| measure | queries | median | p95 | stock machina (2,000 posts) | target |")
        self.stdout.write("| --- | ---: | ---: | ---: | --- | --- |")
        for name, n_queries, median, p95 in rows:
            if p95 is None:
                self.stdout.write(
                    f"| {name} | {n_queries} | {median / 1000:.1f} s | | 3 queries per post, 13.6 s for 2,000 "
                    "| < 60 s, queries not growing per post |"
                )
                continue
            stock_q, stock_ms = STOCK[name]
            self.stdout.write(
                f"| {name} | {n_queries} | {median:.1f} ms | {p95:.1f} ms | {stock_q} queries, {stock_ms} ms "
                f"| ≤ 12 queries, ≤ {stock_ms / 2:.0f} ms |"
            )
