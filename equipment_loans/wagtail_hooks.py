"""The conservation kit in the Wagtail admin, for coordinators: the booking queue (approve,
decline, check-out, check-in, close: equipment_loans/admin_views.py, through the services) and
the inventory (item types, units, consumables) as snippets.

Inventory changes are recorded in the audit trail (the snippet hooks below); bookings change
only through the services, so every transition is checked, recorded and notified.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from extranet.admin_views import CoordinatorsOnlyPolicy
from extranet.services import audit_record

from .admin_views import KitBookingViewSet
from .models import Consumable, KitItemType, KitUnit

EVERY_ACTION = ("add", "change", "delete", "view")


class KitItemTypeViewSet(SnippetViewSet):
    model = KitItemType
    permission_policy = CoordinatorsOnlyPolicy(KitItemType, actions=EVERY_ACTION)
    icon = "folder-open-inverse"
    menu_label = _("Item types")
    list_display = ["name", "category", "is_anoxia_kit"]
    search_fields = ["name", "category"]
    panels = ["name", "slug", "category", "description", "user_guide", "is_anoxia_kit"]


class KitUnitViewSet(SnippetViewSet):
    model = KitUnit
    permission_policy = CoordinatorsOnlyPolicy(KitUnit, actions=EVERY_ACTION)
    icon = "tag"
    menu_label = _("Units")
    list_display = ["inventory_number", "item_type", "status", "storage_place"]
    list_filter = ["status", "item_type"]
    search_fields = ["inventory_number", "storage_place"]
    panels = ["item_type", "inventory_number", "status", "storage_place", "notes"]


class ConsumableViewSet(SnippetViewSet):
    model = Consumable
    permission_policy = CoordinatorsOnlyPolicy(Consumable, actions=EVERY_ACTION)
    icon = "list-ul"
    menu_label = _("Consumables")
    list_display = ["name", "stock", "unit_label", "item_type"]
    panels = ["name", "unit_label", "stock", "item_type", "notes"]


class KitViewSetGroup(SnippetViewSetGroup):
    items = (KitItemTypeViewSet, KitUnitViewSet, ConsumableViewSet)
    menu_icon = "cogs"
    menu_label = _("Conservation kit")
    menu_name = "conservation-kit"
    menu_order = 300


register_snippet(KitViewSetGroup)


@hooks.register("register_admin_viewset")
def register_kit_booking_queue():
    return KitBookingViewSet("kit_bookings")


INVENTORY = {KitItemType: "kit.item_type", KitUnit: "kit.unit", Consumable: "kit.consumable"}


def _record(verb):
    def hook(request, instance):
        prefix = INVENTORY.get(type(instance))
        if prefix is not None:
            audit_record(action=f"{prefix}.{verb}", actor=request.user, obj=instance, request=request)

    return hook


hooks.register("after_create_snippet", _record("created"))
hooks.register("after_edit_snippet", _record("changed"))


@hooks.register("after_delete_snippet")
def record_inventory_deletion(request, instances):
    for instance in instances:
        prefix = INVENTORY.get(type(instance))
        if prefix is not None:
            audit_record(action=f"{prefix}.deleted", actor=request.user, data={"name": str(instance)}, request=request)
