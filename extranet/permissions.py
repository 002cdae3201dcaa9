"""Permission questions of the network core, asked in pairs: may this user act on this
object, and which objects may this user see. Views and templates ask here, never decide."""

from django.db.models import QuerySet
from guardian.shortcuts import get_objects_for_user

from .models import Membership, Museum, Profile, User, Visibility, WorkingGroup


def is_member(user) -> bool:
    """A signed-in, active account: the members' space is open to them."""
    return bool(user and user.is_authenticated and user.is_active)


def is_coordinator(user) -> bool:
    """Network coordinators act for every museum and manage the network."""
    if not is_member(user):
        return False
    cached = getattr(user, "_is_coordinator", None)
    if cached is None:
        cached = Profile.objects.filter(user=user, is_coordinator=True).exists()
        user._is_coordinator = cached
    return cached


def can_act_for_museum(user, museum: Museum) -> bool:
    """May `user` act in the name of `museum` (book, offer, upload for it)?"""
    return is_coordinator(user) or (is_member(user) and user.has_perm("extranet.act_for_museum", museum))


def can_manage_staff(user, museum: Museum) -> bool:
    """May `user` invite, change the role of, and remove staff of `museum`?"""
    return is_coordinator(user) or (is_member(user) and user.has_perm("extranet.manage_staff", museum))


def museums_managed_by(user) -> QuerySet[Museum]:
    """The museums whose staff `user` may manage."""
    if is_coordinator(user):
        return Museum.objects.all()
    if not is_member(user):
        return Museum.objects.none()
    return get_objects_for_user(user, "extranet.manage_staff", klass=Museum, accept_global_perms=False)


def museums_acted_for_by(user) -> QuerySet[Museum]:
    """The museums `user` may act for."""
    if is_coordinator(user):
        return Museum.objects.all()
    if not is_member(user):
        return Museum.objects.none()
    return get_objects_for_user(user, "extranet.act_for_museum", klass=Museum, accept_global_perms=False)


def can_manage_working_groups(user) -> bool:
    """Coordinators create working groups and decide who takes part."""
    return is_coordinator(user)


def is_in_working_group(user, group: WorkingGroup) -> bool:
    """Does `user` take part in `group` (coordinators see every group)?"""
    return is_coordinator(user) or (is_member(user) and user.has_perm("extranet.take_part", group))


def _share_a_museum(viewer, owner: User) -> bool:
    viewer_museums = Membership.objects.active().filter(user=viewer).values("museum")
    return Membership.objects.active().filter(user=owner, museum__in=viewer_museums).exists()


def _visible(viewer, owner: User, visibility: str) -> bool:
    if not is_member(viewer):
        return False
    if viewer.pk == owner.pk or is_coordinator(viewer):
        return True
    if visibility == Visibility.NETWORK:
        return True
    if visibility == Visibility.MUSEUM:
        return _share_a_museum(viewer, owner)
    return False


def can_see_email(viewer, owner: User) -> bool:
    """Does `owner`'s contact preference show their email address to `viewer`?"""
    profile = getattr(owner, "profile", None)
    return _visible(viewer, owner, profile.email_visibility if profile else Visibility.NETWORK)


def can_see_phone(viewer, owner: User) -> bool:
    """Does `owner`'s contact preference show their phone number to `viewer`?"""
    profile = getattr(owner, "profile", None)
    return _visible(viewer, owner, profile.phone_visibility if profile else Visibility.MUSEUM)


# --- Files of Wagtail's collections (documents and images) ---------------------------------


def _collection_restrictions(collection) -> list:
    cached = getattr(collection, "_view_restrictions", None)
    if cached is None:
        cached = list(collection.get_view_restrictions().prefetch_related("groups"))
        collection._view_restrictions = cached
    return cached


def can_see_collection_files(user, collection) -> bool:
    """May `user` download the documents and images of `collection`?

    A collection with no privacy (and no private ancestor) is public: its files go to anyone,
    as the public pages that show them do. "Signed-in users" means members of the network;
    "users in specific groups" those groups' members. Coordinators see every collection, as they
    manage them. The shared-password option is turned off (settings), so it opens nothing.
    """
    from wagtail.models import BaseViewRestriction

    restrictions = _collection_restrictions(collection)
    if not restrictions:
        return True
    if is_coordinator(user) or _is_active_superuser(user):
        return True
    for restriction in restrictions:
        if restriction.restriction_type == BaseViewRestriction.LOGIN:
            if not is_member(user):
                return False
        elif restriction.restriction_type == BaseViewRestriction.GROUPS:
            if not is_member(user):
                return False
            wanted = {group.pk for group in restriction.groups.all()}
            if not wanted & set(user.groups.values_list("pk", flat=True)):
                return False
        else:
            return False
    return True


def collections_with_files_visible_to(user) -> QuerySet:
    """The collections whose documents and images `user` may download."""
    from wagtail.models import Collection

    return Collection.objects.filter(
        pk__in=[c.pk for c in Collection.objects.all() if can_see_collection_files(user, c)]
    )


# --- The Wagtail admin (`/cms/`) ------------------------------------------------------------


def _is_active_superuser(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.is_superuser)


def can_use_network_admin(user) -> bool:
    """May `user` run the network from `/cms/`: museums, people, working groups, forums, the
    kit's queue, exchange moderation? Coordinators (and superusers, who maintain the site)."""
    return is_coordinator(user) or _is_active_superuser(user)
