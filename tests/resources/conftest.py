"""Fixtures of the shared resources: files to upload, documents made through the services, a fresh index."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from haystack import connections

from extranet import services as extranet_services
from resources import services
from resources.demo import make_pdf
from resources.models import DocumentKind, DocumentVisibility
from tests.factories import WorkingGroupFactory, make_member


def pdf_upload(name="note.pdf", lines=("Inventaire des vitrines préventives",)):
    return SimpleUploadedFile(name, make_pdf(list(lines)), content_type="application/pdf")


def zip_bytes(entries: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_bytes(text: str) -> bytes:
    return zip_bytes({
        "[Content_Types].xml": (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/></Types>'
        ),
        "word/document.xml": (
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"
        ),
    })


def odt_bytes(text: str) -> bytes:
    return zip_bytes({
        "mimetype": "application/vnd.oasis.opendocument.text",
        "content.xml": (
            '<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
            ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
            f"<text:h>Titre</text:h><text:p>{text}</text:p></office:text></office:body></office:document-content>"
        ),
    })


def share(by, *, uploaded=None, visibility=DocumentVisibility.MUSEUM, museum=None, working_group=None,
          kind=DocumentKind.ADMINISTRATIVE, title="Procédure de prêt", **extra):
    """A document shared through the service, as the upload form does."""
    return services.document_create(
        by=by, uploaded=uploaded or pdf_upload(), title=title, kind=kind, museum=museum,
        working_group=working_group, visibility=visibility, **extra,
    )


@pytest.fixture
def member_a2(museum_a):
    """A second member of the Louvre-Lens."""
    return make_member(museum_a, first_name="Clara")


@pytest.fixture
def group(db):
    return WorkingGroupFactory(name="Médiation", slug="mediation")


@pytest.fixture
def join():
    def run(user, group):
        extranet_services.working_group_join(group=group, user=user, by=None)
        return user

    return run


@pytest.fixture
def fresh_index(tmp_path):
    """An empty Whoosh index on disk for this test, with every registered kind."""
    original = connections.connections_info["default"]["PATH"]
    connections.connections_info["default"]["PATH"] = str(tmp_path / "whoosh")
    connections.reload("default")
    yield connections["default"].get_backend()
    connections.connections_info["default"]["PATH"] = original
    connections.reload("default")


def private_files(settings):
    """Every file under the private filer directory."""
    root = settings.PRIVATE_MEDIA_ROOT / "filer_private"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
