"""Members-only files: stored outside MEDIA_ROOT, sent only after a permission check."""

import mimetypes
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404, HttpResponse


def private_storage() -> FileSystemStorage:
    """The storage of members-only files (a callable, so migrations do not freeze the path)."""
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


def private_file_response(fieldfile, *, download_name: str | None = None, as_attachment: bool = False) -> HttpResponse:
    """Send a private file the caller has already checked the user may see.

    With PRIVATE_MEDIA_X_ACCEL_PREFIX set (production), nginx sends the bytes from its
    `internal` location; otherwise Django streams them.
    """
    if not fieldfile:
        raise Http404
    name = download_name or PurePosixPath(fieldfile.name).name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    disposition = "attachment" if as_attachment else "inline"
    prefix = settings.PRIVATE_MEDIA_X_ACCEL_PREFIX
    if prefix:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + fieldfile.name
        response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    else:
        try:
            handle = fieldfile.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        response = FileResponse(handle, content_type=content_type, as_attachment=as_attachment, filename=name)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
