"""The dashboard panel: what is new in the library for this member."""

from django.utils.translation import gettext_lazy as _

from extranet.dashboard import DashboardPanel, register_panel


@register_panel
class NewDocumentsPanel(DashboardPanel):
    key = "resources-new-documents"
    title = _("New documents")
    template_name = "resources/panels/new_documents.html"
    order = 20

    def get_context(self, request):
        from .selectors import new_documents_for

        documents = new_documents_for(user=request.user)
        return {"documents": documents} if documents else None
