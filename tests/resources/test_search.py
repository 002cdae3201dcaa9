"""Documents are found by the words inside their files, after the background extraction, and only by
members who may see them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from resources.demo import make_pdf
from resources.extraction import extract_text
from resources.models import DocumentVisibility
from search.selectors import search_documents

from .conftest import docx_bytes, odt_bytes, share

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker():
    """Extraction on the `default` queue, then the index updates it caused on the `search` queue."""
    call_command("task_worker", "--queue-name", "default", batch=True, verbosity=0)
    call_command("task_worker", "--queue-name", "search", batch=True, verbosity=0)


def titles(user, query):
    return [result.title for result in search_documents(user=user, query=query)]


def test_text_inside_a_pdf_is_found_after_the_background_extraction_only_by_those_who_may_see_it(
    fresh_index, client, member_a, member_a2, manager_b, museum_a
):
    pdf = SimpleUploadedFile("hygro.pdf", make_pdf(["Étalonnage des thermo-hygromètres de la réserve Nord"]))
    document = share(member_a, museum=museum_a, uploaded=pdf, title="Note de régie")
    document.refresh_from_db()
    assert document.extracted_text == ""  # nothing is read in the request

    run_worker()
    document.refresh_from_db()
    assert "thermo-hygromètres" in document.extracted_text
    # Accents and plural folded: "etalonnage", "reserves" find "Étalonnage", "réserve".
    assert titles(member_a2, "etalonnage reserves") == ["Note de régie"]
    assert titles(manager_b, "etalonnage") == []

    client.force_login(manager_b)
    page = client.get(reverse("search"), {"q": "thermo-hygromètres"}).content.decode()
    assert "Note de régie" not in page
    client.force_login(member_a2)
    page = client.get(reverse("search"), {"q": "thermo-hygromètres"}).content.decode()
    assert "Note de régie" in page


def test_a_document_made_visible_to_all_members_becomes_findable_by_another_museum(
    fresh_index, member_a, manager_b, museum_a
):
    from resources import services

    document = share(member_a, museum=museum_a, title="Guide des vitrines")
    run_worker()
    assert titles(manager_b, "vitrine") == []
    services.document_update(document=document, by=member_a, visibility=DocumentVisibility.MEMBERS)
    run_worker()
    assert titles(manager_b, "vitrine") == ["Guide des vitrines"]


def test_words_of_word_and_opendocument_files_are_extracted():
    assert "anoxie" in extract_text(docx_bytes("Traitement par anoxie"), "docx")
    assert "récolement" in extract_text(odt_bytes("Plan de récolement décennal"), "odt")
    assert extract_text(b"not a pdf", "pdf") == ""  # a broken file yields nothing, no error
