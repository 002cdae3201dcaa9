import json

import pytest
from django.urls import reverse

from extranet.models import AuditEvent, Membership, User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_a_member_downloads_everything_held_about_them(client, member_a):
    member_a.profile.job_title = "Régisseur des œuvres"
    member_a.profile.save()
    client.force_login(member_a)
    response = client.get(reverse("personal_data_download"))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["extranet"]["account"]["email"] == member_a.email
    assert data["extranet"]["profile"]["job_title"] == "Régisseur des œuvres"
    assert [m["museum"] for m in data["extranet"]["museums"]] == ["Louvre-Lens"]
    assert {"skills_directory", "notifications"} <= set(data)


def test_erasure_anonymises_the_member_ends_their_sessions_and_keeps_everyone_elses_history(client, museum_a, member_a, manager_a):
    email, last_name = member_a.email, member_a.last_name
    member_a.profile.bio = "Spécialiste des textiles"
    member_a.profile.save()
    other_session = client.__class__()
    other_session.force_login(member_a)
    client.force_login(member_a)
    response = client.post(reverse("account_erasure"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302

    erased = User.objects.get(pk=member_a.pk)
    assert not erased.is_active and erased.first_name == erased.last_name == ""
    assert email not in erased.email and not erased.has_usable_password()
    assert erased.profile.bio == ""
    from skills_directory.models import DirectoryEntry

    assert DirectoryEntry.objects.get(user=erased).hidden
    assert str(erased) in ("Ancien membre", "Former member")
    assert other_session.get(reverse("dashboard")).status_code == 302  # signed out everywhere
    # Nothing identifying is left in the audit trail, but the history itself is.
    assert not AuditEvent.objects.filter(object_repr__contains=last_name).exists()
    assert not AuditEvent.objects.filter(data__identifier=email).exists()
    assert AuditEvent.objects.filter(action="account.erased").exists()
    assert Membership.objects.filter(user=member_a).exists()  # ended, kept
    assert Membership.objects.filter(user=manager_a, ended_at__isnull=True).exists()
    assert AuditEvent.objects.filter(actor=manager_a).exists() or AuditEvent.objects.filter(museum=museum_a).exists()


def test_erasure_needs_the_password_and_changes_nothing_without_it(client, member_a):
    client.force_login(member_a)
    response = client.post(reverse("account_erasure"), {"password": "pas le bon", "confirm": "on"})
    assert response.status_code == 200
    member_a.refresh_from_db()
    assert member_a.is_active and member_a.last_name
