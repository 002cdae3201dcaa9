"""A member's personal data: download all of it, or have it erased.

Each app that stores personal data registers what it holds about a person and how to erase
it, from its AppConfig.ready():

    from extranet.privacy import register_personal_data

    register_personal_data("skills", export=lambda user: {...}, erase=lambda user: ...)

Erasure anonymises: the account row stays (machina would otherwise delete the member's
topics with everyone's replies in them, and bookings and history must keep their author),
but nothing left in it identifies the person. Everyone else's posts, bookings and history
remain intact.
"""

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from .models import AuditEvent, Invitation, Membership, User, WorkingGroupMembership

_registry: dict[str, tuple[Callable[[User], object], Callable[[User], None] | None]] = {}


def register_personal_data(key: str, *, export: Callable[[User], object], erase: Callable[[User], None] | None = None) -> None:
    """Declare what an app holds about a person (`export`) and how to erase it (`erase`)."""
    _registry[key] = (export, erase)


def _period(membership) -> dict:
    return {"since": membership.started_at.isoformat(), "ended": membership.ended_at.isoformat() if membership.ended_at else None}


def _core_export(user: User) -> dict:
    profile = getattr(user, "profile", None)
    return {
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "profile": {
            "job_title": profile.job_title,
            "bio": profile.bio,
            "languages": profile.languages,
            "phone": profile.phone,
            "email_visibility": profile.email_visibility,
            "phone_visibility": profile.phone_visibility,
            "has_photo": bool(profile.photo),
        }
        if profile
        else None,
        "museums": [
            {"museum": m.museum.name, "role": m.role, **_period(m)} for m in Membership.objects.filter(user=user).select_related("museum")
        ],
        "working_groups": [
            {"group": m.group.name, "role": m.role, **_period(m)}
            for m in WorkingGroupMembership.objects.filter(user=user).select_related("group")
        ],
    }


def _core_erase(user: User) -> None:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    from . import services

    for membership in Membership.objects.active().filter(user=user):
        membership.ended_at = timezone.now()
        membership.save(update_fields=["ended_at"])
        services._sync_museum_permissions(user, membership.museum)
    for group_membership in WorkingGroupMembership.objects.active().filter(user=user).select_related("group"):
        services.working_group_leave(group=group_membership.group, user=user, by=None)
    profile = services.profile_for(user)
    if profile.photo:
        profile.photo.delete(save=False)
    for field in ("job_title", "bio", "languages", "phone"):
        setattr(profile, field, "")
    profile.photo = ""
    profile.is_coordinator = False
    profile.save()
    user.groups.clear()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    Invitation.objects.filter(email__iexact=user.email, accepted_at__isnull=True).update(revoked_at=timezone.now())
    # The audit trail keeps what happened, not who the person was.
    email = user.email
    membership_ids = [str(pk) for pk in Membership.objects.filter(user=user).values_list("pk", flat=True)]
    AuditEvent.objects.filter(object_type="extranet.user", object_id=str(user.pk)).update(object_repr="")
    AuditEvent.objects.filter(object_type="extranet.membership", object_id__in=membership_ids).update(object_repr="")
    AuditEvent.objects.filter(data__identifier=email).update(data={"identifier": "erased"})
    AuditEvent.objects.filter(data__email=email).update(data={"email": "erased"})
    erased = f"erased-{user.pk}@erased.invalid"
    user.email = erased
    user.username = erased
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()


register_personal_data("extranet", export=_core_export, erase=_core_erase)


def personal_data_export(user: User) -> dict:
    """Everything the members' space holds about `user`, by app."""
    return {"exported_at": timezone.now().isoformat(), **{key: export(user) for key, (export, _erase) in sorted(_registry.items())}}


@transaction.atomic
def account_erase(*, user: User, request=None) -> None:
    """Erase a member's personal data (anonymise the account); their sessions end at once."""
    from .services import _access_changed, audit_record

    user_pk = user.pk
    # Apps first, the core last: apps may still need the person's address or memberships.
    for _key, (_export, erase) in sorted(_registry.items(), key=lambda item: item[0] == "extranet"):
        if erase is not None:
            erase(user)
    # The event names the account by id only: the audit trail keeps no personal data.
    audit_record(action="account.erased", actor=None, obj=user, data={"user": user_pk}, request=request)
    _access_changed(user)
