"""A document shared as "public" can be read by anyone the link reaches; nothing else can."""

import pytest
from django.urls import reverse

from resources.models import DocumentVisibility
from tests.resources.conftest import share

pytestmark = pytest.mark.django_db


def test_a_visitor_reads_and_downloads_a_public_document(client, museum_a, member_a):
    document = share(member_a, museum=museum_a, visibility=DocumentVisibility.PUBLIC, title="Guide public du récolement")
    page = client.get(reverse("resources:document_detail", args=[document.pk]))
    assert page.status_code == 200 and "Guide public du récolement" in page.content.decode()
    download = client.get(reverse("resources:document_download", args=[document.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")


def test_a_visitor_is_asked_to_sign_in_for_a_members_document(client, museum_a, member_a):
    for visibility in (DocumentVisibility.MEMBERS, DocumentVisibility.MUSEUM):
        document = share(member_a, museum=museum_a, visibility=visibility, title="Note interne")
        for name in ("resources:document_detail", "resources:document_download"):
            response = client.get(reverse(name, args=[document.pk]))
            assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
