"""Documents and exhibitions on the one search page (docs/search.md).

A document carries the facts `resources.permissions.documents_visible_to` decides on
(visibility, museum, working group), so the search page's permission filter is that rule.
Its text includes the words extracted from its file in the background (resources/tasks.py).
"""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from haystack import indexes

from search.registry import KindIndex, Visibility, register
from skills_directory.models import Skill

from .models import Document, DocumentVisibility, Exhibition

VISIBILITY = {
    DocumentVisibility.PUBLIC: Visibility.PUBLIC,
    DocumentVisibility.MEMBERS: Visibility.MEMBERS,
    DocumentVisibility.MUSEUM: Visibility.MUSEUM,
    DocumentVisibility.GROUP: Visibility.GROUP,
    DocumentVisibility.COORDINATORS: Visibility.COORDINATORS,
}


def _themes():
    return Prefetch("themes", queryset=Skill.objects.order_by("name"))


@register
class DocumentIndex(KindIndex, indexes.Indexable):
    kind_label = "document"
    verbose_name = _("Document")
    follows = {
        "extranet.museum": lambda pk: Document.objects.filter(museum_id=pk),
        "extranet.workinggroup": lambda pk: Document.objects.filter(working_group_id=pk),
    }

    def get_model(self):
        return Document

    def index_queryset(self, using=None):
        return Document.objects.select_related("museum", "working_group").prefetch_related(_themes())

    def prepare_text(self, obj) -> str:
        parts = [
            obj.title,
            obj.summary,
            obj.authors,
            str(obj.get_kind_display()),
            *(theme.name for theme in obj.themes.all()),
            obj.museum.name if obj.museum_id else "",
            obj.working_group.name if obj.working_group_id else "",
            obj.extracted_text,
        ]
        return "\n".join(filter(None, parts))

    def prepare_title(self, obj) -> str:
        return obj.title

    def prepare_museum_ids(self, obj) -> list[int]:
        return [obj.museum_id] if obj.museum_id else []

    def prepare_department(self, obj) -> list[str]:
        return [obj.museum.department_code] if obj.museum_id else []

    def prepare_group_ids(self, obj) -> list[int]:
        return [obj.working_group_id] if obj.working_group_id else []

    def prepare_visibility(self, obj) -> str:
        return VISIBILITY[obj.visibility]


@register
class ExhibitionIndex(KindIndex, indexes.Indexable):
    """Exhibitions are public information."""

    kind_label = "exhibition"
    verbose_name = _("Exhibition")
    follows = {"extranet.museum": lambda pk: Exhibition.objects.filter(museum_id=pk)}

    def get_model(self):
        return Exhibition

    def index_queryset(self, using=None):
        return Exhibition.objects.select_related("museum").prefetch_related(_themes())

    def prepare_text(self, obj) -> str:
        parts = [
            obj.title,
            obj.museum.name,
            obj.museum.city,
            obj.description,
            *(theme.name for theme in obj.themes.all()),
        ]
        return "\n".join(filter(None, parts))

    def prepare_title(self, obj) -> str:
        return f"{obj.title} — {obj.museum.name} ({obj.start:%d/%m/%Y} – {obj.end:%d/%m/%Y})"

    def prepare_museum_ids(self, obj) -> list[int]:
        return [obj.museum_id]

    def prepare_department(self, obj) -> list[str]:
        return [obj.museum.department_code]

    def prepare_visibility(self, obj) -> str:
        return Visibility.PUBLIC
