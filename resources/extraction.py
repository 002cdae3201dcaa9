"""Words inside a document's file, for search: PDF (pypdf), Word .docx and OpenDocument text."""

import io
import logging
import zipfile
from xml.etree import ElementTree

logger = logging.getLogger(__name__)

MAX_CHARS = 500_000  # enough for any guide; keeps one huge report from bloating the index
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        try:
            reader.decrypt("")
        except Exception:  # noqa: BLE001 - a protected PDF is simply not searchable by content
            return ""
    parts, total = [], 0
    for page in reader.pages:
        text = page.extract_text() or ""
        parts.append(text)
        total += len(text)
        if total > MAX_CHARS:
            break
    return "\n".join(parts)


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = ElementTree.fromstring(archive.read("word/document.xml"))
    paragraphs = []
    for paragraph in root.iter(f"{W_NS}p"):
        paragraphs.append("".join(node.text or "" for node in paragraph.iter(f"{W_NS}t")))
    return "\n".join(p for p in paragraphs if p)


def _odf_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = ElementTree.fromstring(archive.read("content.xml"))
    blocks = []
    for tag in ("h", "p"):
        for element in root.iter(f"{TEXT_NS}{tag}"):
            blocks.append("".join(element.itertext()))
    return "\n".join(b for b in blocks if b)


def _plain_text(data: bytes) -> str:
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return ""


EXTRACTORS = {
    "pdf": _pdf_text,
    "docx": _docx_text,
    "odt": _odf_text,
    "ods": _odf_text,
    "odp": _odf_text,
    "txt": _plain_text,
    "csv": _plain_text,
}


def extract_text(data: bytes, extension: str) -> str:
    """The text of a file, or "" when its type has no extractor or it cannot be read."""
    extractor = EXTRACTORS.get(extension)
    if extractor is None:
        return ""
    try:
        text = extractor(data)
    except Exception:  # noqa: BLE001 - a broken file must not fail the queue; it is logged
        logger.warning("Text extraction failed for a .%s file", extension, exc_info=True)
        return ""
    return " ".join(text.split(" "))[:MAX_CHARS].replace("\x00", "")
