"""The members' space side: bell, list, mark read, preferences, unsubscribe links."""

import pytest
from django.urls import reverse

from notifications import selectors, services
from notifications.models import Notification
from notifications.registry import Delivery
from notifications.tokens import unsubscribe_token
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _notify(user, title="Nouvelle", url="/espace/musees/"):
    return services.notify(recipient=user, kind="membership", title=title, url=url)


def test_the_bell_shows_the_unread_count(client):
    user = make_user()
    for i in range(3):
        _notify(user, title=f"n{i}")
    Notification.objects.filter(title="n0").update(read_at="2026-01-01T00:00Z")
    html = login(client, user).get(reverse("dashboard")).content.decode()
    assert "Notifications (2 non lues)" in html
    assert reverse("notifications:list") in html


def test_the_list_shows_only_my_notifications_read_and_unread(client):
    me, other = make_user(), make_user()
    _notify(me, title="Pour moi")
    _notify(other, title="Pour quelqu'un d'autre")
    html = login(client, me).get(reverse("notifications:list")).content.decode()
    assert "Pour moi" in html and "Pour quelqu&#x27;un d&#x27;autre" not in html and "autre" not in html


def test_following_a_notification_marks_it_read_and_goes_to_the_object(client):
    user = make_user()
    notification = _notify(user)
    response = login(client, user).get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == "/espace/musees/"
    notification.refresh_from_db()
    assert notification.is_read


def test_a_link_to_another_site_is_not_followed(client):
    user = make_user()
    notification = _notify(user, url="https://evil.example/")
    response = login(client, user).get(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == reverse("notifications:list")


def test_mark_one_and_mark_all_read(client):
    user = make_user()
    first, _second, _third = (_notify(user, title=f"n{i}") for i in range(3))
    login(client, user)
    assert client.get(reverse("notifications:mark_read", args=[first.pk])).status_code == 405
    client.post(reverse("notifications:mark_read", args=[first.pk]))
    assert selectors.unread_count(user=user) == 2
    client.post(reverse("notifications:mark_all_read"))
    assert selectors.unread_count(user=user) == 0


def test_a_member_gets_404_on_another_members_notification_and_changes_nothing(client):
    me, other = make_user(), make_user()
    theirs = _notify(other)
    login(client, me)
    assert client.get(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notifications:mark_read", args=[theirs.pk])).status_code == 404
    client.post(reverse("notifications:mark_all_read"))
    theirs.refresh_from_db()
    assert not theirs.is_read


def test_the_list_query_count_does_not_grow_with_notifications(client, django_assert_max_num_queries):
    user = make_user()
    for i in range(60):
        _notify(user, title=f"n{i}")
    login(client, user)
    client.get(reverse("notifications:list"))  # warm the session
    with django_assert_max_num_queries(7):  # user, 2FA check (3), page count, unread count, page
        response = client.get(reverse("notifications:list"))
    assert response.status_code == 200
    assert "n59" in response.content.decode() and "Page 1 sur 3" in response.content.decode()


def test_preferences_are_saved_per_kind_with_the_current_language(client):
    user = make_user()
    login(client, user)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("notifications:preferences"))
    assert page.status_code == 200
    response = client.post(reverse("notifications:preferences"), {"kind_membership": "digest", "kind_working_group": "never"})
    assert response.status_code == 302
    assert selectors.delivery_for(user=user, kind="membership") == Delivery.DIGEST
    assert selectors.delivery_for(user=user, kind="working_group") == Delivery.NEVER
    assert selectors.language_of(user=user) == "en"


class TestUnsubscribe:
    def test_the_link_asks_first_then_turns_the_kind_off_without_signing_in(self, client):
        user = make_user()
        url = reverse("notifications:unsubscribe", args=[unsubscribe_token(user=user, kind="membership")])
        page = client.get(url)
        assert page.status_code == 200
        assert selectors.delivery_for(user=user, kind="membership") == Delivery.IMMEDIATELY  # a GET changes nothing
        assert client.post(url).status_code == 200
        assert selectors.delivery_for(user=user, kind="membership") == Delivery.NEVER
        assert selectors.delivery_for(user=user, kind="working_group") == Delivery.DIGEST  # other kinds untouched

    def test_one_click_unsubscribe_from_the_mail_client_needs_no_csrf_token(self):
        from django.test import Client

        user = make_user()
        url = reverse("notifications:unsubscribe", args=[unsubscribe_token(user=user, kind="membership")])
        response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
        assert response.status_code == 200
        assert selectors.delivery_for(user=user, kind="membership") == Delivery.NEVER

    @pytest.mark.parametrize("tamper", ["user", "signature"])
    def test_a_tampered_link_is_refused(self, client, tamper):
        victim, attacker = make_user(), make_user()
        token = unsubscribe_token(user=attacker, kind="membership")
        if tamper == "user":
            # Re-using the attacker's signature with the victim's id in the payload.
            import base64
            import json

            payload, rest = token.split(":", 1)
            forged = base64.urlsafe_b64encode(json.dumps({"u": victim.pk, "k": "membership"}).encode()).decode().rstrip("=")
            token = f"{forged}:{rest}"
        else:
            token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
        response = client.post(reverse("notifications:unsubscribe", args=[token]))
        assert response.status_code == 400
        assert selectors.delivery_for(user=victim, kind="membership") == Delivery.IMMEDIATELY
        assert selectors.delivery_for(user=attacker, kind="membership") == Delivery.IMMEDIATELY
