"""The exchange's kind on the one search page: listings (offers and wanted ads)."""

from django.utils.translation import gettext_lazy as _
from haystack import indexes

from search.registry import KindIndex, Visibility, register

from .models import PUBLIC_STATUSES, Listing


@register
class ListingIndex(KindIndex, indexes.Indexable):
    """Published listings are found by every member; drafts by their museum's staff only."""

    kind_label = "listing"
    verbose_name = _("Equipment listing")
    follows = {
        "extranet.museum": lambda pk: Listing.objects.filter(museum_id=pk),
        "exchange.lot": lambda pk: Listing.objects.filter(lot_id=pk),
    }

    def get_model(self):
        return Listing

    def index_queryset(self, using=None):
        return Listing.objects.exclude(status__in=("withdrawn", "expired")).select_related("museum", "lot")

    def prepare_text(self, obj) -> str:
        parts = [
            obj.title, obj.get_category_display(), obj.get_kind_display(), obj.get_offer_type_display() if obj.offer_type else "",
            obj.description, obj.get_material_display(), obj.exhibition, obj.museum.name, obj.museum.city,
            obj.lot.title if obj.lot_id else "",
        ]
        return "\n".join(str(p) for p in parts if p)

    def prepare_title(self, obj) -> str:
        return f"{obj.title} — {obj.museum.name}"

    def prepare_museum_ids(self, obj) -> list[int]:
        return [obj.museum_id]

    def prepare_department(self, obj) -> list[str]:
        return [obj.museum.department_code]

    def prepare_visibility(self, obj) -> str:
        # A listing hidden by a coordinator is found by its museum's staff only.
        return Visibility.MEMBERS if obj.status in PUBLIC_STATUSES and obj.hidden_at is None else Visibility.MUSEUM
