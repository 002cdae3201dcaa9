"""Forums created or moved by hand in machina's admin (the Django admin) get at once the
permissions their place calls for: open to every member in the network's categories, private
to a working group inside its forum, coordinators only elsewhere under the working groups."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse
from machina.core.db.models import get_model

from extranet.models import AuditEvent
from forum import services
from forum.permissions import can_read_forum
from tests.factories import make_user

from .conftest import forum_url

Forum = get_model("forum", "Forum")


@pytest.fixture
def admin_client(client, db):
    user = make_user(first_name="Ada", last_name="Admin")
    user.is_staff = user.is_superuser = True
    user.save()
    TOTP.activate(user, generate_totp_secret())
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def admin_add_forum(client, *, name, parent, type=Forum.FORUM_POST):
    response = client.post(
        reverse("admin:forum_forum_add"),
        {"type": type, "parent": parent.pk if parent else "", "name": name, "description": "", "link": "", "link_redirects": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Forum.objects.get(name=name)


def network_category():
    return Forum.objects.get(name=services.NETWORK_CATEGORY, parent__isnull=True)


def groups_category():
    return Forum.objects.get(name=services.GROUPS_CATEGORY, parent__isnull=True)


def test_a_forum_created_in_the_admin_is_open_to_members_at_once(admin_client, forums, member_a):
    forum = admin_add_forum(admin_client, name="Régie des œuvres", parent=network_category())
    assert can_read_forum(member_a, forum)
    admin_client.force_login(member_a)
    assert admin_client.get(forum_url(forum)).status_code == 200
    assert AuditEvent.objects.filter(action="forum.created", object_id=str(forum.pk)).exists()


def test_a_forum_created_inside_a_groups_forum_stays_the_groups(admin_client, group_forum, insider, outsider, lead):
    forum = admin_add_forum(admin_client, name="Archives du groupe", parent=group_forum)
    assert can_read_forum(insider, forum)
    assert not can_read_forum(outsider, forum)
    from machina.core.loading import get_class

    handler = get_class("forum_permission.handler", "PermissionHandler")()
    assert handler.can_lock_topics(forum, lead)
    admin_client.force_login(outsider)
    assert admin_client.get(forum_url(forum)).status_code == 404


def test_a_forum_created_under_the_working_groups_category_stays_private(admin_client, group_forum, member_a, coordinator):
    forum = admin_add_forum(admin_client, name="Groupe en préparation", parent=groups_category())
    assert not can_read_forum(member_a, forum)
    assert can_read_forum(coordinator, forum)
    admin_client.force_login(member_a)
    assert admin_client.get(forum_url(forum)).status_code == 404


def test_moving_a_forum_into_a_groups_forum_closes_it_and_back_opens_it(admin_client, group_forum, insider, outsider):
    forum = admin_add_forum(admin_client, name="Inventaire partagé", parent=network_category())
    assert can_read_forum(outsider, forum)
    change = reverse("admin:forum_forum_change", args=[forum.pk])
    data = {"type": Forum.FORUM_POST, "name": forum.name, "description": "", "link": "", "link_redirects": ""}
    assert admin_client.post(change, {**data, "parent": group_forum.pk}).status_code == 302
    assert not can_read_forum(outsider, forum)
    assert can_read_forum(insider, forum)
    assert admin_client.post(change, {**data, "parent": network_category().pk}).status_code == 302
    assert can_read_forum(outsider, forum)
