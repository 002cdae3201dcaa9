"""The equipment exchange in a real browser: the Louvre-Lens gives a lot of showcases away,
La Piscine asks for one, they talk, it is promised and handed over, the figures move; the
map draws its markers from its feed and still leads to the list without JavaScript."""

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from equipment_loans.exchange.models import Listing

from .conftest import log_in
from .test_foundation import describe, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LOUVRE = "gestion.louvre-lens@demo.example"
PISCINE = "gestion.la-piscine@demo.example"


def photo_file(name, colour):
    buffer = io.BytesIO()
    Image.new("RGB", (1400, 1000), colour).save(buffer, "JPEG")
    return {"name": name, "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def network_kg(page) -> int:
    page.goto("/espace/")
    figure = page.locator('[data-figure="network-kg"]')
    return int(re.sub(r"\D", "", figure.inner_text())) if figure.count() else 0


def test_a_lot_of_showcases_is_given_requested_discussed_promised_and_handed_over(new_context):
    louvre = new_context().new_page()
    log_in(louvre, LOUVRE)
    piscine = new_context().new_page()
    log_in(piscine, PISCINE)
    kg_before = network_kg(piscine)

    # The Louvre-Lens creates a lot with one pickup window…
    louvre.goto("/espace/materiel/")
    louvre.get_by_role("link", name="Proposer un lot entier").click()
    today = timezone.localdate()
    louvre.fill("#id_title", "Mobilier de l'exposition Rome")
    louvre.fill("#id_exhibition", "Rome, la cité et l'empire")
    louvre.fill("#id_pickup_from", (today + timedelta(days=7)).isoformat())
    louvre.fill("#id_pickup_until", (today + timedelta(days=30)).isoformat())
    louvre.click("#lot-submit")
    louvre.wait_for_url(re.compile(r"/espace/materiel/lots/\d+/$"))
    # …adds its showcases with photos…
    louvre.get_by_role("link", name="Ajouter une annonce").click()
    louvre.check("input[name=offer_type][value=donation]")
    louvre.select_option("#id_category", "showcases")
    louvre.fill("#id_title", "Vitrine basse Rome")
    louvre.fill("#id_quantity", "4")
    louvre.fill("#id_weight_kg", "120")
    louvre.select_option("#id_material", "glass")
    louvre.set_input_files("#id_photos", [photo_file("vitrine-1.jpg", (120, 30, 60)), photo_file("vitrine-2.jpg", (30, 60, 120))])
    louvre.click("#listing-submit")
    louvre.wait_for_url(re.compile(r"/espace/materiel/lots/\d+/$"))
    assert louvre.locator(".listing-card img").count() == 1  # the first photo's thumbnail
    # …and publishes the lot.
    louvre.get_by_role("button", name="Publier les brouillons du lot").click()
    louvre.wait_for_load_state()
    listing_url = louvre.get_by_role("link", name="Vitrine basse Rome").get_attribute("href")

    # La Piscine finds it and asks for one, with a message.
    piscine.goto(listing_url)
    assert piscine.locator(".photo-grid img").count() == 2
    piscine.fill("#id_quantity", "1")
    piscine.fill("#id_intended_use", "Présenter la collection de céramiques")
    piscine.fill("#id_message", "Bonjour, une vitrine nous intéresse.")
    piscine.get_by_role("button", name="Envoyer la demande").click()
    piscine.wait_for_url(re.compile(r"/espace/materiel/demandes/\d+/$"))
    thread_url = piscine.url

    # The Louvre-Lens answers in the thread and promises it.
    louvre.goto(thread_url)
    assert "une vitrine nous intéresse" in louvre.locator(".thread").inner_text()
    louvre.fill("#id_body", "Avec plaisir : venez mardi à 10 h.")
    louvre.click("#message-submit")
    louvre.locator(".thread", has_text="venez mardi").wait_for()
    louvre.click("#promise-submit")
    louvre.wait_for_url(re.compile(r"/espace/materiel/annonces/\d+/$"))
    louvre.goto(thread_url)
    louvre.click("#hand-over-submit")
    louvre.wait_for_load_state()
    assert "Remise" in louvre.locator("#request-status").inner_text()

    # La Piscine sees the answer, and the dashboard's figures moved by the showcase's 120 kg.
    piscine.goto(thread_url)
    assert "venez mardi" in piscine.locator(".thread").inner_text()
    assert network_kg(piscine) == kg_before + 120


def test_the_map_draws_its_markers_from_the_feed_and_a_popup_leads_to_the_listing(member_page):
    page = member_page
    blocked = []
    page.on("console", lambda msg: blocked.append(msg.text) if "Content Security Policy" in msg.text else None)
    feeds = []
    page.on("response", lambda response: feeds.append(response) if "/carte/annonces.json" in response.url else None)
    response = page.goto("/espace/materiel/carte/")
    shown = Listing.objects.filter(status__in=("published", "promised"))
    museums = shown.values("museum").distinct().count()
    assert museums >= 3
    map_el = page.locator("#exchange-map")
    expect(map_el).to_have_class(re.compile(r"\bmap-ready\b"))
    expect(map_el.locator("path.leaflet-interactive")).to_have_count(museums)
    expect(page.locator("#exchange-map-summary")).to_contain_text(f"{shown.count()} annonces dans {museums} musées")
    # The markers came from the feed: the page itself carries no listing.
    assert [f.status for f in feeds] == [200]
    assert "Vitrine table" not in response.text()
    assert not blocked, blocked
    violations = serious_violations(page)
    assert not violations, describe(violations)

    # Filtered: the showcases on offer are the Louvre-Lens lot's, one marker.
    page.locator("#id_category").select_option("showcases")
    page.locator("#id_kind").select_option("offer")
    page.locator("form.filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"category=showcases"))
    expect(map_el.locator("path.leaflet-interactive")).to_have_count(1)
    list_link = page.locator("#exchange-map-list-link").get_attribute("href")
    assert list_link.startswith("/espace/materiel/?") and "category=showcases" in list_link and "kind=offer" in list_link
    # Its popup fetches the museum's listings when opened; one click leads to a listing's page.
    map_el.locator("path.leaflet-interactive").click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("Louvre-Lens")
    expect(popup.get_by_role("link", name="Vitrine haute climatisable")).to_be_visible()
    all_of_them = popup.get_by_role("link", name="Voir ces 2 annonces dans la liste")
    assert "museum=louvre-lens" in all_of_them.get_attribute("href")
    assert [f.status for f in feeds] == [200, 200, 200]
    popup.get_by_role("link", name="Vitrine table").click()
    expect(page).to_have_url(re.compile(r"/espace/materiel/annonces/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vitrine table")


def test_without_javascript_the_map_page_leads_to_the_list_with_the_same_filters(new_context, member_state):
    page = new_context(storage_state=member_state, java_script_enabled=False).new_page()
    page.goto("/espace/materiel/carte/?category=plinths")
    page.locator(".map-fallback").get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/espace/materiel/\?category=plinths$"))
    expect(page.locator(".listing-grid")).to_contain_text("Socles en MDF laqué blanc")
