"""The forum index, a topic list and a topic page each run at most 12 SQL queries, whatever
the number of forums, topics, posts and authors (stock machina: 13 / 17 / 22)."""

import pytest

from tests.factories import make_member

from .conftest import forum_url, make_topic, topic_url

BUDGET = 12


@pytest.fixture
def busy_forum(theme_forum, museum_a, member_a):
    authors = [make_member(museum_a) for _ in range(6)]
    topics = [make_topic(theme_forum, authors[i % 6], subject=f"Sujet {i}", replies=3, repliers=authors) for i in range(25)]
    return theme_forum, topics


def warm(client, url):
    # The first visit records the member's reading (machina's tracking writes); measure the next.
    client.get(url)


def test_the_forum_index_stays_within_budget(client, member_a, busy_forum, django_assert_max_num_queries):
    client.force_login(member_a)
    warm(client, "/espace/forum/")
    with django_assert_max_num_queries(BUDGET):
        assert client.get("/espace/forum/").status_code == 200


def test_a_topic_list_stays_within_budget(client, member_a, busy_forum, django_assert_max_num_queries):
    forum, _topics = busy_forum
    client.force_login(member_a)
    warm(client, forum_url(forum))
    with django_assert_max_num_queries(BUDGET):
        assert client.get(forum_url(forum)).status_code == 200
    with django_assert_max_num_queries(BUDGET):
        assert client.get(forum_url(forum), {"page": 2}).status_code == 200


def test_a_topic_page_stays_within_budget(client, member_a, theme_forum, museum_a, django_assert_max_num_queries):
    authors = [make_member(museum_a) for _ in range(8)]
    topic = make_topic(theme_forum, authors[0], subject="Long sujet", replies=40, repliers=authors)
    client.force_login(member_a)
    warm(client, topic_url(topic))
    with django_assert_max_num_queries(BUDGET):
        assert client.get(topic_url(topic)).status_code == 200
    with django_assert_max_num_queries(BUDGET):
        assert client.get(topic_url(topic), {"page": 3}).status_code == 200
