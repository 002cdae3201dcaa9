"""extranet/uploads.py: the checks every uploaded file goes through."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from extranet.uploads import DOCUMENT_TYPES, IMAGE_TYPES, check_upload
from resources.demo import make_pdf

from .conftest import docx_bytes, odt_bytes, zip_bytes

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def upload(name, data):
    return SimpleUploadedFile(name, data)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("guide.pdf", make_pdf(["Bonjour"])),
        ("note.docx", docx_bytes("Bonjour")),
        ("note.odt", odt_bytes("Bonjour")),
        ("photo.png", PNG),
        ("photo.JPG", b"\xff\xd8\xff\xe0" + b"\x00" * 20),
        ("liste.csv", b"nom;ville\nLouvre-Lens;Lens\n"),
        ("lisez-moi.txt", "Été 2025 : réserves".encode("cp1252")),
        ("ancien.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40),
    ],
)
def test_genuine_files_of_allowed_types_are_accepted(name, data):
    info = check_upload(upload(name, data), allowed=DOCUMENT_TYPES, max_mb=1)
    assert info.extension == name.rsplit(".", 1)[1].lower()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("rapport.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("rapport.pdf", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("photo.png", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
        ("note.docx", zip_bytes({"word/document.xml": "<x/>"})),  # a zip, but no OOXML content types
        ("note.odt", zip_bytes({"mimetype": "application/vnd.oasis.opendocument.spreadsheet"})),
        ("note.docx", odt_bytes("texte")),
        ("liste.txt", b"<html><body>hello</body></html>"),
        ("binaire.txt", b"\x00\x01\x02"),
    ],
)
def test_a_file_whose_bytes_do_not_match_its_extension_is_refused(name, data):
    with pytest.raises(ValidationError) as error:
        check_upload(upload(name, data), allowed=DOCUMENT_TYPES, max_mb=1)
    assert error.value.code == "content"


@pytest.mark.parametrize("name", ["page.html", "image.svg", "script.js", "archive.zip", "sans-extension"])
def test_types_outside_the_allowed_list_are_refused(name):
    with pytest.raises(ValidationError) as error:
        check_upload(upload(name, b"%PDF-1.4 whatever"), allowed=DOCUMENT_TYPES, max_mb=1)
    assert error.value.code == "type"


def test_a_file_over_the_size_limit_is_refused_with_both_sizes_in_the_message():
    data = make_pdf(["x"]) + b"0" * 2_000_000
    with pytest.raises(ValidationError) as error:
        check_upload(upload("gros.pdf", data), allowed=DOCUMENT_TYPES, max_mb=1)
    assert error.value.code == "size"
    assert "1,0" in " ".join(error.value.messages) or "1.0" in " ".join(error.value.messages)


def test_an_image_list_refuses_a_pdf():
    with pytest.raises(ValidationError):
        check_upload(upload("affiche.pdf", make_pdf(["x"])), allowed=IMAGE_TYPES, max_mb=1)


def test_the_check_leaves_the_file_readable_from_the_start():
    uploaded = upload("guide.pdf", make_pdf(["Bonjour"]))
    check_upload(uploaded)
    assert uploaded.read(5) == b"%PDF-"
