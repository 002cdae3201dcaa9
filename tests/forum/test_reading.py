"""What is new since a member's last visit (machina's reading tracker, in forum_tracking/handler.py
with fewer queries): unread topics and forums marked, the "unread topics" list."""

import pytest
from django.urls import reverse
from machina.core.db.models import get_model

from tests.factories import make_member

from .conftest import Forum, forum_url, make_topic, topic_url

ForumReadTrack = get_model("forum_tracking", "ForumReadTrack")
TopicReadTrack = get_model("forum_tracking", "TopicReadTrack")


@pytest.fixture
def three_topics(theme_forum, museum_b):
    author = make_member(museum_b)
    return [make_topic(theme_forum, author, subject=f"Question {i}", replies=1) for i in range(3)]


@pytest.fixture
def reader(client, member_a):
    client.force_login(member_a)
    return client


def unread_topics(client, forum):
    return {t.pk for t in client.get(forum_url(forum)).context["unread_topics"]}


def unread_forums(client):
    return {f.pk for f in client.get("/espace/forum/").context["unread_forums"]}


def unread_list(client):
    return {t.pk for t in client.get(reverse("forum_tracking:unread_topics")).context["topics"]}


def reply(topic, user, text="Une réponse"):
    topic.posts.create(poster=user, subject=f"Re: {topic.subject}", content=text, approved=True)


def test_every_topic_is_new_to_a_member_who_has_read_nothing(reader, theme_forum, three_topics):
    expected = {t.pk for t in three_topics}
    assert unread_topics(reader, theme_forum) == expected
    assert theme_forum.pk in unread_forums(reader)
    assert theme_forum.parent_id in unread_forums(reader)
    assert unread_list(reader) == expected


def test_a_topic_opened_is_no_longer_new_and_the_others_still_are(reader, theme_forum, three_topics):
    reader.get(topic_url(three_topics[0]))
    assert unread_topics(reader, theme_forum) == {three_topics[1].pk, three_topics[2].pk}
    assert unread_list(reader) == {three_topics[1].pk, three_topics[2].pk}
    assert theme_forum.pk in unread_forums(reader)


def test_once_every_topic_is_opened_the_forum_is_read(reader, member_a, theme_forum, three_topics):
    for topic in three_topics:
        reader.get(topic_url(topic))
    assert unread_topics(reader, theme_forum) == set()
    assert theme_forum.pk not in unread_forums(reader)
    assert theme_forum.parent_id not in unread_forums(reader)
    assert unread_list(reader) == set()
    # machina's bookkeeping: one forum track replaces the topic tracks.
    assert ForumReadTrack.objects.filter(user=member_a, forum=theme_forum).exists()
    assert not TopicReadTrack.objects.filter(user=member_a, topic__forum=theme_forum).exists()


def test_a_colleagues_reply_makes_a_read_topic_new_again(reader, theme_forum, three_topics, museum_b):
    for topic in three_topics:
        reader.get(topic_url(topic))
    reply(three_topics[1], make_member(museum_b))
    assert unread_topics(reader, theme_forum) == {three_topics[1].pk}
    assert theme_forum.pk in unread_forums(reader)
    assert unread_list(reader) == {three_topics[1].pk}
    reader.get(topic_url(three_topics[1]))
    assert unread_topics(reader, theme_forum) == set()
    assert theme_forum.pk not in unread_forums(reader)


def test_a_new_topic_in_a_forum_marked_read_is_new_until_opened(reader, member_a, theme_forum, three_topics, museum_b):
    assert reader.post(reverse("forum_tracking:mark_topics_read", args=[theme_forum.pk])).status_code == 302
    assert unread_topics(reader, theme_forum) == set()
    fresh = make_topic(theme_forum, make_member(museum_b), subject="Tout nouveau")
    assert unread_topics(reader, theme_forum) == {fresh.pk}
    assert theme_forum.pk in unread_forums(reader)
    reader.get(topic_url(fresh))
    assert unread_topics(reader, theme_forum) == set()
    assert theme_forum.pk not in unread_forums(reader)


def test_reading_a_topic_twice_keeps_one_track(reader, member_a, theme_forum, three_topics):
    reader.get(topic_url(three_topics[0]))
    reader.get(topic_url(three_topics[0]), {"page": 1})
    assert TopicReadTrack.objects.filter(user=member_a, topic=three_topics[0]).count() == 1


def test_reading_in_one_forum_leaves_the_other_forums_new(reader, theme_forum, three_topics, museum_b):
    other = Forum.objects.get(name="Numérique")
    elsewhere = make_topic(other, make_member(museum_b), subject="Ailleurs")
    for topic in three_topics:
        reader.get(topic_url(topic))
    assert unread_forums(reader) >= {other.pk}
    assert theme_forum.pk not in unread_forums(reader)
    assert unread_list(reader) == {elsewhere.pk}
