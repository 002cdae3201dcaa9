"""Django admin: superusers only (`SuperuserAdminSite`). Coordinators run the network from
Wagtail (`/cms/`), where every write goes through the services (extranet/admin_site.py).

Accounts are never deleted here (machina would cascade a member's topics, with everyone's
replies in them): deactivate them instead. Groups and permissions are read-only: only
`extranet/services.py` grants them (docs/permissions.md).
"""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group

from .models import AuditEvent, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    search_fields = ["email", "first_name", "last_name"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_staff"]
    ordering = ["email"]
    readonly_fields = ["is_superuser", "groups", "user_permissions"]

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin):
    """Shown, never edited: the coordinators' group is kept by `coordinator_set`."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "action", "actor", "object_repr", "museum", "ip_address"]
    list_filter = ["action"]
    search_fields = ["object_repr", "action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
