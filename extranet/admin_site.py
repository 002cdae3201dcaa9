"""The Django admin, for superusers only: coordinators run the network from Wagtail (`/cms/`)."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class SuperuserAdminSite(admin.AdminSite):
    """Only superusers enter (Django's default lets in every `is_staff` account)."""

    def has_permission(self, request):
        return bool(request.user.is_active and request.user.is_superuser)


class SuperuserAdminConfig(AdminConfig):
    """`django.contrib.admin` with `SuperuserAdminSite` as `admin.site` (in INSTALLED_APPS)."""

    default_site = "extranet.admin_site.SuperuserAdminSite"
