"""The equipment exchange in a real browser: the Louvre-Lens gives a lot of showcases away,
La Piscine asks for one, they talk, it is promised and handed over, the figures move."""

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image

from .conftest import log_in

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
