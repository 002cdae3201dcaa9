from django.urls import reverse

from extranet import services as extranet_services
from forum.permissions import can_read_forum, forums_visible_to

from .conftest import forum_url, make_topic, topic_url


def test_a_member_reads_and_posts_in_the_network_forums(client, member_a, theme_forum):
    client.force_login(member_a)
    assert client.get(forum_url(theme_forum)).status_code == 200
    response = client.get(reverse("forum_conversation:topic_create", kwargs={"forum_slug": theme_forum.slug, "forum_pk": theme_forum.pk}))
    assert response.status_code == 200


def test_a_member_outside_a_working_group_gets_404_on_its_private_forum(client, outsider, insider, group_forum):
    topic = make_topic(group_forum, insider, subject="Migration de la base")
    client.force_login(outsider)
    assert client.get(forum_url(group_forum)).status_code == 404
    assert client.get(topic_url(topic)).status_code == 404
    post_create = reverse(
        "forum_conversation:post_create",
        kwargs={"forum_slug": group_forum.slug, "forum_pk": group_forum.pk, "topic_slug": topic.slug, "topic_pk": topic.pk},
    )
    assert client.get(post_create).status_code == 404
    assert group_forum.name not in client.get("/espace/forum/").content.decode()


def test_the_group_members_see_their_private_forum(client, insider, group_forum):
    client.force_login(insider)
    assert client.get(forum_url(group_forum)).status_code == 200
    assert group_forum.name in client.get("/espace/forum/").content.decode()


def test_leaving_a_working_group_closes_its_forum_at_once(insider, working_group, group_forum):
    assert can_read_forum(insider, group_forum)
    extranet_services.working_group_leave(group=working_group, user=insider, by=None)
    assert not can_read_forum(insider, group_forum)
    assert group_forum not in forums_visible_to(insider)


def test_a_former_museum_member_reads_nothing(member_a, theme_forum, manager_a):
    from extranet.models import Membership

    assert can_read_forum(member_a, theme_forum)
    membership = Membership.objects.get(user=member_a, ended_at__isnull=True)
    extranet_services.membership_end(membership=membership, by=manager_a)
    assert not can_read_forum(member_a, theme_forum)


def test_coordinators_moderate_every_forum_and_leads_their_groups_forum(coordinator, lead, group_forum, theme_forum, insider):
    from machina.core.loading import get_class

    handler = get_class("forum_permission.handler", "PermissionHandler")()
    assert handler.can_lock_topics(group_forum, coordinator)
    assert handler.can_lock_topics(theme_forum, coordinator)
    assert handler.can_lock_topics(group_forum, lead)
    assert not handler.can_lock_topics(theme_forum, lead)
    assert not handler.can_lock_topics(group_forum, insider)


def test_a_working_group_created_later_gets_its_forum_when_someone_joins(museum_a, forums):
    from forum.models import WorkingGroupForum
    from tests.factories import WorkingGroupFactory, make_member

    group = WorkingGroupFactory(name="Nouveau groupe")
    user = make_member(museum_a)
    extranet_services.working_group_join(group=group, user=user, by=None)
    link = WorkingGroupForum.objects.get(group=group)
    assert can_read_forum(user, link.forum)


def test_a_deactivated_authors_posts_stay_signed_former_member(client, member_a, manager_a, theme_forum):
    topic = make_topic(theme_forum, manager_a, subject="Hygrométrie des réserves", replies=0)
    manager_a.is_active = False
    manager_a.save(update_fields=["is_active"])
    client.force_login(member_a)
    page = client.get(topic_url(topic)).content.decode()
    assert "Hygrométrie des réserves" in page
    assert "Ancien membre" in page or "Former member" in page
