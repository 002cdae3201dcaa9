"""Checks every uploaded file goes through before anything is stored.

Reusable by any app that accepts files from members (documents, forum attachments…):

    from extranet.uploads import DOCUMENT_TYPES, check_upload

    info = check_upload(uploaded_file, allowed=DOCUMENT_TYPES, max_mb=settings.DOCUMENT_MAX_UPLOAD_MB)

`check_upload` raises `django.core.exceptions.ValidationError` (messages in the member's
language) when the extension is not allowed, the bytes do not match the extension (magic-number
sniffing: an HTML or SVG file renamed `.pdf` is refused; OOXML and OpenDocument files are zip
files whose content-types / `mimetype` entry must match), or the file is too large. It reads
the file and seeks back to the start; it never writes anything.
"""

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.xls/.ppt (Compound File Binary)

# OOXML: the main part's content type declared in [Content_Types].xml.
OOXML_MAIN = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}
ODF_MIMETYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    **ODF_MIMETYPES,
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "csv": "text/csv",
    "txt": "text/plain",
}

IMAGE_TYPES = frozenset({"png", "jpg", "jpeg", "gif", "webp"})
OFFICE_TYPES = frozenset({"doc", "xls", "ppt", "docx", "xlsx", "pptx", "odt", "ods", "odp"})
TEXT_TYPES = frozenset({"csv", "txt"})
DOCUMENT_TYPES = frozenset({"pdf"}) | OFFICE_TYPES | IMAGE_TYPES | TEXT_TYPES

SNIFF_BYTES = 64 * 1024
# Markup that must never hide behind a harmless extension (browsers may render it).
MARKUP_STARTS = (b"<!doctype", b"<html", b"<svg", b"<?xml", b"<head", b"<body", b"<script")


@dataclass(frozen=True)
class UploadInfo:
    extension: str
    content_type: str
    size: int


def extension_of(name: str) -> str:
    return PurePath(name or "").suffix.lower().lstrip(".")


def _head(uploaded, n=SNIFF_BYTES) -> bytes:
    uploaded.seek(0)
    data = uploaded.read(n)
    uploaded.seek(0)
    return data


def _zip_matches(uploaded, extension: str) -> bool:
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            names = set(archive.namelist())
            if extension in ODF_MIMETYPES:
                if "mimetype" not in names:
                    return False
                return archive.read("mimetype").strip() == ODF_MIMETYPES[extension].encode()
            if "[Content_Types].xml" not in names:
                return False
            return OOXML_MAIN[extension].encode() in archive.read("[Content_Types].xml")
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError):
        return False
    finally:
        uploaded.seek(0)


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    if head.lstrip().lower().startswith(MARKUP_STARTS):
        return False
    for encoding in ("utf-8", "cp1252"):
        try:
            # A multi-byte character may be cut at the end of the sniffed block.
            head.decode(encoding) if len(head) < SNIFF_BYTES else head[:-4].decode(encoding)
            return True
        except UnicodeDecodeError:
            continue
    return False


def content_matches_extension(uploaded, extension: str) -> bool:
    """Do the file's first bytes (or its zip directory) say what its extension says?"""
    head = _head(uploaded)
    if extension == "pdf":
        # The PDF header may follow a little garbage, but must appear in the first KiB.
        return b"%PDF-" in head[:1024]
    if extension in {"doc", "xls", "ppt"}:
        return head.startswith(OLE2)
    if extension in OOXML_MAIN or extension in ODF_MIMETYPES:
        return head.startswith(b"PK\x03\x04") and _zip_matches(uploaded, extension)
    if extension == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in {"jpg", "jpeg"}:
        return head.startswith(b"\xff\xd8\xff")
    if extension == "gif":
        return head.startswith((b"GIF87a", b"GIF89a"))
    if extension == "webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if extension in TEXT_TYPES:
        return _is_text(head)
    return False


def allowed_extensions_text(allowed) -> str:
    return ", ".join(f".{ext}" for ext in sorted(allowed))


def check_upload(uploaded, *, allowed=DOCUMENT_TYPES, max_mb: int | float = 50) -> UploadInfo:
    """Refuse (ValidationError) a file of a type not allowed, whose bytes lie about its type, or too large."""
    if uploaded is None:
        raise ValidationError(_("Choose a file."), code="required")
    name = getattr(uploaded, "name", "") or ""
    extension = extension_of(name)
    if extension not in allowed:
        raise ValidationError(
            _("Files of this type are not accepted. Accepted types: %(types)s."),
            code="type",
            params={"types": allowed_extensions_text(allowed)},
        )
    size = uploaded.size if getattr(uploaded, "size", None) is not None else len(_head(uploaded, None))
    max_bytes = int(max_mb * 1024 * 1024)
    if size > max_bytes:
        raise ValidationError(
            _("This file is too large (%(size)s); the limit is %(limit)s."),
            code="size",
            params={"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
        )
    if size == 0:
        raise ValidationError(_("This file is empty."), code="empty")
    if not content_matches_extension(uploaded, extension):
        raise ValidationError(
            _("The content of this file does not match its extension (.%(ext)s): it was refused."),
            code="content",
            params={"ext": extension},
        )
    return UploadInfo(extension=extension, content_type=CONTENT_TYPES[extension], size=size)
