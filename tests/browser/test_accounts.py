"""The coordinator's first sign-in in a real browser (issue 14, finding 5; issue 15): password,
then straight to the TOTP set-up (no second password prompt), a code computed as a phone app
does, the recovery codes, and a button on to the dashboard. Then the same after someone tried
to lock the coordinator out (an anonymous password-reset request, the email page opened first).
Screenshots of the set-up pages at 1280 and 390 px go to test-artifacts/.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests import totp

from .conftest import ARTIFACTS, DEMO_PASSWORD, DESKTOP

pytestmark = pytest.mark.browser

COORDINATOR = "coordination@demo.example"
PHONE = {"width": 390, "height": 844}


def screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.screenshot(path=str(ARTIFACTS / f"accounts-{name}-{label}.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


def sign_in_with_password(page):
    page.goto(reverse("account_login"))
    page.locator("input[name=login]").fill(COORDINATOR)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("#login-submit").click()


def set_up_totp_and_reach_the_dashboard(page, *, shots=False):
    """From the TOTP set-up page to the dashboard, as the coordinator does it with their phone."""
    expect(page).to_have_url(re.compile(re.escape(reverse("mfa_activate_totp"))))
    # Straight from the password to the set-up: no "confirm your password" step in between.
    expect(page.locator("input[type=password]")).to_have_count(0)
    expect(page.get_by_role("img", name=re.compile("QR"))).to_be_visible()
    if shots:
        screenshot(page, "totp-set-up")
    secret = page.locator("#authenticator_secret").input_value()
    totp.wait_for_a_fresh_step(seconds_needed=10)
    page.locator("input[name=code]").fill(totp.code(secret))
    page.locator("#totp-activate").click()

    expect(page).to_have_url(re.compile(re.escape(reverse("mfa_view_recovery_codes")) + "$"))
    codes = page.locator("#recovery_codes").input_value().split()
    assert len(codes) == 10 and all(re.fullmatch(r"\d{8}", c) for c in codes)
    if shots:
        screenshot(page, "recovery-codes")
    page.locator("#continue-to-dashboard").click()

    expect(page).to_have_url(re.compile(re.escape(reverse("dashboard")) + "$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Camille")
    # Two-factor authentication is on: the administration opens.
    page.goto("/cms/")
    expect(page).to_have_url(re.compile(r"/cms/$"))


def test_a_coordinators_first_sign_in_goes_from_the_password_to_totp_to_the_dashboard(new_context):
    page = new_context().new_page()
    sign_in_with_password(page)
    set_up_totp_and_reach_the_dashboard(page, shots=True)


def test_a_lock_out_attempt_does_not_stop_the_coordinators_first_sign_in(new_context):
    # Anyone asks for a password reset for the coordinator's address.
    anyone = new_context().new_page()
    anyone.goto(reverse("account_reset_password"))
    anyone.locator("input[name=email]").fill(COORDINATOR)
    anyone.locator("main form [type=submit]").click()
    expect(anyone).to_have_url(re.compile(re.escape(reverse("account_reset_password_done"))))

    # The coordinator signs in and opens the email page before anything else.
    page = new_context().new_page()
    sign_in_with_password(page)
    page.goto(reverse("account_email"))
    expect(page).to_have_url(re.compile(re.escape(reverse("account_email")) + "$"))
    expect(page.locator("#current_email")).to_have_value(COORDINATOR)

    # Any page of the members' space leads to the set-up, which still finishes.
    page.goto(reverse("dashboard"))
    set_up_totp_and_reach_the_dashboard(page)
