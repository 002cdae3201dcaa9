"""Writes of the shared resources: documents and their versions, exhibitions, publications."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File as DjangoFile
from django.db import transaction
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from filer.models import File as FilerFile
from filer.models import Folder

from extranet.models import Membership, User, WorkingGroupMembership
from extranet.services import audit_record
from extranet.uploads import DOCUMENT_TYPES, IMAGE_TYPES, check_upload, extension_of
from notifications.services import notify

from . import permissions
from .extraction import extract_text
from .kinds import NEW_GROUP_DOCUMENT, NEW_MUSEUM_DOCUMENT
from .models import Document, DocumentKind, DocumentVersion, DocumentVisibility, Exhibition, Publication

logger = logging.getLogger(__name__)

DOCUMENT_FIELDS = (
    "title", "summary", "kind", "date", "meeting_date", "deadline", "authors", "museum", "working_group",
    "language", "visibility",
)


def check_document_upload(uploaded) -> None:
    """The upload checks of extranet/uploads.py with the documents' size limit."""
    check_upload(uploaded, allowed=DOCUMENT_TYPES, max_mb=settings.DOCUMENT_MAX_UPLOAD_MB)


def _folder_for(document: Document) -> Folder:
    # Folders only keep filer's admin tidy; access is decided by resources/permissions.py.
    root, _created = Folder.objects.get_or_create(name="Documents", parent=None)
    if document.museum_id:
        name = f"Musée {document.museum.slug}"
    elif document.working_group_id:
        name = f"Groupe {document.working_group.slug}"
    else:
        name = "Réseau"
    folder, _created = Folder.objects.get_or_create(name=name, parent=root)
    return folder


def _store_file(uploaded, *, by: User, folder: Folder, name: str) -> FilerFile:
    """Save the upload as a private filer File (private storage, under PRIVATE_MEDIA_ROOT)."""
    uploaded.seek(0)
    original = uploaded.name.rsplit("/", 1)[-1]
    filer_file = FilerFile(
        file=DjangoFile(uploaded, name=original),
        original_filename=original,
        name=name[:255],
        owner=by,
        folder=folder,
        is_public=False,
    )
    filer_file.save()
    return filer_file


class _StoredFiles:
    """Removes the files written to disk when the surrounding transaction fails."""

    def __init__(self):
        self.files: list[FilerFile] = []

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            for filer_file in self.files:
                try:
                    filer_file.file.storage.delete(filer_file.file.name)
                except Exception:  # noqa: BLE001 - the original error matters more
                    logger.warning("Could not remove %s after a failed upload", filer_file.file.name)
        return False


def _validate_document(document: Document, *, by: User) -> None:
    errors = {}
    if document.kind == DocumentKind.MINUTES:
        if document.working_group_id is None:
            errors["working_group"] = _("Meeting minutes belong to a working group.")
        if document.meeting_date is None:
            errors["meeting_date"] = _("Give the date of the meeting.")
    if document.kind == DocumentKind.CALL and document.deadline is None:
        errors["deadline"] = _("Give the deadline of the call for projects.")
    if document.visibility == DocumentVisibility.MUSEUM and document.museum_id is None:
        errors["museum"] = _("Choose the museum whose staff may see this document.")
    if document.visibility == DocumentVisibility.GROUP and document.working_group_id is None:
        errors["working_group"] = _("Choose the working group whose members may see this document.")
    if errors:
        raise ValidationError(errors)
    if not permissions.can_file_document(
        by, museum=document.museum, working_group=document.working_group, visibility=document.visibility
    ):
        raise ValidationError(
            _("You may share documents only for your own museums and working groups (coordinators only: every one).")
        )
    document.full_clean(exclude=["file", "uploaded_by"])


def _after_upload(document: Document, *, by: User, notify_people: bool) -> None:
    # Extraction runs in the worker once the rows are committed.
    number = document.version_number
    transaction.on_commit(
        lambda: _enqueue_extraction(document.pk, number), robust=True
    )
    if notify_people:
        _notify_new_document(document, by=by)


def _enqueue_extraction(document_id: int, number: int) -> None:
    from .tasks import extract_document_text

    extract_document_text.enqueue(document_id, number)


def _notify_new_document(document: Document, *, by: User) -> None:
    title = format_lazy(_("New document: {title}"), title=document.title)
    told = {by.pk}
    if document.working_group_id and document.visibility != DocumentVisibility.COORDINATORS:
        members = User.objects.filter(
            pk__in=WorkingGroupMembership.objects.active().filter(group=document.working_group).values("user_id"),
            is_active=True,
        )
        for user in members:
            if user.pk not in told and permissions.can_view_document(user, document):
                notify(recipient=user, kind=NEW_GROUP_DOCUMENT, title=title, actor=by, obj=document)
                told.add(user.pk)
    if document.museum_id and document.visibility == DocumentVisibility.MUSEUM:
        colleagues = User.objects.filter(
            pk__in=Membership.objects.active().filter(museum=document.museum).values("user_id"), is_active=True
        )
        for user in colleagues:
            if user.pk not in told:
                notify(recipient=user, kind=NEW_MUSEUM_DOCUMENT, title=title, actor=by, obj=document)
                told.add(user.pk)


def document_create(*, by: User, uploaded, themes=(), request=None, **fields) -> Document:
    """Share a document: checks the upload, then stores its file (privately) and version 1.

    A refused upload (type, content, size, permission) raises ValidationError and stores
    nothing: no filer row, no file on disk.
    """
    unknown = set(fields) - set(DOCUMENT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown document fields: {sorted(unknown)}")
    document = Document(uploaded_by=by, **fields)
    _validate_document(document, by=by)
    check_document_upload(uploaded)
    with _StoredFiles() as stored, transaction.atomic():
        filer_file = _store_file(uploaded, by=by, folder=_folder_for(document), name=document.title)
        stored.files.append(filer_file)
        document.file = filer_file
        document.save()
        document.themes.set(themes)
        DocumentVersion.objects.create(
            document=document, number=1, file=filer_file, uploaded_by=by, note=str(_("First version"))
        )
        audit_record(
            action="document.created", actor=by, obj=document, museum=document.museum,
            data={"visibility": document.visibility, "kind": document.kind, "file": filer_file.original_filename},
            request=request,
        )
        _after_upload(document, by=by, notify_people=True)
    return document


@transaction.atomic
def document_update(*, document: Document, by: User, themes=None, request=None, **fields) -> Document:
    """Change a document's description or who may see it (the file stays)."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    if not permissions.can_edit_document(by, document):
        raise ValidationError(_("You may not edit this document."))
    before = {name: getattr(document, f"{name}_id" if name in ("museum", "working_group") else name) for name in fields}
    for name, value in fields.items():
        if name not in DOCUMENT_FIELDS:
            raise TypeError(f"Unknown document field: {name}")
        setattr(document, name, value)
    _validate_document(document, by=by)
    document.save()
    if themes is not None:
        document.themes.set(themes)
    changed = {
        name: str(before[name])
        for name in fields
        if str(before[name]) != str(getattr(document, f"{name}_id" if name in ("museum", "working_group") else name))
    }
    audit_record(
        action="document.updated", actor=by, obj=document, museum=document.museum,
        data={"changed": sorted(changed), "visibility": document.visibility}, request=request,
    )
    return document


def document_replace_file(*, document: Document, by: User, uploaded, note: str = "", request=None) -> DocumentVersion:
    """Put a new file in place; the earlier versions stay, each still downloadable."""
    if not permissions.can_edit_document(by, document):
        raise ValidationError(_("You may not replace this document's file."))
    check_document_upload(uploaded)
    with _StoredFiles() as stored, transaction.atomic():
        locked = Document.objects.select_for_update(of=("self",)).select_related("museum", "working_group").get(pk=document.pk)
        filer_file = _store_file(uploaded, by=by, folder=_folder_for(locked), name=locked.title)
        stored.files.append(filer_file)
        locked.version_number += 1
        locked.file = filer_file
        version = DocumentVersion(
            document=locked, number=locked.version_number, file=filer_file, uploaded_by=by, note=note.strip()
        )
        version.full_clean(exclude=["file", "document", "uploaded_by"])
        locked.save()
        version.save()
        audit_record(
            action="document.file_replaced", actor=by, obj=locked, museum=locked.museum,
            data={"version": version.number, "file": filer_file.original_filename, "note": version.note},
            request=request,
        )
        _after_upload(locked, by=by, notify_people=False)
    document.refresh_from_db()
    return version


@dataclass
class ExtractionResult:
    document_id: int
    version: int
    characters: int


def document_store_extracted_text(*, document_id: int, version_number: int) -> dict:
    """Extract the words of the document's current file and save them (the index update follows)."""
    document = Document.objects.select_related("file").filter(pk=document_id).first()
    if document is None or document.version_number != version_number:
        return {"skipped": True}  # replaced meanwhile: the newer version's task does the work
    filer_file = document.file
    with filer_file.file.open("rb") as handle:
        data = handle.read()
    text = extract_text(data, extension_of(filer_file.original_filename or filer_file.file.name))
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document_id)
        if locked.version_number != version_number:
            return {"skipped": True}
        locked.extracted_text = text
        locked.text_extracted_version = version_number
        # A save, so that the search signal processor queues the index update.
        locked.save(update_fields=["extracted_text", "text_extracted_version", "updated_at"])
    return {"document": document_id, "version": version_number, "characters": len(text)}


# --- Exhibitions ------------------------------------------------------------------------------------


EXHIBITION_FIELDS = ("museum", "title", "start", "end", "description", "link")


def check_exhibition_image(uploaded) -> None:
    check_upload(uploaded, allowed=IMAGE_TYPES, max_mb=min(10, settings.DOCUMENT_MAX_UPLOAD_MB))


def _validate_exhibition(exhibition: Exhibition, *, by: User) -> None:
    if exhibition.start and exhibition.end and exhibition.end < exhibition.start:
        raise ValidationError({"end": _("An exhibition cannot close before it opens.")})
    if not permissions.can_edit_exhibition(by, exhibition):
        raise ValidationError({"museum": _("You may add exhibitions only for your own museum.")})
    exhibition.full_clean(exclude=["image", "created_by"])


@transaction.atomic
def exhibition_create(*, by: User, themes=(), image=None, request=None, **fields) -> Exhibition:
    """Add an exhibition to the calendar of its museum."""
    exhibition = Exhibition(created_by=by, **{k: v for k, v in fields.items() if k in EXHIBITION_FIELDS})
    _validate_exhibition(exhibition, by=by)
    if image:
        check_exhibition_image(image)
        exhibition.image = image
    exhibition.save()
    exhibition.themes.set(themes)
    audit_record(action="exhibition.created", actor=by, obj=exhibition, museum=exhibition.museum, request=request)
    return exhibition


@transaction.atomic
def exhibition_update(*, exhibition: Exhibition, by: User, themes=None, image=None, request=None, **fields) -> Exhibition:
    """Change an exhibition (its museum's staff, or a coordinator)."""
    exhibition = Exhibition.objects.select_for_update().select_related("museum").get(pk=exhibition.pk)
    if not permissions.can_edit_exhibition(by, exhibition):
        raise ValidationError(_("You may not edit this exhibition."))
    for name, value in fields.items():
        if name in EXHIBITION_FIELDS:
            setattr(exhibition, name, value)
    _validate_exhibition(exhibition, by=by)
    if image:
        check_exhibition_image(image)
        exhibition.image = image
    exhibition.save()
    if themes is not None:
        exhibition.themes.set(themes)
    audit_record(
        action="exhibition.updated", actor=by, obj=exhibition, museum=exhibition.museum,
        data={"changed": sorted(fields)}, request=request,
    )
    return exhibition


# --- Publications -------------------------------------------------------------------------------------


PUBLICATION_FIELDS = ("title", "authors", "year", "publisher", "museum", "kind", "isbn", "link", "document")


def _validate_publication(publication: Publication, *, by: User) -> None:
    if publication.museum_id and not permissions.can_edit_publication(by, publication):
        raise ValidationError({"museum": _("You may add publications only for your own museum.")})
    if publication.document_id and not permissions.can_view_document(by, publication.document):
        raise ValidationError({"document": _("Choose a document you may see.")})
    publication.full_clean(exclude=["created_by"])


@transaction.atomic
def publication_create(*, by: User, request=None, **fields) -> Publication:
    """Add a publication to the network's list."""
    if not permissions.can_add_publication(by):
        raise ValidationError(_("You may not add publications."))
    publication = Publication(created_by=by, **{k: v for k, v in fields.items() if k in PUBLICATION_FIELDS})
    _validate_publication(publication, by=by)
    publication.save()
    audit_record(action="publication.created", actor=by, obj=publication, museum=publication.museum, request=request)
    return publication


@transaction.atomic
def publication_update(*, publication: Publication, by: User, request=None, **fields) -> Publication:
    """Change a publication (who added it, its museum's staff, coordinators)."""
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if not permissions.can_edit_publication(by, publication):
        raise ValidationError(_("You may not edit this publication."))
    for name, value in fields.items():
        if name in PUBLICATION_FIELDS:
            setattr(publication, name, value)
    _validate_publication(publication, by=by)
    publication.save()
    audit_record(
        action="publication.updated", actor=by, obj=publication, museum=publication.museum,
        data={"changed": sorted(fields)}, request=request,
    )
    return publication
