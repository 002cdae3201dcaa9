"""Forum fixtures: the network's forums as load_demo makes them, members made through the
membership services (so forum permissions follow, as in real use)."""

import pytest
from machina.core.db.models import get_model

from extranet import services as extranet_services
from extranet.models import GroupRole
from forum import services
from forum.services import working_group_forum_ensure
from tests.factories import WorkingGroupFactory, make_coordinator, make_member

Forum = get_model("forum", "Forum")
Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")


@pytest.fixture
def forums(db):
    services.network_forums_ensure()
    return Forum.objects.filter(type=Forum.FORUM_POST)


@pytest.fixture
def theme_forum(forums):
    return Forum.objects.get(name="Conservation préventive")


@pytest.fixture
def working_group(db):
    return WorkingGroupFactory(name="Inventaire informatisé", slug="inventaire-informatise")


@pytest.fixture
def group_forum(forums, working_group):
    return working_group_forum_ensure(group=working_group)


@pytest.fixture
def insider(museum_a, working_group, group_forum):
    user = make_member(museum_a, first_name="Hélène", last_name="Dupont")
    extranet_services.working_group_join(group=working_group, user=user, by=None)
    return user


@pytest.fixture
def outsider(museum_b, group_forum):
    return make_member(museum_b, first_name="Sophie", last_name="Lambert")


@pytest.fixture
def lead(museum_a, working_group, group_forum):
    user = make_member(museum_a, first_name="Marc", last_name="Leroy")
    extranet_services.working_group_join(group=working_group, user=user, role=GroupRole.LEAD, by=None)
    return user


@pytest.fixture
def coordinator(forums):
    return make_coordinator(first_name="Claire", last_name="Coord")


def make_topic(forum, user, subject="Un sujet", content="Un message", replies=0, repliers=None):
    """A topic with its first post and `replies` answers, as machina's views would save them."""
    topic = Topic.objects.create(forum=forum, subject=subject, poster=user, type=Topic.TOPIC_POST, status=Topic.TOPIC_UNLOCKED)
    Post.objects.create(topic=topic, poster=user, subject=subject, content=content, approved=True)
    for i in range(replies):
        poster = repliers[i % len(repliers)] if repliers else user
        Post.objects.create(topic=topic, poster=poster, subject=f"Re: {subject}", content=f"Réponse {i}", approved=True)
    topic.refresh_from_db()
    return topic


def topic_url(topic):
    return f"/espace/forum/forum/{topic.forum.slug}-{topic.forum_id}/topic/{topic.slug}-{topic.pk}/"


def forum_url(forum):
    return f"/espace/forum/forum/{forum.slug}-{forum.pk}/"
