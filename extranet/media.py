"""Wagtail's documents and images, kept with the members-only files and sent after a check.

The policy (docs/editors.md, "Images et documents"):
- Every Wagtail document and image (original and renditions) lives in private storage
  (`PRIVATE_MEDIA_ROOT`), never under `/media/`. Nothing of Wagtail's is reachable by guessing a
  file name.
- A file is sent by a view that asks `permissions.can_see_collection_files` about its
  collection: a collection with no privacy is public (the public pages' images, documents linked
  from public pages) and its files go to anyone; a members-only collection (privacy "signed-in
  users", as the "Réservé aux membres" collection that `services.editor_permissions_ensure`
  keeps) sends its files to members only and answers 404 to anyone else, never a login page
  that would confirm the file exists.
- Moving a file from one collection to another changes who may fetch it at once: there is no
  second copy to move.
- The bytes are sent by `extranet.files.private_file_response` (nginx's X-Accel-Redirect in
  production): public images are marked cacheable by browsers and proxies for an hour, members'
  files are private to the browser.

Documents keep Wagtail's serving URL (`wagtail.documents.urls` at `/documents/`, so rich-text
links render) and are answered by the `before_serve_document` hook below, registered ahead of
Wagtail's own. Images have `/medias/<name>`: their storage's `url()` points there.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.files.storage import FileSystemStorage
from django.http import Http404
from django.urls import URLPattern, reverse
from django.utils.deconstruct import deconstructible

from .files import private_file_response

PUBLIC_FILES_MAX_AGE = 3600


@deconstructible
class CmsImageStorage(FileSystemStorage):
    """Private storage whose URLs go to the permission-checked `cms_image_file` view."""

    def __init__(self):
        super().__init__(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)

    def url(self, name):
        return reverse("cms_image_file", kwargs={"name": name})


def cms_image_storage() -> CmsImageStorage:
    """The storage of Wagtail's images and renditions (a callable: migrations keep no path)."""
    return CmsImageStorage()


def _send(fieldfile, collection, *, request, **kwargs):
    from .permissions import _collection_restrictions, can_see_collection_files

    if not can_see_collection_files(request.user, collection):
        raise Http404
    response = private_file_response(fieldfile, **kwargs)
    if not _collection_restrictions(collection):
        response["Cache-Control"] = f"public, max-age={PUBLIC_FILES_MAX_AGE}"
    return response


def serve_document(document, request):
    """`before_serve_document` hook: the document's file, or 404 when its collection is closed to
    the user (Wagtail's own hook would answer a login page, and stream the file itself)."""
    response = _send(
        document.file, document.collection, request=request,
        download_name=document.filename, as_attachment=document.content_disposition != "inline",
    )
    if getattr(settings, "WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT", True):
        response["Content-Security-Policy"] = "default-src 'none'"
    return response


@login_not_required
def image_file(request, name):
    """An image's original or one of its renditions, by its stored name."""
    from wagtail.images import get_image_model

    Image = get_image_model()
    Rendition = Image.get_rendition_model()
    owner = Rendition.objects.select_related("image__collection").filter(file=name).first()
    if owner is not None:
        collection = owner.image.collection
    else:
        owner = Image.objects.select_related("collection").filter(file=name).first()
        if owner is None:
            raise Http404
        collection = owner.collection
    return _send(owner.file, collection, request=request)


def public_urlpatterns(patterns) -> list[URLPattern]:
    """`patterns` served to signed-out visitors too (the permission check is in the view)."""
    return [URLPattern(p.pattern, login_not_required(p.callback), p.default_args, p.name) for p in patterns]
