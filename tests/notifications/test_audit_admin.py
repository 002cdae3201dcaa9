"""The audit trail in the Wagtail admin: coordinators read and filter it, nobody changes it."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from extranet import services
from extranet.models import AuditEvent
from tests.factories import MuseumFactory, make_coordinator, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client):
    user = make_coordinator()
    TOTP.activate(user, generate_totp_secret())
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return user


def test_a_coordinator_browses_and_filters_the_audit_trail(client, coordinator):
    museum, other = MuseumFactory(name="Musée filtré"), MuseumFactory(name="Autre musée")
    make_member(museum, first_name="Théodore")
    make_member(other, first_name="Zoé")
    index = reverse("audit_trail:index")
    response = client.get(index)
    assert response.status_code == 200
    assert "Théodore" in response.content.decode() and "Zoé" in response.content.decode()
    filtered = client.get(index, {"museum": museum.pk, "action": "membership.granted"}).content.decode()
    assert "Théodore" in filtered and "Zoé" not in filtered
    event = AuditEvent.objects.filter(museum=museum).first()
    inspect = client.get(reverse("audit_trail:inspect", args=[event.pk]))
    assert inspect.status_code == 200
    assert reverse("audit_trail:edit", args=[event.pk]) not in inspect.content.decode()


def test_nothing_in_the_audit_trail_can_be_added_edited_or_deleted(client, coordinator):
    event = services.audit_record(action="test.event", data={"x": 1})
    assert "new/" not in client.get(reverse("audit_trail:index")).content.decode()
    assert client.get(reverse("audit_trail:add")).status_code == 404
    assert client.post(reverse("audit_trail:add"), {"action": "forged"}).status_code == 404
    assert client.post(reverse("audit_trail:edit", args=[event.pk]), {"action": "forged"}).status_code == 404
    assert client.post(reverse("audit_trail:delete", args=[event.pk])).status_code == 404
    event.refresh_from_db()
    assert event.action == "test.event"
    assert not AuditEvent.objects.filter(action="forged").exists()


def test_a_member_cannot_read_the_audit_trail(client):
    member = make_member(MuseumFactory())
    client.force_login(member, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("audit_trail:index"))
    assert response.status_code in (302, 403)
    assert "membership.granted" not in response.content.decode()
