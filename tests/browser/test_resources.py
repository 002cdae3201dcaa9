"""Shared documents in a real browser: a Louvre-Lens member shares a PDF with their museum only;
La Piscine never sees it (library, search, URLs); a colleague downloads it; a renamed HTML file
is refused; versions keep their history; the exhibitions feed parses."""

import re

import pytest
from django.core.management import call_command
from filer.models import File as FilerFile
from icalendar import Calendar
from playwright.sync_api import expect

from extranet.models import Museum
from resources.demo import make_pdf
from resources.models import Document

from .conftest import DEMO_PASSWORD, log_in

pytestmark = pytest.mark.browser

PISCINE = "gestion.la-piscine@demo.example"
COLLEAGUE = "gestion.louvre-lens@demo.example"
SECRET_WORD = "Orfèvrerie"
TITLE = "Inventaire confidentiel des réserves"


def run_worker():
    call_command("task_worker", "--queue-name", "default", batch=True, verbosity=0)
    call_command("task_worker", "--queue-name", "search", batch=True, verbosity=0)


def fill_upload_form(page, *, name, data, mime, title):
    page.goto("/espace/ressources/documents/ajouter/")
    page.locator("input[name=file]").set_input_files({"name": name, "mimeType": mime, "buffer": data})
    page.get_by_label("Titre").fill(title)
    page.locator("select[name=kind]").select_option("administrative")
    page.locator("select[name=museum]").select_option(str(Museum.objects.get(name="Louvre-Lens").pk))
    page.locator("select[name=visibility]").select_option("museum")
    page.locator("#document-submit").click()


def test_a_museum_only_pdf_is_shared_downloaded_by_a_colleague_and_invisible_to_another_museum(new_context, member_page):
    page = member_page
    # 1. A renamed HTML file is refused, in French, and nothing is stored.
    files_before = FilerFile.objects.count()
    fill_upload_form(page, name="rapport.pdf", data=b"<!DOCTYPE html><html><body>faux</body></html>",
                     mime="application/pdf", title="Faux PDF")
    expect(page.locator(".field.has-error")).to_contain_text("ne correspond pas à son extension")
    assert FilerFile.objects.count() == files_before
    assert not Document.objects.filter(title="Faux PDF").exists()

    # 2. The real PDF, for the Louvre-Lens only.
    pdf = make_pdf([f"Inventaire des pièces d'{SECRET_WORD} en réserve"])
    fill_upload_form(page, name="inventaire.pdf", data=pdf, mime="application/pdf", title=TITLE)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    document = Document.objects.get(title=TITLE)
    page_url, file_url = document.get_absolute_url(), document.get_download_url()

    # 3. Replace it: the history keeps both versions.
    page.get_by_role("link", name="Remplacer le fichier").click()
    page.locator("input[name=file]").set_input_files(
        {"name": "inventaire-v2.pdf", "mimeType": "application/pdf", "buffer": make_pdf([f"{SECRET_WORD} v2"])}
    )
    page.get_by_label("Ce qui a changé").fill("Ajout des pièces du dépôt")
    page.locator("#replace-submit").click()
    rows = page.locator("table.versions tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Ajout des pièces du dépôt")
    old_version_url = page.get_by_role("link", name="Télécharger la version 1").get_attribute("href")

    # The words inside the PDF become searchable once the worker has run.
    run_worker()

    # 4. La Piscine: not in the library, not in search, 404 on the page, the file and an old version.
    piscine = new_context().new_page()
    log_in(piscine, PISCINE, DEMO_PASSWORD)
    piscine.goto("/espace/ressources/documents/")
    expect(piscine.get_by_role("heading", level=1)).to_be_visible()
    expect(piscine.get_by_text(TITLE)).to_have_count(0)
    piscine.goto(f"/espace/recherche/?q={SECRET_WORD}")
    expect(piscine.get_by_text(TITLE)).to_have_count(0)
    for url in (page_url, file_url, old_version_url):
        assert piscine.request.get(url).status == 404

    # 5. A colleague at the Louvre-Lens finds it by a word inside the PDF and downloads it.
    colleague = new_context().new_page()
    log_in(colleague, COLLEAGUE, DEMO_PASSWORD)
    colleague.goto("/espace/recherche/?q=orfevrerie")
    colleague.get_by_role("link", name=TITLE).click()
    expect(colleague).to_have_url(re.compile(re.escape(page_url) + "$"))
    with colleague.expect_download() as download_info:
        colleague.locator("#download-current").click()
    download = download_info.value
    assert download.suggested_filename == "inventaire-v2.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read().startswith(b"%PDF-")
    assert colleague.request.get(old_version_url).status == 200


def test_the_exhibitions_feed_parses_and_the_calendar_shows_at_375_px(new_context, member_page):
    page = member_page
    page.goto("/espace/ressources/expositions/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    feed = page.request.get("/espace/ressources/expositions/calendrier.ics")
    assert feed.status == 200
    events = Calendar.from_ical(feed.body()).walk("VEVENT")
    assert any("Louvre-Lens" in str(event["summary"]) for event in events)
    museum = Museum.objects.get(name="La Piscine")
    one = Calendar.from_ical(page.request.get(f"/espace/ressources/expositions/musees/{museum.slug}/calendrier.ics").body())
    assert {str(e["summary"]).rsplit(" — ", 1)[1] for e in one.walk("VEVENT")} == {"La Piscine"}

    small = new_context(viewport={"width": 375, "height": 812}, storage_state=page.context.storage_state()).new_page()
    for url in ("/espace/ressources/expositions/mois/", "/espace/ressources/documents/"):
        small.goto(url)
        assert small.evaluate("document.documentElement.scrollWidth") <= 375
