"""Background work of the shared documents: text extraction after an upload.

Runs on the `default` queue; saving the extracted text queues the index update on the
`search` queue (search/signals.py), which the one search worker applies.
"""

from django_tasks import task

EXTRACTION_QUEUE = "default"


@task(queue_name=EXTRACTION_QUEUE)
def extract_document_text(document_id: int, version_number: int) -> dict:
    """Read the words of a document's file into `extracted_text` (if that version is still current)."""
    from .services import document_store_extracted_text

    return document_store_extracted_text(document_id=document_id, version_number=version_number)
