"""Two-factor authentication is required from everyone who can reach an admin."""

from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode


def needs_second_factor(user) -> bool:
    """Coordinators, staff and anyone with Wagtail admin access must use two-factor auth.

    One query answers both questions (coordinator? admin access through a permission of
    the user or of one of their groups?) and leaves the coordinator flag on the user object
    for `permissions.is_coordinator`, so an ordinary member's page pays a single query.
    """
    if not (user.is_authenticated and user.is_active):
        return False
    admin_access = Permission.objects.filter(
        Q(user=OuterRef("pk")) | Q(group__user=OuterRef("pk")),
        content_type__app_label="wagtailadmin",
        codename="access_admin",
    )
    row = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(admin_access=Exists(admin_access))
        .values("profile__is_coordinator", "admin_access")
        .first()
    )
    if row is None:
        return False
    user._is_coordinator = bool(row["profile__is_coordinator"])
    return user.is_staff or user.is_superuser or user._is_coordinator or row["admin_access"]


class RequireTwoFactorForStaffMiddleware:
    """Sends such a user to the TOTP set-up page until they have turned it on.

    The set-up itself must always be able to finish (docs/security.md, "Accounts"): the
    password typed at sign-in counts as re-authentication for it (extranet.adapters), no
    address record can block it (MFA_ALLOW_UNVERIFIED_EMAIL, verified addresses from
    `services.user_create`), and the recovery-codes page that follows leads to the dashboard.
    """

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
            return redirect(reverse("mfa_activate_totp") + "?" + urlencode({"next": request.path}))
        return self.get_response(request)
