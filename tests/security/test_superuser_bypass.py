"""Not even a superuser bypasses the rules by hand in an admin: accounts are deactivated, never
deleted, and groups and permissions change only through `extranet/services.py`."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib import admin
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from extranet.models import User
from extranet.services import coordinators_group
from tests.factories import MuseumFactory, make_member, make_user


@pytest.fixture
def superuser(db):
    user = make_user(email="root@musenor.example", first_name="Root")
    User.objects.filter(pk=user.pk).update(is_superuser=True, is_staff=True)
    user.refresh_from_db()
    TOTP.activate(user, generate_totp_secret())  # the admins require two-factor auth
    return user


@pytest.fixture
def root(superuser):
    client = Client()
    client.force_login(superuser)
    return client


def refused_by_wagtail(response) -> bool:
    """Wagtail answers a PermissionDenied with its dashboard and a "no permission" message."""
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home") and any(
        "autorisations" in message for message in messages
    )


@pytest.fixture
def member(db):
    return make_member(MuseumFactory(name="La Piscine", slug="la-piscine"), first_name="Julien")


def test_a_superuser_cannot_delete_an_account_in_the_wagtail_admin(root, member):
    url = reverse("wagtailusers_users:delete", args=[member.pk])
    assert refused_by_wagtail(root.get(url))
    assert refused_by_wagtail(root.post(url))
    assert User.objects.filter(pk=member.pk).exists()


def test_a_superuser_cannot_delete_accounts_in_bulk_in_the_wagtail_admin(root, member):
    url = reverse("wagtail_bulk_action", args=["extranet", "user", "delete"]) + f"?id={member.pk}"
    assert refused_by_wagtail(root.post(url))
    assert User.objects.filter(pk=member.pk).exists()


def test_a_superuser_cannot_give_a_role_in_bulk_in_the_wagtail_admin(root, member):
    group = coordinators_group()
    url = reverse("wagtail_bulk_action", args=["extranet", "user", "assign_role"]) + f"?id={member.pk}"
    before = set(member.groups.all())
    assert refused_by_wagtail(root.post(url, {"role": group.pk}))
    assert set(member.groups.all()) == before and group not in before


def test_a_superuser_cannot_delete_an_account_in_the_django_admin(root, member):
    url = reverse("admin:extranet_user_delete", args=[member.pk])
    assert root.get(url).status_code == 403
    assert root.post(url, {"post": "yes"}).status_code == 403
    root.post(reverse("admin:extranet_user_changelist"), {"action": "delete_selected", "_selected_action": [member.pk],
                                                            "post": "yes"})
    assert User.objects.filter(pk=member.pk).exists()


def test_a_superuser_cannot_change_groups_permissions_or_superuser_status_in_the_django_admin(root, member):
    url = reverse("admin:extranet_user_change", args=[member.pk])
    before = set(member.groups.all())
    form = root.get(url).context["adminform"].form
    assert not {"groups", "user_permissions", "is_superuser"} & set(form.fields)
    joined = member.date_joined.astimezone()
    response = root.post(url, {
        "username": member.username, "email": member.email, "first_name": "Julien", "last_name": member.last_name,
        "is_active": "on", "date_joined_0": joined.strftime("%Y-%m-%d"), "date_joined_1": joined.strftime("%H:%M:%S"),
        "groups": [coordinators_group().pk], "is_superuser": "on",
    })
    assert response.status_code == 302, response.context["adminform"].form.errors
    member.refresh_from_db()
    assert not member.is_superuser
    assert set(member.groups.all()) == before


def test_the_django_admin_shows_groups_but_cannot_add_change_or_delete_them(root):
    group = coordinators_group()
    assert root.get(reverse("admin:auth_group_change", args=[group.pk])).status_code == 200  # read-only view
    assert root.post(reverse("admin:auth_group_change", args=[group.pk]), {"name": "Tout le monde"}).status_code == 403
    assert root.post(reverse("admin:auth_group_add"), {"name": "Nouveau"}).status_code == 403
    assert root.post(reverse("admin:auth_group_delete", args=[group.pk]), {"post": "yes"}).status_code == 403
    group.refresh_from_db()
    assert group.name == "Coordinateurs"


def test_no_object_permission_of_guardian_is_editable_in_the_django_admin():
    assert not [model for model in admin.site._registry if model._meta.app_label == "guardian"]
