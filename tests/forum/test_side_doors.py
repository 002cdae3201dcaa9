"""machina's side doors to a forum (its topic feeds, "mark as read") keep a working group's
private forum as closed as its own pages: 404 to members outside the group, sign in first for
visitors, nothing of it in the network-wide feed."""

import pytest
from django.urls import reverse
from machina.core.db.models import get_model

from .conftest import make_topic

ForumReadTrack = get_model("forum_tracking", "ForumReadTrack")
TopicReadTrack = get_model("forum_tracking", "TopicReadTrack")

SIDE_DOORS = {
    "forum feed": lambda forum: reverse("forum_feeds:forum_latest_topics", kwargs={"forum_slug": forum.slug, "forum_pk": forum.pk}),
    "forum and sub-forums feed": lambda forum: reverse(
        "forum_feeds:forum_latest_topics_with_descendants", kwargs={"forum_slug": forum.slug, "forum_pk": forum.pk}
    ),
    "mark forums read": lambda forum: reverse("forum_tracking:mark_subforums_read", kwargs={"pk": forum.pk}),
    "mark topics read": lambda forum: reverse("forum_tracking:mark_topics_read", kwargs={"pk": forum.pk}),
}


@pytest.fixture
def private_topic(group_forum, insider):
    return make_topic(group_forum, insider, subject="Migration de la base", content="Message privé")


@pytest.mark.parametrize("door", sorted(SIDE_DOORS))
def test_a_member_outside_the_group_gets_404_through_machinas_side_doors(client, outsider, group_forum, private_topic, door):
    url = SIDE_DOORS[door](group_forum)
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert not ForumReadTrack.objects.filter(user=outsider).exists()
    assert not TopicReadTrack.objects.filter(user=outsider).exists()


@pytest.mark.parametrize("door", sorted(SIDE_DOORS))
def test_a_visitor_is_sent_to_sign_in_at_machinas_side_doors(client, group_forum, private_topic, door):
    url = SIDE_DOORS[door](group_forum)
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("door", sorted(SIDE_DOORS))
def test_the_groups_members_still_use_the_side_doors(client, insider, group_forum, private_topic, door):
    client.force_login(insider)
    assert client.get(SIDE_DOORS[door](group_forum)).status_code == 200


def test_a_groups_feed_lists_its_topics_to_its_members(client, insider, group_forum, private_topic):
    client.force_login(insider)
    assert private_topic.subject in client.get(SIDE_DOORS["forum feed"](group_forum)).content.decode()


def test_marking_a_private_forum_read_works_for_its_members(client, insider, group_forum, private_topic):
    client.force_login(insider)
    assert client.post(SIDE_DOORS["mark topics read"](group_forum)).status_code == 302
    assert ForumReadTrack.objects.filter(user=insider, forum=group_forum).exists()


def test_the_network_feed_shows_outsiders_no_private_topic(client, outsider, insider, theme_forum, private_topic):
    public = make_topic(theme_forum, insider, subject="Hygrométrie des réserves")
    client.force_login(outsider)
    body = client.get(reverse("forum_feeds:latest_topics")).content.decode()
    assert public.subject in body
    assert private_topic.subject not in body
    client.force_login(insider)
    assert private_topic.subject in client.get(reverse("forum_feeds:latest_topics")).content.decode()


def test_the_unread_topics_page_shows_outsiders_no_private_topic(client, outsider, insider, theme_forum, private_topic):
    public = make_topic(theme_forum, insider, subject="Hygrométrie des réserves")
    client.force_login(outsider)
    body = client.get(reverse("forum_tracking:unread_topics")).content.decode()
    assert public.subject in body
    assert private_topic.subject not in body
