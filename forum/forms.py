"""The forum's forms: machina's attachment form, with the upload checks of documents."""

from django.conf import settings
from django.forms.models import modelformset_factory
from machina.apps.forum_conversation.forum_attachments.forms import AttachmentForm as MachinaAttachmentForm
from machina.apps.forum_conversation.forum_attachments.forms import BaseAttachmentFormset
from machina.conf import settings as machina_settings
from machina.core.db.models import get_model

from extranet.uploads import DOCUMENT_TYPES, check_upload

Attachment = get_model("forum_attachments", "Attachment")


class AttachmentForm(MachinaAttachmentForm):
    """A file attached to a post: PDF, office and OpenDocument files, images, CSV or text,
    whose bytes match the extension, up to FORUM_ATTACHMENT_MAX_MB."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        # A file already stored (editing a post) was checked when it was uploaded.
        if uploaded and hasattr(uploaded, "content_type"):
            check_upload(uploaded, allowed=DOCUMENT_TYPES, max_mb=settings.FORUM_ATTACHMENT_MAX_MB)
        return uploaded


AttachmentFormset = modelformset_factory(
    Attachment,
    AttachmentForm,
    formset=BaseAttachmentFormset,
    can_delete=True,
    extra=1,
    max_num=machina_settings.ATTACHMENT_MAX_FILES_PER_POST,
    validate_max=True,
)
