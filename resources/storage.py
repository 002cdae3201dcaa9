"""Where filer keeps the documents' files: under PRIVATE_MEDIA_ROOT, never under MEDIA_ROOT.

filer builds its storages once, when `filer.settings` is imported; this storage reads
`settings.PRIVATE_MEDIA_ROOT` when it is first used, so the test settings (and any
environment) decide the place. Files have no public URL: they are sent only by the
permission-checked views of `resources/views.py` (`extranet.files.private_file_response`).
"""

from django.conf import settings
from django.utils.functional import cached_property
from filer.storage import PrivateFileSystemStorage


class FilerPrivateStorage(PrivateFileSystemStorage):
    """filer's private storage rooted at PRIVATE_MEDIA_ROOT; names start with `filer_private/`."""

    def __init__(self, **kwargs):
        kwargs.pop("location", None)
        kwargs.pop("base_url", None)
        super().__init__(**kwargs)

    @cached_property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @cached_property
    def location(self):
        from pathlib import Path

        return str(Path(self.base_location).resolve())

    def url(self, name):
        # No URL skips the permission check: downloads go through resources' views.
        raise ValueError("Private files have no URL; use the document's download view.")
