"""Membership services: the only code that grants or revokes access.

Every access decision in the application follows from three facts recorded here: which
museums a person works for (and as what), which working groups they take part in, and
whether they are a network coordinator. When one of these facts changes, the services keep
django-guardian's object permissions in step, then call the hooks that other apps register
(forum permissions, filer folders, Wagtail page privacy) so they follow the same source.
See docs/permissions.md.
"""

import hashlib
import secrets
from collections.abc import Callable
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from guardian.shortcuts import assign_perm, remove_perm

from notifications.services import notify

from .models import (
    AuditEvent,
    GroupRole,
    Invitation,
    Membership,
    Museum,
    Profile,
    Role,
    User,
    WorkingGroup,
    WorkingGroupMembership,
)

COORDINATORS_GROUP = "Coordinateurs"

# Other apps register callables here (in their AppConfig.ready) to follow membership
# changes: each receives the user whose access changed. See docs/permissions.md.
access_changed_hooks: list[Callable[[User], None]] = []


def register_access_hook(hook: Callable[[User], None]) -> Callable[[User], None]:
    """Call `hook(user)` after every change to a user's memberships or coordinator role."""
    if hook not in access_changed_hooks:
        access_changed_hooks.append(hook)
    return hook


def _access_changed(user: User) -> None:
    for hook in access_changed_hooks:
        hook(user)


# Apps that hang something on a working group (its forum, its Wagtail page...) register
# here; each hook receives the group after it was created or changed, inside the service's
# transaction, and must be safe to run again (it ensures, it does not append).
working_group_hooks: list[Callable[[WorkingGroup], None]] = []


def register_working_group_hook(hook: Callable[[WorkingGroup], None]) -> Callable[[WorkingGroup], None]:
    """Call `hook(group)` after every creation or change of a working group."""
    if hook not in working_group_hooks:
        working_group_hooks.append(hook)
    return hook


def _working_group_changed(group: WorkingGroup) -> None:
    for hook in working_group_hooks:
        hook(group)


def client_ip(request) -> str | None:
    if request is None:
        return None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and getattr(settings, "USE_X_FORWARDED_FOR", False):
        return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    action: str,
    actor: User | None = None,
    obj=None,
    museum: Museum | None = None,
    data: dict | None = None,
    request=None,
) -> AuditEvent:
    """Write one audit event: who did what to which object, when and from where."""
    if actor is not None and not getattr(actor, "pk", None):
        actor = None
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        museum=museum,
        data=data or {},
        ip_address=client_ip(request),
    )


# --- People -------------------------------------------------------------------------------


@transaction.atomic
def user_create(*, email: str, first_name: str = "", last_name: str = "", password: str | None = None) -> User:
    """Create an account with its profile; the username is derived from the address."""
    email = User.objects.normalize_email(email).lower()
    user = User(
        email=email,
        username=email[:150],
        first_name=first_name.strip(),
        last_name=last_name.strip(),
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    Profile.objects.create(user=user)
    # The address the account is made with is its verified, primary address for allauth: the
    # invitation link proved it (or the coordinator who typed it vouches for it). Without this
    # row allauth would create an unverified one on the first visit to the email page or the
    # first password-reset request, which blocked two-factor set-up (issue 14, finding 5).
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def profile_for(user: User) -> Profile:
    """The user's profile, created on first need for accounts made outside the services."""
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


# --- Museums -----------------------------------------------------------------------------


def _sync_museum_permissions(user: User, museum: Museum) -> None:
    membership = Membership.objects.active().filter(user=user, museum=museum).first()
    if membership is None:
        remove_perm("extranet.act_for_museum", user, museum)
        remove_perm("extranet.manage_staff", user, museum)
        return
    assign_perm("extranet.act_for_museum", user, museum)
    if membership.role == Role.MANAGER:
        assign_perm("extranet.manage_staff", user, museum)
    else:
        remove_perm("extranet.manage_staff", user, museum)


@transaction.atomic
def membership_grant(*, user: User, museum: Museum, role: str, by: User | None, request=None) -> Membership:
    """Make `user` staff of `museum` with `role` (or change the role of an existing membership)."""
    if role not in Role.values:
        raise ValidationError(_("Unknown role."))
    membership = Membership.objects.active().select_for_update().filter(user=user, museum=museum).first()
    if membership is None:
        membership = Membership.objects.create(user=user, museum=museum, role=role)
        audit_record(
            action="membership.granted", actor=by, obj=membership, museum=museum,
            data={"user": user.pk, "role": role}, request=request,
        )
        notify(
            recipient=user, kind="membership", actor=by, obj=museum,
            title=format_lazy(gettext_lazy("You were added to the staff of {museum} ({role})"), museum=museum.name, role=Role(role).label),
        )
    elif membership.role != role:
        previous = membership.role
        membership.role = role
        membership.save(update_fields=["role"])
        audit_record(
            action="membership.role_changed", actor=by, obj=membership, museum=museum,
            data={"user": user.pk, "from": previous, "to": role}, request=request,
        )
        notify(
            recipient=user, kind="membership", actor=by, obj=museum,
            title=format_lazy(gettext_lazy("Your role at {museum} is now: {role}"), museum=museum.name, role=Role(role).label),
        )
    _sync_museum_permissions(user, museum)
    _access_changed(user)
    return membership


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str, by: User, request=None) -> Membership:
    """Change the role of an active membership; a museum keeps at least one manager."""
    if not membership.is_active:
        raise ValidationError(_("This person no longer works for this museum."))
    if membership.role == Role.MANAGER and role != Role.MANAGER:
        _ensure_other_manager(membership)
    return membership_grant(user=membership.user, museum=membership.museum, role=role, by=by, request=request)


def _ensure_other_manager(membership: Membership) -> None:
    others = (
        Membership.objects.active()
        .filter(museum=membership.museum, role=Role.MANAGER)
        .exclude(pk=membership.pk)
        .select_for_update()
    )
    if not others.exists():
        raise ValidationError(_("A museum must keep at least one manager: name another manager first."))


@transaction.atomic
def membership_end(*, membership: Membership, by: User, request=None) -> Membership:
    """End a membership (kept in history); the person loses access to the museum at once."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not membership.is_active:
        return membership
    if membership.role == Role.MANAGER:
        _ensure_other_manager(membership)
    membership.ended_at = timezone.now()
    membership.save(update_fields=["ended_at"])
    audit_record(
        action="membership.ended", actor=by, obj=membership, museum=membership.museum,
        data={"user": membership.user_id, "role": membership.role}, request=request,
    )
    notify(
        recipient=membership.user, kind="membership", actor=by, obj=membership.museum,
        title=format_lazy(gettext_lazy("You were removed from the staff of {museum}"), museum=membership.museum.name),
    )
    _sync_museum_permissions(membership.user, membership.museum)
    _access_changed(membership.user)
    return membership


# Fields of a museum that coordinators edit (its staff changes through the memberships).
MUSEUM_FIELDS = (
    "name", "slug", "city", "department_code", "department", "latitude", "longitude", "website", "description",
)


def _museum_set(museum: Museum, fields: dict) -> list[str]:
    from django.utils.text import slugify

    from .models import Department

    changed = []
    for name, value in fields.items():
        if name not in MUSEUM_FIELDS:
            raise TypeError(f"A museum has no editable field {name!r}.")
        if getattr(museum, name) != value:
            setattr(museum, name, value)
            changed.append(name)
    if not museum.slug:
        museum.slug = slugify(f"{museum.name} {museum.city}")[:200]
    if museum.department_code in Department.values and not museum.department:
        museum.department = Department(museum.department_code).label
    museum.full_clean()
    return sorted(changed)


@transaction.atomic
def museum_create(*, by: User | None, request=None, **fields) -> Museum:
    """Add a museum to the network's directory (its staff is then invited)."""
    museum = Museum()
    _museum_set(museum, fields)
    museum.save()
    audit_record(action="museum.created", actor=by, obj=museum, museum=museum, data={"name": museum.name}, request=request)
    return museum


@transaction.atomic
def museum_update(*, museum: Museum, by: User | None, request=None, **fields) -> Museum:
    """Change a museum's details or location."""
    museum = Museum.objects.select_for_update().get(pk=museum.pk)  # not a form's already-changed copy
    changed = _museum_set(museum, fields)
    if changed:
        museum.save()
        audit_record(action="museum.changed", actor=by, obj=museum, museum=museum, data={"fields": changed}, request=request)
    return museum


# --- Coordinators ------------------------------------------------------------------------


def coordinators_group() -> Group:
    """The Django group that opens the Wagtail admin to coordinators."""
    group, _created = Group.objects.get_or_create(name=COORDINATORS_GROUP)
    # Re-asserted every time, so a group edited by hand cannot lock coordinators out.
    group.permissions.add(*Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin"))
    return group


# What coordinators may do in the Wagtail admin, set here and nowhere else (docs/editors.md).
# Museums, people, working groups, forums, the kit and the exchange have admin views of their own
# that ask `permissions.is_coordinator` and write through the services: no model permission.
COORDINATOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
COORDINATOR_COLLECTION_PERMISSIONS = [
    "wagtaildocs.add_document", "wagtaildocs.change_document", "wagtaildocs.choose_document",
    "wagtaildocs.delete_document",
    "wagtailimages.add_image", "wagtailimages.change_image", "wagtailimages.choose_image",
    "wagtailimages.delete_image",
    "wagtailcore.add_collection", "wagtailcore.change_collection",
]
COORDINATOR_MODEL_PERMISSIONS = [
    # Snippets: the skills vocabulary (skills_directory/wagtail_hooks.py).
    "skills_directory.add_skill", "skills_directory.change_skill", "skills_directory.view_skill",
    "skills_directory.add_skillcategory", "skills_directory.change_skillcategory",
    "skills_directory.view_skillcategory",
    # Redirects, for pages moved or renamed.
    "wagtailredirects.add_redirect", "wagtailredirects.change_redirect", "wagtailredirects.delete_redirect",
]
MEMBERS_COLLECTION = "Réservé aux membres"
REVIEW_WORKFLOW = "Relecture par la coordination"
REVIEW_TASK = "Relecture coordination"


def _permissions(labels) -> list[Permission]:
    wanted = {tuple(label.split(".")) for label in labels}
    found = [
        p for p in Permission.objects.filter(codename__in=[c for _a, c in wanted]).select_related("content_type")
        if (p.content_type.app_label, p.codename) in wanted
    ]
    return found


def members_only_collection():
    """The collection whose documents and images only members may download (created on first need)."""
    from wagtail.models import BaseViewRestriction, Collection, CollectionViewRestriction

    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=MEMBERS_COLLECTION).first()
    if collection is None:
        collection = root.add_child(instance=Collection(name=MEMBERS_COLLECTION))
    restriction = CollectionViewRestriction.objects.filter(collection=collection).first()
    if restriction is None:
        CollectionViewRestriction.objects.create(collection=collection, restriction_type=BaseViewRestriction.LOGIN)
    elif restriction.restriction_type not in (BaseViewRestriction.LOGIN, BaseViewRestriction.GROUPS):
        # Made public (or password-protected) by hand: members-only again.
        restriction.restriction_type = BaseViewRestriction.LOGIN
        restriction.password = ""
        restriction.save(update_fields=["restriction_type", "password"])
    return collection


def members_space_root():
    """The root page of the members' space (`/espace/`), once it exists."""
    from wagtail.models import Page

    return Page.objects.filter(depth=3, slug="espace").first()


def _review_workflow(group: Group):
    """The "Relecture coordination" workflow: one group approval task for the coordinators."""
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowTask

    task = GroupApprovalTask.objects.filter(name=REVIEW_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=REVIEW_TASK)
    elif not task.active:
        task.active = True
        task.save(update_fields=["active"])
    task.groups.set([group])
    workflow = Workflow.objects.filter(name=REVIEW_WORKFLOW).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=REVIEW_WORKFLOW)
    elif not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def editor_permissions_ensure() -> Group:
    """Give the coordinators' group what editing the site from `/cms/` takes, and nothing more.

    Pages: add, edit, publish, unpublish, move, lock, on every page of every site (not "bulk
    delete": a subtree is never deleted at once). Documents and images: every collection, and
    the members-only one exists with its privacy. Snippets: the skills vocabulary; redirects.
    Workflow: a page submitted for moderation under the members' space (or anywhere else: Wagtail's
    default "Moderators" group has nobody) goes to the coordinators ("Relecture coordination").
    Re-asserted on every coordinator change and after every `migrate`, so a group edited by hand
    is put back; safe to run again.
    """
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page, WorkflowPage

    group = coordinators_group()
    group.permissions.add(*_permissions(COORDINATOR_MODEL_PERMISSIONS))
    tree_root = Page.get_first_root_node()
    if tree_root is not None:
        for permission in _permissions(f"wagtailcore.{c}" for c in COORDINATOR_PAGE_PERMISSIONS):
            GroupPagePermission.objects.get_or_create(group=group, page=tree_root, permission=permission)
    collection_root = Collection.get_first_root_node()
    if collection_root is not None:
        for permission in _permissions(COORDINATOR_COLLECTION_PERMISSIONS):
            GroupCollectionPermission.objects.get_or_create(group=group, collection=collection_root, permission=permission)
        members_only_collection()
    if tree_root is not None:
        workflow = _review_workflow(group)
        for page in (tree_root, members_space_root()):
            if page is not None:
                WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return group


@transaction.atomic
def coordinator_set(*, user: User, is_coordinator: bool, by: User | None, request=None) -> None:
    """Make `user` a network coordinator, or stop them being one."""
    profile = profile_for(user)
    if profile.is_coordinator == is_coordinator:
        return
    profile.is_coordinator = is_coordinator
    profile.save(update_fields=["is_coordinator"])
    group = editor_permissions_ensure()
    if is_coordinator:
        user.groups.add(group)
    else:
        user.groups.remove(group)
    audit_record(
        action="coordinator.granted" if is_coordinator else "coordinator.revoked",
        actor=by, obj=user, data={"user": user.pk}, request=request,
    )
    _access_changed(user)


# --- Working groups ----------------------------------------------------------------------


@transaction.atomic
def working_group_create(*, name: str, slug: str = "", description: str = "", by: User | None, request=None) -> WorkingGroup:
    """Create a working group; its forum (and whatever else apps hang on a group) follows at once."""
    from django.utils.text import slugify

    group = WorkingGroup(name=name.strip(), slug=slug or slugify(name)[:200], description=description)
    group.full_clean()
    group.save()
    audit_record(action="working_group.created", actor=by, obj=group, data={"name": group.name}, request=request)
    _working_group_changed(group)
    return group


@transaction.atomic
def working_group_update(*, group: WorkingGroup, by: User | None, request=None, **fields) -> WorkingGroup:
    """Change a working group's name, slug or description; its forum and page follow."""
    group = WorkingGroup.objects.select_for_update().get(pk=group.pk)  # not a form's already-changed copy
    changed = sorted(name for name, value in fields.items() if getattr(group, name) != value)
    for name in changed:
        setattr(group, name, fields[name])
    group.full_clean()
    group.save()
    if changed:
        audit_record(action="working_group.changed", actor=by, obj=group, data={"fields": changed}, request=request)
    _working_group_changed(group)
    return group


@transaction.atomic
def working_group_join(*, group: WorkingGroup, user: User, role: str = GroupRole.MEMBER, by: User | None, request=None):
    """Add `user` to a working group (or change their role in it)."""
    if role not in GroupRole.values:
        raise ValidationError(_("Unknown role."))
    membership = WorkingGroupMembership.objects.active().filter(user=user, group=group).first()
    if membership is None:
        membership = WorkingGroupMembership.objects.create(user=user, group=group, role=role)
        action = "working_group.joined"
    elif membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
        action = "working_group.role_changed"
    else:
        return membership
    assign_perm("extranet.take_part", user, group)
    audit_record(action=action, actor=by, obj=group, data={"user": user.pk, "role": role}, request=request)
    notify(
        recipient=user, kind="working_group", actor=by, obj=group,
        title=format_lazy(
            gettext_lazy("You were added to the working group {group}") if action == "working_group.joined"
            else gettext_lazy("Your role in the working group {group} is now: {role}"),
            group=group.name, role=GroupRole(role).label,
        ),
    )
    _access_changed(user)
    return membership


@transaction.atomic
def working_group_leave(*, group: WorkingGroup, user: User, by: User | None, request=None) -> None:
    """Take `user` out of a working group (kept in history)."""
    updated = WorkingGroupMembership.objects.active().filter(user=user, group=group).update(ended_at=timezone.now())
    if not updated:
        return
    remove_perm("extranet.take_part", user, group)
    audit_record(action="working_group.left", actor=by, obj=group, data={"user": user.pk}, request=request)
    _access_changed(user)


# --- Invitations --------------------------------------------------------------------------


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationError(Exception):
    """The invitation link cannot be used (already used, expired or revoked)."""


@transaction.atomic
def invitation_create(*, email: str, museum: Museum, role: str, by: User, request=None) -> tuple[Invitation, str]:
    """Invite a person to a museum; emails them a single-use link. Returns (invitation, token)."""
    if role not in Role.values:
        raise ValidationError(_("Unknown role."))
    email = User.objects.normalize_email(email).lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing and Membership.objects.active().filter(user=existing, museum=museum).exists():
        raise ValidationError(_("This person already works for this museum."))
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation = Invitation.objects.create(
        email=email,
        museum=museum,
        role=role,
        token_hash=_hash_token(token),
        invited_by=by,
        created_at=now,
        expires_at=now + timedelta(days=settings.INVITATION_TTL_DAYS),
    )
    audit_record(
        action="invitation.sent", actor=by, obj=invitation, museum=museum,
        data={"email": email, "role": role}, request=request,
    )
    accept_url = reverse("invitation_accept", kwargs={"token": token})
    base = request.build_absolute_uri("/")[:-1] if request is not None else settings.WAGTAILADMIN_BASE_URL
    language = translation.get_language() or settings.LANGUAGE_CODE
    transaction.on_commit(lambda: _send_invitation_email(invitation, base + accept_url, language))
    return invitation, token


def _send_invitation_email(invitation: Invitation, url: str, language: str) -> None:
    with translation.override(language):
        context = {"invitation": invitation, "url": url, "days": settings.INVITATION_TTL_DAYS}
        subject = _("Invitation to the Musenor members' space — %(museum)s") % {"museum": invitation.museum.name}
        text = render_to_string("extranet/email/invitation.txt", context)
        html = render_to_string("extranet/email/invitation.html", context)
    message = EmailMultiAlternatives(subject, text, to=[invitation.email])
    message.attach_alternative(html, "text/html")
    message.send()


def invitation_lookup(token: str) -> Invitation:
    """The invitation behind a link, or InvitationError when it can no longer be used."""
    invitation = Invitation.objects.select_related("museum").filter(token_hash=_hash_token(token)).first()
    if invitation is None or not invitation.is_usable:
        raise InvitationError
    return invitation


@transaction.atomic
def invitation_accept(
    *, token: str, user: User | None = None, first_name: str = "", last_name: str = "",
    password: str | None = None, request=None,
) -> User:
    """Use an invitation once: create the account (or use the signed-in one) and the membership."""
    invitation = invitation_lookup(token)
    now = timezone.now()
    # The conditional update makes the link single-use even when clicked twice at once.
    claimed = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    ).update(accepted_at=now)
    if not claimed:
        raise InvitationError
    if user is None:
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(_("An account already exists for this address: sign in first, then open the link again."))
        user = user_create(email=invitation.email, first_name=first_name, last_name=last_name, password=password)
    Invitation.objects.filter(pk=invitation.pk).update(accepted_by=user)
    audit_record(
        action="invitation.accepted", actor=user, obj=invitation, museum=invitation.museum,
        data={"email": invitation.email}, request=request,
    )
    membership_grant(user=user, museum=invitation.museum, role=invitation.role, by=invitation.invited_by, request=request)
    return user


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User, request=None) -> None:
    """Withdraw an invitation that has not been used yet."""
    updated = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if updated:
        audit_record(action="invitation.revoked", actor=by, obj=invitation, museum=invitation.museum, request=request)


# --- Profiles -----------------------------------------------------------------------------


@transaction.atomic
def profile_update(*, user: User, first_name: str, last_name: str, profile_data: dict, request=None) -> Profile:
    """Save a member's own profile."""
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.full_clean(exclude=["password"])
    user.save(update_fields=["first_name", "last_name"])
    profile = profile_for(user)
    for field, value in profile_data.items():
        setattr(profile, field, value)
    profile.full_clean()
    profile.save()
    audit_record(action="profile.updated", actor=user, obj=profile, data={"fields": sorted(profile_data)}, request=request)
    return profile


# --- Retention ------------------------------------------------------------------------------


@transaction.atomic
def audit_addresses_erase(*, older_than: timedelta) -> int:
    """Erase the IP address of audit events older than `older_than` (the events themselves stay)."""
    cutoff = timezone.now() - older_than
    return AuditEvent.objects.filter(created_at__lt=cutoff, ip_address__isnull=False).update(ip_address=None)


@transaction.atomic
def retention_apply() -> dict[str, int]:
    """Apply every retention period of the settings; one audit event when anything changed."""
    from notifications.services import notifications_prune

    from .task_queue import finished_tasks_prune

    done = {
        "notifications": notifications_prune(older_than=timedelta(days=settings.NOTIFICATION_RETENTION_DAYS)),
        "task_results": finished_tasks_prune(older_than=timedelta(days=settings.TASK_RESULT_RETENTION_DAYS)),
        "audit_addresses": audit_addresses_erase(older_than=timedelta(days=settings.AUDIT_IP_RETENTION_DAYS)),
    }
    if any(done.values()):
        audit_record(action="retention.applied", data={
            **done,
            "days": {
                "notifications": settings.NOTIFICATION_RETENTION_DAYS,
                "task_results": settings.TASK_RESULT_RETENTION_DAYS,
                "audit_addresses": settings.AUDIT_IP_RETENTION_DAYS,
            },
        })
    return done
