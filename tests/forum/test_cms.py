"""The forums run from `/cms/` by coordinators: create, rename, move, close and reopen a forum, with
machina's permissions following where the forum stands, and nothing ever deleted."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse
from machina.core.loading import get_class

from extranet.models import AuditEvent, User
from forum import services
from forum.models import ForumClosure
from forum.permissions import can_read_forum

from .conftest import Forum, Post, Topic, forum_url, make_topic

pytestmark = pytest.mark.django_db
PermissionHandler = get_class("forum_permission.handler", "PermissionHandler")


@pytest.fixture
def cms(client, coordinator):
    TOTP.activate(coordinator, generate_totp_secret())
    client.force_login(coordinator)
    return client


def fresh(user):
    return User.objects.get(pk=user.pk)


def can_post(user, forum) -> bool:
    return PermissionHandler().can_add_topic(forum, fresh(user))


def test_a_forum_created_in_the_cms_is_open_to_every_member_at_once(cms, coordinator, forums, member_a):
    network = Forum.objects.get(name=services.NETWORK_CATEGORY, parent__isnull=True)
    response = cms.post(reverse("forums:add"), {"name": "Régie des œuvres", "description": "Convoiements.", "parent": network.pk})
    assert response.status_code == 302
    forum = Forum.objects.get(name="Régie des œuvres")
    assert forum.parent == network and can_read_forum(fresh(member_a), forum) and can_post(member_a, forum)
    assert AuditEvent.objects.filter(action="forum.created", actor=coordinator).exists()


def test_moving_a_theme_forum_into_a_working_groups_forum_makes_it_the_groups(cms, theme_forum, group_forum, insider, member_a):
    cms.post(reverse("forums:edit", args=[theme_forum.pk]), {"name": "Anoxie", "description": "", "parent": group_forum.pk})
    theme_forum.refresh_from_db()
    assert (theme_forum.name, theme_forum.parent_id) == ("Anoxie", group_forum.pk)
    assert can_read_forum(fresh(insider), theme_forum)
    assert not can_read_forum(fresh(member_a), theme_forum)
    assert cms.get(forum_url(theme_forum)).status_code == 200
    assert AuditEvent.objects.filter(action="forum.changed").exists()


def test_a_forum_cannot_be_moved_into_itself_and_a_groups_forum_keeps_its_groups_name(cms, theme_forum, group_forum):
    response = cms.post(reverse("forums:edit", args=[theme_forum.pk]), {"name": theme_forum.name, "description": "",
                                                                        "parent": theme_forum.pk})
    assert response.status_code == 200  # the form says so: the forum is not in its own list of places
    response = cms.post(reverse("forums:edit", args=[group_forum.pk]), {"name": "Autre nom", "description": "",
                                                                        "parent": group_forum.parent_id})
    assert response.status_code == 200
    assert "renommé avec le groupe" in response.content.decode() or "renamed with the group" in response.content.decode()
    group_forum.refresh_from_db()
    assert group_forum.name == "Inventaire informatisé"


def test_closing_a_forum_keeps_every_post_readable_and_stops_new_topics_and_replies(
    client, cms, coordinator, theme_forum, member_a, manager_a
):
    topic = make_topic(theme_forum, member_a, subject="Capteurs", replies=2, repliers=[manager_a])
    posts = Post.objects.filter(topic=topic).count()
    response = cms.post(reverse("forums:close", args=[theme_forum.pk]))
    assert response.status_code == 302
    assert ForumClosure.objects.filter(forum=theme_forum, reopened_at__isnull=True).exists()
    topic.refresh_from_db()
    assert topic.status == Topic.TOPIC_LOCKED
    assert Post.objects.filter(topic=topic).count() == posts
    assert can_read_forum(fresh(member_a), theme_forum) and not can_post(member_a, theme_forum)
    assert not PermissionHandler().can_add_post(topic, fresh(member_a))
    assert can_post(coordinator, theme_forum)
    client.force_login(member_a)
    assert client.get(forum_url(theme_forum)).status_code == 200
    assert AuditEvent.objects.get(action="forum.closed").data == {"locked_topics": 1}


def test_reopening_a_forum_unlocks_only_what_its_closure_locked(cms, theme_forum, member_a):
    kept_locked = make_topic(theme_forum, member_a, subject="Déjà verrouillé")
    Topic.objects.filter(pk=kept_locked.pk).update(status=Topic.TOPIC_LOCKED)
    topic = make_topic(theme_forum, member_a, subject="Capteurs")
    cms.post(reverse("forums:close", args=[theme_forum.pk]))
    cms.post(reverse("forums:reopen", args=[theme_forum.pk]))
    assert Topic.objects.get(pk=topic.pk).status == Topic.TOPIC_UNLOCKED
    assert Topic.objects.get(pk=kept_locked.pk).status == Topic.TOPIC_LOCKED
    assert can_post(member_a, theme_forum)
    closure = ForumClosure.objects.get(forum=theme_forum)
    assert closure.reopened_at is not None  # kept, as history


def test_a_closed_forum_stays_closed_when_permissions_are_repaired(cms, theme_forum, member_a):
    cms.post(reverse("forums:close", args=[theme_forum.pk]))
    services.network_forums_ensure()
    assert not can_post(member_a, theme_forum)


def test_closing_twice_or_closing_a_category_is_refused_with_a_message(cms, theme_forum):
    cms.post(reverse("forums:close", args=[theme_forum.pk]))
    response = cms.post(reverse("forums:close", args=[theme_forum.pk]), follow=True)
    assert "déjà fermé" in response.content.decode() or "already closed" in response.content.decode()
    cms.post(reverse("forums:close", args=[theme_forum.parent_id]))
    assert not ForumClosure.objects.filter(forum_id=theme_forum.parent_id).exists()
