"""The network core in the Wagtail admin (`/cms/`), for coordinators: museums, people and
memberships, working groups (extranet/admin_views.py), the audit trail (read-only), and the
serving of Wagtail's documents (extranet/media.py).

Every write goes through `extranet/services.py`: no model form saves around them.
"""

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import BasePermissionPolicy

from . import media
from .admin_views import MuseumViewSet, PeopleViewSet, WorkingGroupViewSet
from .models import AuditEvent, Museum, User
from .permissions import is_coordinator


@hooks.register("register_admin_viewset")
def register_network_viewsets():
    return [MuseumViewSet("museums"), PeopleViewSet("people"), WorkingGroupViewSet("working_groups")]


# --- Audit trail: coordinators read it, nobody edits it ------------------------------------------


class AuditTrailPermissionPolicy(BasePermissionPolicy):
    """Coordinators (and superusers) may view the audit trail; nobody may add, change or delete."""

    def user_has_permission(self, user, action):
        return action == "view" and bool(user.is_active and (user.is_superuser or is_coordinator(user)))

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return User.objects.none()
        return User.objects.filter(is_active=True).filter(
            Q(is_superuser=True) | Q(profile__is_coordinator=True)
        )


def _audit_actions(request=None):
    return [(a, a) for a in AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct()]


class AuditEventFilterSet(WagtailFilterSet):
    action = django_filters.ChoiceFilter(label=_("Action"), choices=_audit_actions)
    museum = django_filters.ModelChoiceFilter(label=_("Museum"), queryset=Museum.objects.all())
    actor = django_filters.ModelChoiceFilter(
        label=_("Who"), queryset=User.objects.filter(pk__in=AuditEvent.objects.values("actor")).order_by("last_name", "first_name")
    )
    created_at = django_filters.DateFromToRangeFilter(label=_("When"), widget=DateRangePickerWidget)

    class Meta:
        model = AuditEvent
        fields = ["action", "museum", "actor", "created_at"]


def _not_found(request, *args, **kwargs):
    raise Http404


class AuditEventViewSet(ModelViewSet):
    """The audit trail, read-only: the add, edit, delete and copy URLs answer 404 for everyone."""

    model = AuditEvent
    permission_policy = AuditTrailPermissionPolicy(AuditEvent)
    icon = "history"
    menu_label = _("Audit trail")
    add_to_admin_menu = True
    menu_order = 900
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["created_at", "action", "actor", "object_repr", "museum", "ip_address"]
    list_per_page = 50
    filterset_class = AuditEventFilterSet
    search_fields = ["object_repr", "action"]
    inspect_view_fields = [
        "created_at", "action", "actor", "object_type", "object_id", "object_repr", "museum", "data", "ip_address",
    ]
    form_fields = []  # never used: there is no form

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(queryset=AuditEvent.objects.select_related("actor", "museum"), **kwargs)

    @property
    def add_view(self):
        return _not_found

    @property
    def edit_view(self):
        return _not_found

    @property
    def delete_view(self):
        return _not_found


@hooks.register("register_admin_viewset")
def register_audit_trail_viewset():
    return AuditEventViewSet("audit_trail")


# --- Accounts are deactivated, never deleted; roles change only through extranet/services.py -------

@hooks.register("before_delete_user")
def refuse_user_deletion(request, user):
    """Not even a superuser deletes an account here (machina would cascade the member's topics)."""
    raise PermissionDenied


@hooks.register("before_bulk_action")
def refuse_bulk_user_deletion_and_role_changes(request, action_type, objects, action):
    """The users listing's bulk "delete" and "assign role" would bypass the services."""
    if getattr(action, "model", None) is User and action_type in ("delete", "assign_role"):
        raise PermissionDenied


# --- Documents are sent by the project's private serving (extranet/media.py) --------------------

# Ahead of Wagtail's own hook (order 0), which would answer a login page and stream the file.
hooks.register("before_serve_document", media.serve_document, order=-1)
