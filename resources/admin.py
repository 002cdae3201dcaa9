from django.contrib import admin

from .models import Document, DocumentVersion, Exhibition, Publication


class ReadOnlyAdmin(admin.ModelAdmin):
    """Changes go through the site's forms and services (permissions, versions, audit)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "date", "museum", "working_group", "visibility", "version_number"]
    list_filter = ["kind", "visibility"]
    search_fields = ["title"]


@admin.register(DocumentVersion)
class DocumentVersionAdmin(ReadOnlyAdmin):
    list_display = ["document", "number", "uploaded_by", "created_at"]


@admin.register(Exhibition)
class ExhibitionAdmin(ReadOnlyAdmin):
    list_display = ["title", "museum", "start", "end"]


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin):
    list_display = ["title", "authors", "year", "museum"]
