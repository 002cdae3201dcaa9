"""Files attached to posts pass the checks of extranet/uploads.py."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from forum.forms import AttachmentForm


def form_with(name, content, content_type="application/pdf"):
    return AttachmentForm(data={"comment": ""}, files={"file": SimpleUploadedFile(name, content, content_type=content_type)})


def test_a_real_pdf_is_accepted(db):
    assert form_with("compte-rendu.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n").is_valid()


def test_html_or_svg_renamed_pdf_is_refused(db):
    assert not form_with("piege.pdf", b"<!DOCTYPE html><script>alert(1)</script>").is_valid()
    assert not form_with("piege.pdf", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>').is_valid()


def test_other_types_are_refused(db):
    assert not form_with("page.html", b"<html></html>", "text/html").is_valid()
    assert not form_with("script.exe", b"MZ\x90\x00", "application/octet-stream").is_valid()


@override_settings(FORUM_ATTACHMENT_MAX_MB=0.001)
def test_a_file_over_the_size_limit_is_refused(db):
    assert not form_with("gros.pdf", b"%PDF-1.7\n" + b"0" * 5000).is_valid()
