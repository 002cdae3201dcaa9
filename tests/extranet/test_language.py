import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_french_is_the_default_whatever_the_browser_asks(client, member_a):
    client.force_login(member_a)
    page = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="fr">' in page.content.decode()


def test_the_language_switch_turns_the_interface_to_english_and_back(client, member_a):
    client.force_login(member_a)
    client.post(reverse("set_language"), {"language": "en", "next": "/espace/"})
    page = client.get(reverse("dashboard")).content.decode()
    assert '<html lang="en">' in page and "My museums" in page
    client.post(reverse("set_language"), {"language": "fr", "next": "/espace/"})
    assert '<html lang="fr">' in client.get(reverse("dashboard")).content.decode()


def test_the_language_switch_works_before_signing_in(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert '<html lang="en">' in client.get(reverse("account_login")).content.decode()
