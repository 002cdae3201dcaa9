"""The network core in the Wagtail admin: museums and working groups for coordinators.

Memberships are not edited here: they change only through the membership services (the
staff pages of each museum, the working group pages), so permissions stay in step.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Museum, WorkingGroup


class MuseumViewSet(SnippetViewSet):
    model = Museum
    icon = "home"
    menu_label = _("Museums")
    add_to_admin_menu = True
    menu_order = 200
    list_display = ["name", "city", "department"]
    list_filter = ["department_code"]
    search_fields = ["name", "city"]
    panels = ["name", "slug", "city", "department_code", "department", "latitude", "longitude", "website", "description"]


class WorkingGroupViewSet(SnippetViewSet):
    model = WorkingGroup
    icon = "group"
    menu_label = _("Working groups")
    add_to_admin_menu = True
    menu_order = 210
    list_display = ["name"]
    panels = ["name", "slug", "description"]


register_snippet(MuseumViewSet)
register_snippet(WorkingGroupViewSet)
