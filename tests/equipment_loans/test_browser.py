"""A kit booking walked in a real browser, from the request to the return, with the logger
export drawn on the booking page. The member and a coordinator each have their own browser."""

import re
from datetime import datetime, timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from equipment_loans.demo import demo_logger_csv
from equipment_loans.models import Booking, BookingStatus, LoggerReading
from extranet.models import User
from tests.browser.conftest import MOBILE

pytestmark = pytest.mark.browser


def coordinator_page(new_context, base_url):
    """A page signed in as the demo coordinator (two-factor auth on, session made directly)."""
    coordinator = User.objects.get(email="coordination@demo.example")
    TOTP.activate(coordinator, generate_totp_secret())
    client = Client()
    client.force_login(coordinator)
    context = new_context()
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}])
    return context.new_page()


def no_inline_script(page):
    """CSP will forbid inline scripts and handlers: every script is a file or JSON data."""
    for script in page.locator("script").all():
        assert script.get_attribute("src") or script.get_attribute("type") == "application/json"
    assert page.locator("[onclick], [onchange], [onsubmit], [onload]").count() == 0


def test_a_booking_from_request_to_return_with_a_logger_chart(member_page, new_context, demo_site, tmp_path):
    today = timezone.localdate()
    pickup, back = today + timedelta(days=1), today + timedelta(days=4)
    page = member_page

    # 1. The member sees the calendar, then books a luxmeter for the Louvre-Lens.
    page.goto("/espace/kit/")
    page.get_by_role("link", name="Luxmètre").first.click()
    expect(page.locator("table.kit-calendar").first).to_be_visible()
    page.goto("/espace/kit/reserver/")
    no_inline_script(page)
    page.locator("#id_pickup_date").fill(pickup.isoformat())
    page.locator("#id_return_date").fill(back.isoformat())
    page.get_by_role("spinbutton", name="Luxmètre").fill("1")
    page.locator("#id_purpose").fill("Mesure de l'éclairement des vitrines d'arts graphiques")
    page.locator("#id_contact").fill("Julien Lefebvre, 03 21 00 00 00")
    page.locator("#kit-request-submit").click()
    expect(page).to_have_url(re.compile(r"/espace/kit/reservations/\d+/$"))
    expect(page.locator("h1 .kit-status-requested")).to_be_visible()
    booking = Booking.objects.get(purpose__startswith="Mesure de l'éclairement")
    url = f"/espace/kit/reservations/{booking.pk}/"

    # 2. The coordinator approves and hands the luxmeter over.
    coordinator = coordinator_page(new_context, demo_site)
    coordinator.goto(url)
    coordinator.locator("#kit-approve").click()
    expect(coordinator.locator("h1 .kit-status-approved")).to_be_visible()
    coordinator.locator("#id_condition_notes").fill("Bon état, pile neuve")
    coordinator.locator("#kit-hand-over").click()
    expect(coordinator.locator("h1 .kit-status-handed_over")).to_be_visible()

    # 3. The member adds the data logger export.
    csv_path = tmp_path / "releves.csv"
    csv_path.write_text(demo_logger_csv(datetime.now().replace(minute=0, second=0, microsecond=0), days=3), encoding="utf-8")
    page.goto(url)
    page.locator("input[name=file]").set_input_files(str(csv_path))
    page.locator("#kit-logger-submit").click()
    chart = page.locator("svg.kit-chart")
    expect(chart).to_be_visible()
    expect(chart.locator("polyline.kit-chart-temp")).to_have_count(1)
    expect(chart.locator("polyline.kit-chart-rh")).to_have_count(1)
    expect(chart.locator("rect.kit-chart-band")).to_have_count(2)
    assert LoggerReading.objects.filter(logger_file__booking=booking).count() == 3 * 48

    # 4. The coordinator records the return; the member sees it, chart and history included.
    coordinator.goto(url)
    coordinator.locator("#id_condition_notes").fill("Rendu complet")
    coordinator.locator("#kit-check-in").click()
    expect(coordinator.locator("h1 .kit-status-returned")).to_be_visible()
    page.reload()
    expect(page.locator("h1 .kit-status-returned")).to_be_visible()
    expect(page.locator(".kit-timeline li")).to_have_count(5)  # requested, approved, handed over, logger, returned
    no_inline_script(page)
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.RETURNED

    # The booking page holds on a phone too: nothing wider than the screen.
    page.set_viewport_size(MOBILE)
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]
