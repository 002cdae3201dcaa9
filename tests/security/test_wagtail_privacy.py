"""No Wagtail page privacy with a shared password: the option is neither offered nor accepted."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction


@pytest.fixture
def page(db):
    return Page.objects.filter(depth=2).first()


@pytest.fixture
def admin_client(coordinator):
    # Setting page privacy takes a page permission that coordinators may not hold on every page.
    coordinator.is_superuser = True
    coordinator.save(update_fields=["is_superuser"])
    client = Client()
    client.force_login(coordinator)
    return client


def test_setting_turns_the_password_option_off():
    # Wagtail reads the key "SHARED_PASSWORD" (wagtail/admin/forms/pages.py); {"password": False}
    # was silently ignored and left the shared-password option on.
    assert settings.WAGTAIL_PRIVATE_PAGE_OPTIONS.get("SHARED_PASSWORD") is False


def test_privacy_form_offers_no_password(admin_client, page):
    response = admin_client.get(reverse("wagtailadmin_pages:set_privacy", args=[page.pk]))
    assert response.status_code == 200
    body = response.json()["html"]
    assert 'name="restriction_type"' in body
    assert 'value="login"' in body
    assert 'value="password"' not in body
    assert 'name="password"' not in body


def test_posting_a_password_restriction_is_refused(admin_client, page):
    response = admin_client.post(
        reverse("wagtailadmin_pages:set_privacy", args=[page.pk]),
        {"restriction_type": "password", "password": "musenor2026", "groups": []},
    )
    assert response.status_code in (200, 400)
    assert not PageViewRestriction.objects.filter(restriction_type=PageViewRestriction.PASSWORD).exists()
    assert not PageViewRestriction.objects.filter(page=page).exists()
