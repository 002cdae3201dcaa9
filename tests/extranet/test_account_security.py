"""Accounts under attack (issue 14, findings 4, 5 and 10): email changes from a stolen session,
a coordinator locked out of their first sign-in, sign-in limits that lock a museum out.

Everything goes through allauth's real views, the real cache (rate limits, spent TOTP codes)
and Django's locmem outbox; TOTP codes are computed as a phone app does (tests/totp.py).
"""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.urls import reverse

from extranet import services
from extranet.models import AuditEvent, Role, User
from tests import totp
from tests.factories import PASSWORD, make_coordinator, make_member

pytestmark = pytest.mark.django_db

THIEF = "voleur@ailleurs.example"
RESET_LINK = re.compile(r"/accounts/password/reset/key/[^/\s]+/")
CONFIRM_LINK = re.compile(r"/accounts/confirm-email/[^/\s]+/")


def sign_in(client, email, password=PASSWORD, ip="192.0.2.10"):
    return client.post(reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip)


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def reauthenticate(client, password=PASSWORD):
    response = client.post(reverse("account_reauthenticate"), {"password": password})
    assert response.status_code == 302, response.content.decode()[:500]


def add_address(client, email):
    return client.post(reverse("account_email"), {"email": email, "action_add": ""})


def mails_to(address):
    return [m for m in mail.outbox if address in m.to]


def totp_secret_on_the_set_up_page(client) -> str:
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200, response.get("Location")
    field = re.search(r'<input[^>]*id="authenticator_secret"[^>]*>', response.content.decode()).group(0)
    return re.search(r'value="([A-Z2-7]+)"', field).group(1)


def open_totp_set_up(client, coordinator):
    """Signed in, password just confirmed: the set-up page opens (whatever the sign-in prompts)."""
    client.force_login(coordinator)
    reauthenticate(client)


def activate_totp(client, secret, code=None):
    return client.post(reverse("mfa_activate_totp"), {"code": code or totp.code(secret)})


# --- Finding 4: an email change needs the password, and the new address proves itself -------------


def test_a_stolen_session_cannot_add_an_email_address_without_the_password(client, member_a):
    client.force_login(member_a)  # a session cookie copied from the member's browser
    response = add_address(client, THIEF)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_reauthenticate"))
    assert not EmailAddress.objects.filter(email=THIEF).exists()
    assert mails_to(THIEF) == []
    member_a.refresh_from_db()
    assert member_a.email != THIEF


def test_changing_the_address_asks_for_the_password_even_right_after_signing_in(client, member_a):
    sign_in(client, member_a.email)
    response = add_address(client, THIEF)
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not EmailAddress.objects.filter(email=THIEF).exists()


def test_a_new_address_waits_for_its_verification_and_cannot_be_made_primary_before(client, member_a):
    client.force_login(member_a)
    reauthenticate(client)
    add_address(client, THIEF)
    pending = EmailAddress.objects.get(user=member_a, email=THIEF)
    assert not pending.verified and not pending.primary
    assert CONFIRM_LINK.search(mails_to(THIEF)[0].body)  # the verification goes to the new address

    response = client.post(reverse("account_email"), {"email": THIEF, "action_primary": ""})
    assert response.status_code in (200, 302)
    member_a.refresh_from_db()
    assert member_a.email != THIEF
    assert EmailAddress.objects.get(user=member_a, primary=True).email == member_a.email


def test_a_password_reset_never_goes_to_an_address_that_is_not_verified(client, member_a):
    client.force_login(member_a)
    reauthenticate(client)
    add_address(client, THIEF)
    mail.outbox.clear()

    client.logout()
    client.post(reverse("account_reset_password"), {"email": THIEF})
    assert [m for m in mails_to(THIEF) if RESET_LINK.search(m.body)] == []
    # The account's own address still gets its link.
    client.post(reverse("account_reset_password"), {"email": member_a.email})
    assert RESET_LINK.search(mails_to(member_a.email)[-1].body)


def test_a_verified_new_address_replaces_the_old_one_which_is_told(client, member_a):
    old = member_a.email
    client.force_login(member_a)
    reauthenticate(client)
    add_address(client, "julien.nouveau@louvrelens.example")
    link = CONFIRM_LINK.search(mails_to("julien.nouveau@louvrelens.example")[0].body).group(0)
    mail.outbox.clear()

    client.post(link)

    member_a.refresh_from_db()
    assert member_a.email == "julien.nouveau@louvrelens.example"
    assert list(EmailAddress.objects.filter(user=member_a).values_list("email", "verified", "primary")) == [
        ("julien.nouveau@louvrelens.example", True, True)
    ]
    told = mails_to(old)
    assert len(told) == 1 and "julien.nouveau@louvrelens.example" in told[0].body
    event = AuditEvent.objects.get(action="email.changed")
    assert event.data == {"from": old, "to": "julien.nouveau@louvrelens.example"}


def test_an_account_made_from_an_invitation_signs_in_with_no_verification_step(client, manager_a, museum_a):
    _invitation, token = services.invitation_create(email="Nouvelle@Louvrelens.example", museum=museum_a,
                                                    role=Role.MEMBER, by=manager_a)
    password = "Un-mot-de-passe-2026"
    response = client.post(reverse("invitation_accept", kwargs={"token": token}),
                           {"first_name": "Inès", "last_name": "Nouvelle", "password1": password, "password2": password})
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    client.logout()
    mail.outbox.clear()

    response = sign_in(client, "nouvelle@louvrelens.example", password)
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    assert is_signed_in(client)
    assert mail.outbox == []  # no "confirm your address" mail: the invitation proved it


# --- Finding 5: the coordinator's first sign-in always finishes -----------------------------------


def test_a_coordinator_goes_from_the_password_to_totp_set_up_without_a_second_password_prompt(client):
    coordinator = make_coordinator()
    response = sign_in(client, coordinator.email)
    assert response["Location"] == reverse("dashboard")
    response = client.get(reverse("dashboard"))
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    assert client.get(response["Location"]).status_code == 200  # the set-up page, not "enter your password"


def test_totp_set_up_in_a_session_opened_long_ago_asks_for_the_password_again(client):
    coordinator = make_coordinator()
    client.force_login(coordinator)  # no password typed in this session
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_reauthenticate"))


def test_opening_the_email_page_before_totp_set_up_does_not_block_it(client):
    coordinator = make_coordinator()
    open_totp_set_up(client, coordinator)
    assert client.get(reverse("account_email")).status_code == 200
    secret = totp_secret_on_the_set_up_page(client)
    response = activate_totp(client, secret)
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.TOTP).exists()
    assert client.get(reverse("dashboard")).status_code == 200


def test_an_anonymous_password_reset_request_does_not_block_the_coordinators_totp_set_up(client):
    coordinator = make_coordinator()
    anyone = client.__class__()
    anyone.post(reverse("account_reset_password"), {"email": coordinator.email})
    assert not EmailAddress.objects.filter(user=coordinator, verified=False).exists()

    open_totp_set_up(client, coordinator)
    secret = totp_secret_on_the_set_up_page(client)
    activate_totp(client, secret)
    assert Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.TOTP).exists()
    assert client.get(reverse("dashboard")).status_code == 200


def test_an_address_change_waiting_for_verification_does_not_block_totp_set_up(client):
    coordinator = make_coordinator()
    sign_in(client, coordinator.email)
    reauthenticate(client)
    add_address(client, "camille.nouvelle@musenor.example")
    assert EmailAddress.objects.filter(user=coordinator, verified=False).exists()

    secret = totp_secret_on_the_set_up_page(client)
    activate_totp(client, secret)
    assert Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.TOTP).exists()


def test_after_totp_set_up_the_recovery_codes_page_leads_to_the_dashboard(client):
    coordinator = make_coordinator()
    open_totp_set_up(client, coordinator)
    secret = totp_secret_on_the_set_up_page(client)
    response = client.get(activate_totp(client, secret)["Location"])
    assert response.status_code == 200
    page = response.content.decode()
    button = re.search(r'<a [^>]*id="continue-to-dashboard"[^>]*>', page).group(0)
    assert f'href="{reverse("dashboard")}"' in button


@pytest.mark.django_db(transaction=True)  # allauth records and mails the set-up once it commits
def test_turning_totp_on_is_recorded_and_the_member_is_told_by_mail(client):
    coordinator = make_coordinator()
    sign_in(client, coordinator.email)
    activate_totp(client, totp_secret_on_the_set_up_page(client))
    assert AuditEvent.objects.filter(action="mfa.added", actor=coordinator).exists()
    assert len(mails_to(coordinator.email)) == 1 and mails_to(coordinator.email)[0].subject.startswith("[Musenor]")


def test_the_code_that_turned_totp_on_cannot_sign_in_again(client):
    coordinator = make_coordinator()
    open_totp_set_up(client, coordinator)
    secret = totp_secret_on_the_set_up_page(client)
    step = totp.wait_for_a_fresh_step()
    code = totp.code(secret, step)
    activate_totp(client, secret, code)
    assert Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.TOTP).exists()
    client.logout()

    response = sign_in(client, coordinator.email)
    assert response["Location"] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert totp.current_step() == step, "the test ran past its 30-second step: the replay was not tried"
    assert response.status_code == 200  # the form again, with its error
    assert not is_signed_in(client)

    # The next code the app shows signs in.
    totp.wait_for_a_fresh_step(seconds_needed=totp.STEP + 1)
    response = client.post(reverse("mfa_authenticate"), {"code": totp.code(secret)})
    assert response.status_code == 302 and is_signed_in(client)


# --- Finding 10: sign-in limits per account, not per museum ---------------------------------------


def test_failed_sign_ins_on_some_accounts_do_not_lock_out_colleagues_behind_the_same_address(client, museum_a):
    # One museum, one public address: three colleagues mistype their password five times each.
    colleagues = [make_member(museum_a) for _ in range(4)]
    for person in colleagues[:3]:
        for _ in range(5):
            assert sign_in(client, person.email, "wrong-password-123", ip="203.0.113.5").status_code == 200
    response = sign_in(client, colleagues[3].email, ip="203.0.113.5")
    assert response.status_code == 302 and is_signed_in(client)


def test_the_sixth_failure_from_one_address_on_one_account_is_refused_but_not_from_elsewhere(client, member_a):
    for _ in range(5):
        sign_in(client, member_a.email, "wrong-password-123", ip="203.0.113.5")
    assert sign_in(client, member_a.email, ip="203.0.113.5").status_code in (200, 429)
    assert not is_signed_in(client)
    # The member, from another address (at home), still signs in.
    assert sign_in(client, member_a.email, ip="198.51.100.7").status_code == 302
    assert is_signed_in(client)


def test_an_account_guessed_at_from_many_addresses_is_locked(client, member_a):
    for i in range(10):
        sign_in(client, member_a.email, "wrong-password-123", ip=f"198.51.100.{i + 1}")
    assert sign_in(client, member_a.email, ip="192.0.2.99").status_code in (200, 429)
    assert not is_signed_in(client)


def test_one_address_trying_many_accounts_reaches_a_ceiling(client, member_a):
    for i in range(60):
        sign_in(client, f"personne{i}@nowhere.example", "wrong-password-123", ip="203.0.113.5")
    assert sign_in(client, member_a.email, ip="203.0.113.5").status_code in (200, 429)
    assert not is_signed_in(client)
    assert sign_in(client, member_a.email, ip="198.51.100.7").status_code == 302


def test_wrong_totp_codes_are_limited_per_account_whatever_the_address(client):
    coordinator = make_coordinator()
    secret = generate_totp_secret()
    TOTP.activate(coordinator, secret)
    totp.wait_for_a_fresh_step(seconds_needed=5)
    wrong = f"{(int(totp.code(secret)) + 1) % 1_000_000:06d}"
    sign_in(client, coordinator.email, ip="198.51.100.1")
    for i in range(10):
        client.post(reverse("mfa_authenticate"), {"code": wrong}, REMOTE_ADDR=f"198.51.100.{i + 1}")
    response = client.post(reverse("mfa_authenticate"), {"code": totp.code(secret)}, REMOTE_ADDR="192.0.2.50")
    assert not is_signed_in(client)
    assert response.status_code in (200, 429)


def test_users_made_by_the_services_hold_one_verified_primary_address():
    user = services.user_create(email="Quelqu.Un@Musee.example", first_name="Quelqu'un")
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "verified", "primary")) == [
        ("quelqu.un@musee.example", True, True)
    ]
    assert User.objects.get(pk=user.pk).email == "quelqu.un@musee.example"


def test_existing_accounts_get_their_own_address_verified_and_nothing_else():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("extranet.migrations.0004_account_addresses_verified")
    # Accounts as they were: one with no allauth address at all, one whose own address allauth
    # recorded unverified (email page opened) beside another one it never verified.
    bare = User.objects.create(username="bare@musee.example", email="bare@musee.example")
    synced = User.objects.create(username="synced@musee.example", email="synced@musee.example")
    EmailAddress.objects.create(user=synced, email="synced@musee.example", verified=False, primary=False)
    EmailAddress.objects.create(user=synced, email="autre@ailleurs.example", verified=False, primary=True)

    migration.verify_account_addresses(apps, None)

    assert list(EmailAddress.objects.filter(user=bare).values_list("email", "verified", "primary")) == [
        ("bare@musee.example", True, True)
    ]
    assert set(EmailAddress.objects.filter(user=synced).values_list("email", "verified", "primary")) == {
        ("synced@musee.example", True, True), ("autre@ailleurs.example", False, False)
    }
