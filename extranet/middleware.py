"""Two-factor authentication is required from everyone who can reach an admin."""

from allauth.mfa.utils import is_mfa_enabled
from django.shortcuts import redirect
from django.urls import reverse

from .permissions import is_coordinator


def needs_second_factor(user) -> bool:
    """Coordinators, staff and anyone with Wagtail admin access must use two-factor auth."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_staff or user.is_superuser or is_coordinator(user) or user.has_perm("wagtailadmin.access_admin")


class RequireTwoFactorForStaffMiddleware:
    """Sends such a user to the TOTP set-up page until they have turned it on."""

    allowed_prefixes = ("/accounts/", "/static/", "/media/", "/i18n/", "/healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and not request.path.startswith(self.allowed_prefixes)
            and needs_second_factor(user)
            and not is_mfa_enabled(user)
        ):
            return redirect(reverse("mfa_activate_totp") + "?next=" + request.path)
        return self.get_response(request)
