import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.urls import reverse

from extranet.models import AuditEvent
from tests.factories import PASSWORD, make_coordinator, make_member

pytestmark = pytest.mark.django_db


def post_login(client, email, password, remember=False):
    data = {"login": email, "password": password}
    if remember:
        data["remember"] = "on"
    return client.post(reverse("account_login"), data)


def test_a_member_signs_in_with_email_and_password_and_lands_on_the_dashboard(client, member_a):
    response = post_login(client, member_a.email, PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    assert AuditEvent.objects.filter(action="login.succeeded", actor=member_a).exists()


def test_a_failed_login_is_recorded_without_the_password(client, member_a):
    post_login(client, member_a.email, "wrong-password-123")
    event = AuditEvent.objects.get(action="login.failed")
    assert event.object_id == str(member_a.pk)
    assert event.data == {"identifier": member_a.email}
    assert "wrong-password-123" not in str(event.data)


def test_the_sixth_failed_login_in_a_row_is_refused_even_with_the_right_password(client, member_a):
    for _ in range(5):
        response = post_login(client, member_a.email, "wrong-password-123")
        assert response.status_code == 200
    response = post_login(client, member_a.email, PASSWORD)
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("dashboard")).status_code == 302


def test_stay_signed_in_keeps_the_session_after_the_browser_closes(client, member_a):
    post_login(client, member_a.email, PASSWORD, remember=False)
    assert client.session.get_expire_at_browser_close()
    client.logout()
    post_login(client, member_a.email, PASSWORD, remember=True)
    assert not client.session.get_expire_at_browser_close()


def test_password_reset_does_not_reveal_whether_an_address_exists(client, member_a):
    known = client.post(reverse("account_reset_password"), {"email": member_a.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "personne@nowhere.example"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    # Both addresses get a mail (allauth tells the unknown one no account exists), so the
    # page itself reveals nothing.
    assert {m.to[0] for m in mail.outbox} == {member_a.email, "personne@nowhere.example"}


def test_a_coordinator_without_two_factor_auth_is_sent_to_set_it_up(client):
    coordinator = make_coordinator()
    client.force_login(coordinator)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    assert client.get("/cms/").status_code == 302


def test_a_coordinator_with_two_factor_auth_reaches_the_wagtail_admin(client):
    coordinator = make_coordinator()
    TOTP.activate(coordinator, generate_totp_secret())
    client.force_login(coordinator)
    assert client.get(reverse("dashboard")).status_code == 200
    assert client.get("/cms/").status_code == 200


def test_a_member_is_not_asked_for_two_factor_auth(client, member_a):
    client.force_login(member_a)
    assert client.get(reverse("dashboard")).status_code == 200


def test_the_wagtail_and_django_admin_logins_go_through_allauth(client):
    wagtail = client.get("/cms/login/?next=/cms/")
    assert wagtail.status_code == 302 and wagtail["Location"].startswith(reverse("account_login"))
    django_admin = client.get("/django-admin/login/?next=/django-admin/")
    assert django_admin.status_code == 302 and django_admin["Location"].startswith(reverse("account_login"))
    assert client.get("/cms/").status_code == 302


def test_nobody_can_sign_up_without_an_invitation(client, db):
    password = "Un-mot-de-passe-2026"
    response = client.post(reverse("account_signup"), {"email": "intrus@test.example", "password1": password, "password2": password})
    from extranet.models import User

    assert not User.objects.filter(email="intrus@test.example").exists()
    assert response.status_code == 200


def test_a_deactivated_account_is_signed_out_at_once(client, member_a):
    client.force_login(member_a)
    assert client.get(reverse("dashboard")).status_code == 200
    member_a.is_active = False
    member_a.save()
    assert client.get(reverse("dashboard")).status_code == 302


def test_a_removed_member_loses_access_on_the_next_request(client, museum_a, manager_a):
    from extranet import services
    from extranet.models import Membership

    member = make_member(museum_a)
    client.force_login(member)
    assert "Louvre-Lens" in client.get(reverse("dashboard")).content.decode()
    services.membership_end(membership=Membership.objects.get(user=member), by=manager_a)
    assert "Louvre-Lens" not in client.get(reverse("dashboard")).content.decode()
