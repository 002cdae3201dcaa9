"""The forum index, a topic list and a topic page each run at most 12 SQL queries, whatever the
number of forums, topics, posts and authors, and whatever the member has read: on their very
first visit (nothing read, nothing cached), once they have read, and on later pages
(stock machina: 13 / 17 / 22, and more as its reading tracker meets unread forums and topics)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum.machina_apps.forum_permission.handler import permissions_changed
from tests.factories import make_member

from .conftest import Forum, forum_url, make_topic, topic_url

BUDGET = 12
PAGES = ("index", "topic list", "topic list, page 2", "topic page", "topic page, page 3")


def grow(forums, authors, *, first, others, replies=2):
    """`first` topics in the first of `forums`, `others` in each other one, by turns of `authors`;
    the first forum's last topic is long (three pages)."""
    for n, forum in enumerate(forums):
        for i in range(first if n == 0 else others):
            make_topic(forum, authors[i % len(authors)], subject=f"{forum.name} {i}", replies=replies, repliers=authors)
    return make_topic(forums[0], authors[0], subject="Long sujet", replies=40, repliers=authors)


def urls(forum, topic):
    return {
        "index": ("/espace/forum/", {}),
        "topic list": (forum_url(forum), {}),
        "topic list, page 2": (forum_url(forum), {"page": 2}),
        "topic page": (topic_url(topic), {}),
        "topic page, page 3": (topic_url(topic), {"page": 3}),
    }


def count_queries(client, url, data=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, data or {})
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.fixture
def network_forums(forums):
    first = Forum.objects.get(name="Conservation préventive")
    return [first, *forums.exclude(pk=first.pk).exclude(working_group_link__isnull=False).order_by("pk")]


@pytest.fixture
def busy_forums(network_forums, museum_a, museum_b):
    authors = [make_member(museum_a if i % 2 else museum_b) for i in range(8)]
    long_topic = grow(network_forums, authors, first=24, others=6)
    return network_forums[0], long_topic


def member_client(client, museum):
    client.force_login(make_member(museum))
    return client


@pytest.mark.parametrize("page", PAGES)
def test_each_page_stays_within_budget_on_a_members_first_visit(
    client, museum_a, busy_forums, page, django_assert_max_num_queries
):
    """Nothing read, nothing cached: the request is the member's very first."""
    forum, long_topic = busy_forums
    member_client(client, museum_a)
    url, data = urls(forum, long_topic)[page]
    with django_assert_max_num_queries(BUDGET):
        assert client.get(url, data).status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_each_page_stays_within_budget_once_the_member_has_read(
    client, museum_a, busy_forums, page, django_assert_max_num_queries
):
    forum, long_topic = busy_forums
    member_client(client, museum_a)
    for topic in forum.topics.all():
        client.get(topic_url(topic))
    url, data = urls(forum, long_topic)[page]
    client.get(url, data)
    with django_assert_max_num_queries(BUDGET):
        assert client.get(url, data).status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_each_page_stays_within_budget_when_new_posts_follow_a_read_forum(
    client, museum_a, museum_b, busy_forums, page, django_assert_max_num_queries
):
    """The member marked the forum read, then colleagues posted: the reading tracker re-examines
    it; and a membership changed meanwhile, so the member's permissions are computed again."""
    forum, long_topic = busy_forums
    member_client(client, museum_a)
    assert client.post(reverse("forum_tracking:mark_topics_read", args=[forum.pk])).status_code == 302
    author = make_member(museum_b)
    for topic in list(forum.topics.order_by("pk"))[::5]:
        make_topic(forum, author, subject=f"Nouveau après {topic.pk}")
        topic.posts.create(poster=author, subject="Re", content="Du nouveau", approved=True)
    permissions_changed()
    url, data = urls(forum, long_topic)[page]
    with django_assert_max_num_queries(BUDGET):
        assert client.get(url, data).status_code == 200


def test_the_number_of_queries_does_not_grow_with_forums_topics_and_authors(client, museum_a, museum_b, network_forums):
    few_authors = [make_member(museum_a) for _ in range(2)]
    long_topic = grow(network_forums[:2], few_authors, first=22, others=5)
    forum = network_forums[0]

    def first_visits():
        visitor = member_client(type(client)(), museum_a)
        return {page: count_queries(visitor, url, data) for page, (url, data) in urls(forum, long_topic).items()}

    def warm_visits():
        visitor = member_client(type(client)(), museum_a)
        for topic in forum.topics.all():
            visitor.get(topic_url(topic))
        counts = {}
        for page, (url, data) in urls(forum, long_topic).items():
            visitor.get(url, data)
            counts[page] = count_queries(visitor, url, data)
        return counts

    small_first, small_warm = first_visits(), warm_visits()

    many_authors = [make_member(museum_a if i % 2 else museum_b) for i in range(10)]
    grow(network_forums, many_authors, first=10, others=10)
    for post in long_topic.posts.order_by("pk")[:10]:
        post.topic.posts.create(poster=many_authors[0], subject="Re", content="Encore", approved=True)

    assert first_visits() == small_first
    assert warm_visits() == small_warm
    assert max(small_first.values()) <= BUDGET and max(small_warm.values()) <= BUDGET
