"""Publications: filters and the CSV export."""

import csv
import io

from django.urls import reverse

from resources import services
from resources.models import DocumentVisibility, Publication, PublicationKind

from .conftest import share


def test_a_member_adds_a_publication_and_finds_it_with_the_filters(client, member_a, museum_a):
    client.force_login(member_a)
    response = client.post(reverse("resources:publication_create"), {
        "title": "Miroirs, le catalogue", "authors": "J. Lefebvre", "year": 2025, "publisher": "Éditions du Nord",
        "museum": museum_a.pk, "kind": PublicationKind.CATALOGUE, "isbn": "978-2-35031-000-0",
    })
    assert response.status_code == 302
    assert Publication.objects.get().isbn == "9782350310000"
    services.publication_create(by=member_a, title="Un article", authors="C. Roussel", year=2019,
                                kind=PublicationKind.ARTICLE)
    page = client.get(reverse("resources:publication_list"), {"kind": "catalogue"}).content.decode()
    assert "Miroirs, le catalogue" in page and "Un article" not in page
    page = client.get(reverse("resources:publication_list"), {"q": "roussel"}).content.decode()
    assert "Un article" in page and "Miroirs" not in page


def test_the_csv_export_lists_the_filtered_publications_safely(client, member_a):
    services.publication_create(by=member_a, title="=HYPERLINK(\"x\")", authors="A", year=2024,
                                kind=PublicationKind.OTHER)
    services.publication_create(by=member_a, title="Guide", authors="B", year=2020, kind=PublicationKind.REPORT)
    client.force_login(member_a)
    response = client.get(reverse("resources:publication_export"), {"year": 2024})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2
    assert rows[1][0].startswith("'=")  # a formula is not run by the spreadsheet


def test_a_publications_document_link_shows_only_to_who_may_see_it(client, member_a, manager_b, museum_a):
    document = share(member_a, museum=museum_a, visibility=DocumentVisibility.MUSEUM, title="Texte intégral")
    services.publication_create(by=member_a, title="Article lié", authors="A", year=2024,
                                kind=PublicationKind.ARTICLE, document=document)
    client.force_login(manager_b)
    page = client.get(reverse("resources:publication_list")).content.decode()
    assert "Article lié" in page and document.get_absolute_url() not in page
    client.force_login(member_a)
    assert document.get_absolute_url() in client.get(reverse("resources:publication_list")).content.decode()
