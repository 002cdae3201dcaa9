"""The kit's inventory in the Wagtail admin: item types, units, consumables (coordinators).

Bookings are not edited here: they change only through the services (the site's pages), so
every transition is checked, recorded and notified.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.permission_policies import BasePermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from extranet.models import User
from extranet.permissions import is_coordinator

from .models import Consumable, KitItemType, KitUnit


class CoordinatorsPolicy(BasePermissionPolicy):
    """Coordinators (and superusers) keep the inventory: every action."""

    def user_has_permission(self, user, action):
        return bool(user.is_active and (user.is_superuser or is_coordinator(user)))

    def users_with_any_permission(self, actions):
        return User.objects.filter(is_active=True).filter(Q(is_superuser=True) | Q(profile__is_coordinator=True))


class KitItemTypeViewSet(SnippetViewSet):
    model = KitItemType
    permission_policy = CoordinatorsPolicy(KitItemType)
    icon = "folder-open-inverse"
    menu_label = _("Item types")
    list_display = ["name", "category", "is_anoxia_kit"]
    search_fields = ["name", "category"]
    panels = ["name", "slug", "category", "description", "user_guide", "is_anoxia_kit"]


class KitUnitViewSet(SnippetViewSet):
    model = KitUnit
    permission_policy = CoordinatorsPolicy(KitUnit)
    icon = "tag"
    menu_label = _("Units")
    list_display = ["inventory_number", "item_type", "status", "storage_place"]
    list_filter = ["status", "item_type"]
    search_fields = ["inventory_number", "storage_place"]
    panels = ["item_type", "inventory_number", "status", "storage_place", "notes"]


class ConsumableViewSet(SnippetViewSet):
    model = Consumable
    permission_policy = CoordinatorsPolicy(Consumable)
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
