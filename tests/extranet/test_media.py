"""Wagtail's documents and images: kept in private storage, sent by a view that checks their
collection. The members-only collection's files go to members and answer 404 to anyone else."""

import importlib
import io

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.documents.models import Document as WagtailDocument
from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtail.rich_text import expand_db_html

from extranet import services

pytestmark = pytest.mark.django_db

Document = get_document_model()
Image = get_image_model()


def png(colour=(30, 90, 160)) -> ContentFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), colour).save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="vitrine.png")


@pytest.fixture
def members_only():
    return services.members_only_collection()


@pytest.fixture
def minutes(members_only):
    return Document.objects.create(
        title="Compte rendu du comité", collection=members_only,
        file=ContentFile(b"%PDF-1.4 compte rendu", name="compte-rendu.pdf"),
    )


@pytest.fixture
def public_document():
    return Document.objects.create(
        title="Plaquette du réseau", collection=Collection.get_first_root_node(),
        file=ContentFile(b"%PDF-1.4 plaquette", name="plaquette.pdf"),
    )


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_members_only_document_answers_404_to_an_anonymous_visitor(client, minutes):
    response = client.get(minutes.url)
    assert response.status_code == 404
    assert b"compte rendu" not in response.content


def test_a_members_only_document_downloads_for_a_member(client, minutes, member_a):
    client.force_login(member_a)
    response = client.get(minutes.url)
    assert response.status_code == 200
    assert body(response) == b"%PDF-1.4 compte rendu"
    assert "private" in response["Cache-Control"]
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_wagtails_documents_are_stored_outside_the_public_media_folder(minutes, public_document):
    for document in (minutes, public_document):
        assert document.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
        assert not default_storage.exists(document.file.name)


def test_a_public_document_downloads_for_anyone(client, public_document):
    response = client.get(public_document.url)
    assert response.status_code == 200 and body(response) == b"%PDF-1.4 plaquette"


def test_in_production_nginx_sends_the_file_after_the_check(client, minutes, member_a, settings):
    settings.PRIVATE_MEDIA_X_ACCEL_PREFIX = "/protected/"
    assert client.get(minutes.url).status_code == 404
    client.force_login(member_a)
    response = client.get(minutes.url)
    assert response["X-Accel-Redirect"] == "/protected/" + minutes.file.name


def test_a_rich_text_link_to_a_document_renders_to_its_serving_address(minutes):
    html = expand_db_html(f'<p><a linktype="document" id="{minutes.pk}">le compte rendu</a></p>')
    assert f'href="/documents/{minutes.pk}/{minutes.filename}"' in html and minutes.filename.startswith("compte-rendu")


def test_a_document_in_a_group_collection_goes_to_that_groups_members_only(client, member_a, manager_a):
    from django.contrib.auth.models import Group
    from wagtail.models import BaseViewRestriction, CollectionViewRestriction

    group = Group.objects.create(name="Lecteurs du comité")
    manager_a.groups.add(group)
    collection = Collection.get_first_root_node().add_child(name="Comité")
    restriction = CollectionViewRestriction.objects.create(collection=collection, restriction_type=BaseViewRestriction.GROUPS)
    restriction.groups.add(group)
    document = Document.objects.create(title="Budget", collection=collection, file=ContentFile(b"budget", name="budget.pdf"))
    client.force_login(member_a)
    assert client.get(document.url).status_code == 404
    client.force_login(manager_a)
    assert client.get(document.url).status_code == 200


def test_a_members_only_image_and_its_renditions_answer_404_to_anonymous_visitors_and_show_to_members(
    client, members_only, member_a
):
    image = Image.objects.create(title="Vitrine", collection=members_only, file=png())
    rendition = image.get_rendition("fill-32x32")
    for url in (image.file.url, rendition.url):
        assert url.startswith("/medias/")
        assert client.get(url).status_code == 404
    assert not default_storage.exists(image.file.name) and not default_storage.exists(rendition.file.name)
    assert client.get(settings.MEDIA_URL + image.file.name).status_code == 404
    client.force_login(member_a)
    response = client.get(rendition.url)
    assert response.status_code == 200 and body(response).startswith(b"\x89PNG")


def test_a_public_image_is_shown_to_anyone_and_may_be_cached(client):
    image = Image.objects.create(title="Façade", collection=Collection.get_first_root_node(), file=png((200, 10, 10)))
    response = client.get(image.get_rendition("width-32").url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=3600"


def test_moving_an_image_to_the_members_only_collection_closes_it_at_once(client, members_only):
    image = Image.objects.create(title="Façade", collection=Collection.get_first_root_node(), file=png())
    url = image.get_rendition("width-32").url
    assert client.get(url).status_code == 200
    image.collection = members_only
    image.save()
    assert client.get(url).status_code == 404


def test_an_unknown_file_name_answers_404(client, member_a):
    client.force_login(member_a)
    assert client.get("/medias/images/nothing-here.png").status_code == 404
    assert client.get("/medias/../settings.py").status_code == 404


def test_documents_uploaded_before_the_upgrade_move_to_private_storage_with_their_id():
    """The data migration: Wagtail's own rows (files under MEDIA_ROOT) become the project's."""
    from django.apps import apps

    migration = importlib.import_module("extranet.migrations.0005_wagtail_documents_and_images_private")
    old = WagtailDocument.objects.create(
        title="Ancien règlement", file=ContentFile(b"ancien", name="reglement.pdf"),
        collection=Collection.get_first_root_node(),
    )
    old.tags.add("règlement")
    old_name = old.file.name
    assert default_storage.exists(old_name)
    migration.move_existing_files(apps, None)
    moved = Document.objects.get(pk=old.pk)
    assert moved.title == "Ancien règlement" and moved.file.read() == b"ancien"
    assert list(moved.tags.names()) == ["règlement"]
    assert not default_storage.exists(old_name) and not WagtailDocument.objects.filter(pk=old.pk).exists()


def test_a_coordinator_uploads_a_document_and_an_image_into_the_members_only_collection(client, members_only):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from tests.factories import make_coordinator

    coordinator = make_coordinator()
    TOTP.activate(coordinator, generate_totp_secret())
    client.force_login(coordinator)
    response = client.post(reverse("wagtaildocs:add"), {
        "title": "Règlement du kit", "collection": members_only.pk, "tags": "",
        "file": SimpleUploadedFile("reglement-kit.pdf", b"%PDF-1.4 reglement", content_type="application/pdf"),
    })
    assert response.status_code == 302, response.content.decode()[:500]
    document = Document.objects.get(title="Règlement du kit")
    assert document.collection == members_only and document.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    response = client.post(reverse("wagtailimages:add"), {
        "title": "Vitrine", "collection": members_only.pk, "tags": "", "description": "",
        "file": SimpleUploadedFile("vitrine.png", png().read(), content_type="image/png"),
    })
    assert response.status_code == 302, response.content.decode()[:500]
    image = Image.objects.get(title="Vitrine")
    assert image.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    client.logout()
    assert client.get(document.url).status_code == 404 and client.get(image.file.url).status_code == 404
