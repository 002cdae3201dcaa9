"""Writes of the forum: who may do what follows memberships; new posts notify their followers.

Forum permissions are never edited by hand. They are machina `GroupForumPermission` rows given
to Django groups that this module alone keeps in step with the membership facts of
`extranet/` (docs/permissions.md):

    forum: members              every active member of the network: reads and posts in the
                                network-wide forums
    forum: group <slug>         the members of a working group: read and post in its forum
    forum: lead <slug>          its leads: moderate its forum
    Coordinateurs               (extranet's group) every permission in every forum

`forum_access_sync(user)` is registered as an access hook: it recomputes the user's forum
groups after every membership change. `forum_permissions_apply(forum)` writes a forum's rows
from what the forum is (network-wide, or a working group's).
"""

import re

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from machina.core.db.models import get_model

from extranet.models import GroupRole, Membership, Profile, User, WorkingGroup, WorkingGroupMembership, fold
from extranet.services import audit_record, coordinators_group
from notifications.services import notify

from . import kinds
from .machina_apps.forum_permission.handler import permissions_changed
from .models import ForumClosure, ForumSubscription, WorkingGroupForum

Forum = get_model("forum", "Forum")
ForumPermission = get_model("forum_permission", "ForumPermission")
GroupForumPermission = get_model("forum_permission", "GroupForumPermission")
Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")

MEMBERS_GROUP = "forum: members"
GROUP_PREFIX = "forum: group "
LEAD_PREFIX = "forum: lead "
MANAGED_PREFIX = "forum: "

READ = ["can_see_forum", "can_read_forum"]
PARTICIPATE = READ + [
    "can_start_new_topics", "can_reply_to_topics", "can_edit_own_posts", "can_post_without_approval",
    "can_create_polls", "can_vote_in_polls", "can_attach_file", "can_download_file",
]
MODERATE = PARTICIPATE + [
    "can_post_announcements", "can_post_stickies", "can_delete_own_posts", "can_lock_topics",
    "can_move_topics", "can_edit_posts", "can_delete_posts", "can_approve_posts", "can_reply_to_locked_topics",
]

# Network-wide forums by theme (demo content and a fresh installation).
THEMES = [
    ("Conservation préventive", "Climat, lumière, nuisibles, anoxie : le soin des collections au quotidien."),
    ("Gestion et inventaire des collections", "Inventaire, récolement, bases de données, mouvements d'œuvres."),
    ("Médiation et publics", "Visites, ateliers, accessibilité, nouveaux publics."),
    ("Éco-responsabilité et réemploi", "Scénographies réemployées, matériaux, sobriété énergétique."),
    ("Numérique", "Collections en ligne, outils, numérisation, réseaux sociais."),
    ("Questions pratiques", "Fournisseurs, marchés publics, assurances, transport."),
]
NETWORK_CATEGORY = "Réseau"
GROUPS_CATEGORY = "Groupes de travail"


# --- Groups that carry the permissions ----------------------------------------------------


def _group(name: str) -> Group:
    group, _created = Group.objects.get_or_create(name=name)
    return group


def _group_name(prefix: str, working_group: WorkingGroup) -> str:
    return f"{prefix}{working_group.slug}"[:150]


def is_network_member(user: User) -> bool:
    """Active, and working for a museum, taking part in a working group or coordinating."""
    if not user.is_active:
        return False
    return (
        Membership.objects.active().filter(user=user).exists()
        or WorkingGroupMembership.objects.active().filter(user=user).exists()
        or Profile.objects.filter(user=user, is_coordinator=True).exists()
    )


def forum_access_sync(user: User) -> None:
    """Put `user` in exactly the forum groups their memberships call for (an access hook)."""
    wanted = set()
    if is_network_member(user):
        wanted.add(MEMBERS_GROUP)
        active = WorkingGroupMembership.objects.active().filter(user=user, user__is_active=True).select_related("group")
        for membership in active:
            working_group_forum_ensure(group=membership.group)
            wanted.add(_group_name(GROUP_PREFIX, membership.group))
            if membership.role == GroupRole.LEAD:
                wanted.add(_group_name(LEAD_PREFIX, membership.group))
    current = {g.name: g for g in user.groups.filter(name__startswith=MANAGED_PREFIX)}
    to_remove = [g for name, g in current.items() if name not in wanted]
    if to_remove:
        user.groups.remove(*to_remove)
    to_add = [_group(name) for name in wanted - set(current)]
    if to_add:
        user.groups.add(*to_add)
    # Always: the coordinator role (another group) may have changed too.
    transaction.on_commit(permissions_changed)
    permissions_changed()


# --- Forum permissions --------------------------------------------------------------------


def _permission_ids(codenames) -> dict[str, int]:
    return dict(ForumPermission.objects.filter(codename__in=codenames).values_list("codename", "pk"))


def _grant(*, group: Group, forum, codenames) -> None:
    ids = _permission_ids(codenames)
    existing = dict(
        GroupForumPermission.objects.filter(group=group, forum=forum).values_list("permission_id", "has_perm")
    )
    GroupForumPermission.objects.filter(group=group, forum=forum).exclude(permission_id__in=ids.values()).delete()
    GroupForumPermission.objects.filter(group=group, forum=forum, permission_id__in=ids.values(), has_perm=False).update(
        has_perm=True
    )
    GroupForumPermission.objects.bulk_create(
        [
            GroupForumPermission(group=group, forum=forum, permission_id=pk, has_perm=True)
            for pk in ids.values()
            if pk not in existing
        ]
    )


def coordinator_permissions_apply() -> None:
    """Coordinators hold every forum permission, in every forum (global rows)."""
    _grant(group=coordinators_group(), forum=None, codenames=MODERATE)


def _place(forum):
    """Where `forum` stands: ("group", link) in a working group's forum or below it, ("private",
    None) elsewhere under the working groups' category, ("network", None) anywhere else."""
    chain = list(forum.get_ancestors(ascending=True, include_self=True))  # the forum first
    links = {link.forum_id: link for link in WorkingGroupForum.objects.filter(forum__in=chain).select_related("group")}
    for node in chain:
        if node.pk in links:
            return "group", links[node.pk]
    root = chain[-1]
    if root.pk != forum.pk and root.parent_id is None and root.type == Forum.FORUM_CAT and root.name == GROUPS_CATEGORY:
        return "private", None
    return "network", None


@transaction.atomic
def forum_permissions_apply(forum) -> None:
    """Write the permission rows `forum` calls for: network-wide, its working group's (its own
    or the one of the group forum it sits in), or coordinators only (a forum a coordinator put
    under the working groups' category, belonging to no group)."""
    place, link = _place(forum)
    managed = Group.objects.filter(name__startswith=MANAGED_PREFIX)
    if place == "network":
        wanted = {_group(MEMBERS_GROUP): PARTICIPATE}
    elif place == "private":
        wanted = {}
    else:
        wanted = {
            _group(_group_name(GROUP_PREFIX, link.group)): PARTICIPATE,
            _group(_group_name(LEAD_PREFIX, link.group)): MODERATE,
        }
    if is_closed(forum):
        # Closed (itself or a forum above it): everyone who could read still reads, nothing more.
        wanted = {group: READ for group in wanted}
    GroupForumPermission.objects.filter(forum=forum, group__in=managed).exclude(
        group__in=[g.pk for g in wanted]
    ).delete()
    for group, codenames in wanted.items():
        _grant(group=group, forum=forum, codenames=codenames)
    coordinator_permissions_apply()
    transaction.on_commit(permissions_changed)
    permissions_changed()


@transaction.atomic
def forum_saved_by_coordinator(*, forum, created: bool, by: User | None = None) -> None:
    """A forum created, edited or moved by hand (machina's admin): it and the forums below it get
    at once the permission rows their place calls for (a forum moved into a working group's
    forum becomes that group's; moved out, network-wide again)."""
    for node in forum.get_descendants(include_self=True):
        forum_permissions_apply(node)
    audit_record(action="forum.created" if created else "forum.changed", actor=by, obj=forum)


def is_closed(forum) -> bool:
    """Is `forum`, or a forum above it, closed by a coordinator?"""
    chain = forum.get_ancestors(include_self=True)
    return ForumClosure.objects.filter(forum__in=chain, reopened_at__isnull=True).exists()


@transaction.atomic
def forum_update(*, forum, name: str, description: str, parent, by: User | None, request=None):
    """Rename a forum, change its description or move it under another; the permissions of it and
    of the forums below it follow where it now stands (docs/forum.md)."""
    forum = Forum.objects.select_for_update().get(pk=forum.pk)
    if parent is not None and (parent.pk == forum.pk or parent.is_descendant_of(forum)):
        raise ValidationError(gettext("A forum cannot be moved into itself or into a forum below it."))
    if parent is not None and parent.is_link:
        raise ValidationError(gettext("A forum cannot be placed under a link."))
    link = WorkingGroupForum.objects.filter(forum=forum).select_related("group").first()
    if link is not None and name != forum.name:
        raise ValidationError(
            gettext("This is the forum of the working group “%(group)s”: it is renamed with the group.")
            % {"group": link.group.name}
        )
    forum.name, forum.description, forum.parent = name, description, parent
    forum.full_clean(exclude=["slug"])
    forum.save()
    forum_saved_by_coordinator(forum=forum, created=False, by=by)
    return forum


@transaction.atomic
def forum_close(*, forum, by: User | None, request=None) -> ForumClosure:
    """Close a forum: it and the forums below it stay readable, nobody starts a topic or replies
    there any more (coordinators still can), its open topics are locked. Nothing is deleted."""
    forum = Forum.objects.select_for_update().get(pk=forum.pk)
    if forum.type != Forum.FORUM_POST:
        raise ValidationError(gettext("Only a forum can be closed, not a category or a link."))
    if ForumClosure.objects.filter(forum=forum, reopened_at__isnull=True).exists():
        raise ValidationError(gettext("This forum is already closed."))
    subtree = list(forum.get_descendants(include_self=True))
    open_topics = Topic.objects.filter(forum__in=subtree, status=Topic.TOPIC_UNLOCKED)
    locked = list(open_topics.values_list("pk", flat=True))
    Topic.objects.filter(pk__in=locked).update(status=Topic.TOPIC_LOCKED)
    closure = ForumClosure.objects.create(forum=forum, closed_by=by, locked_topic_ids=locked)
    for node in subtree:
        forum_permissions_apply(node)
    audit_record(action="forum.closed", actor=by, obj=forum, data={"locked_topics": len(locked)}, request=request)
    return closure


@transaction.atomic
def forum_reopen(*, forum, by: User | None, request=None) -> None:
    """Open a closed forum again: members post as before, the topics its closure locked are unlocked."""
    closure = ForumClosure.objects.select_for_update().filter(forum=forum, reopened_at__isnull=True).first()
    if closure is None:
        raise ValidationError(gettext("This forum is not closed."))
    closure.reopened_at, closure.reopened_by = timezone.now(), by
    closure.save(update_fields=["reopened_at", "reopened_by"])
    Topic.objects.filter(pk__in=closure.locked_topic_ids, status=Topic.TOPIC_LOCKED).update(status=Topic.TOPIC_UNLOCKED)
    for node in forum.get_descendants(include_self=True):
        forum_permissions_apply(node)
    audit_record(action="forum.reopened", actor=by, obj=forum, request=request)


def _category(name: str):
    category = Forum.objects.filter(name=name, type=Forum.FORUM_CAT, parent__isnull=True).first()
    if category is None:
        category = Forum.objects.create(name=name, type=Forum.FORUM_CAT)
        forum_permissions_apply(category)
    return category


@transaction.atomic
def forum_create(*, name: str, description: str = "", parent=None, by: User | None = None, request=None):
    """A forum, open to every member (or to a working group, placed in its forum)."""
    forum = Forum.objects.create(name=name, description=description, parent=parent, type=Forum.FORUM_POST)
    forum_permissions_apply(forum)
    audit_record(action="forum.created", actor=by, obj=forum, request=request)
    return forum


@transaction.atomic
def working_group_forum_ensure(*, group: WorkingGroup):
    """The private forum of a working group, created the first time it is needed and named
    after the group (a renamed group renames its forum)."""
    link = WorkingGroupForum.objects.filter(group=group).select_related("forum").first()
    if link is not None:
        forum = link.forum
        if forum.name != group.name[:100]:
            forum.name = group.name[:100]
            forum.save(update_fields=["name"])
        return forum
    forum = Forum.objects.create(
        name=group.name[:100],
        description=group.description,
        parent=_category(GROUPS_CATEGORY),
        type=Forum.FORUM_POST,
    )
    WorkingGroupForum.objects.create(forum=forum, group=group)
    forum_permissions_apply(forum)
    audit_record(action="forum.created", obj=forum, data={"working_group": group.pk})
    return forum


@transaction.atomic
def network_forums_ensure() -> None:
    """The network's forums by theme and one forum per working group, every permission row in
    step and every member in their forum groups; safe to run again (repairs)."""
    network = _category(NETWORK_CATEGORY)
    for name, description in THEMES:
        forum = Forum.objects.filter(name=name, parent=network).first()
        if forum is None:
            forum_create(name=name, description=description, parent=network)
    for group in WorkingGroup.objects.all():
        working_group_forum_ensure(group=group)
    for forum in Forum.objects.all():
        forum_permissions_apply(forum)
    for user in User.objects.filter(is_active=True):
        forum_access_sync(user)


# --- Following ------------------------------------------------------------------------------


def forum_follow(*, user: User, forum) -> None:
    """`user` is told of every new topic and reply in `forum`."""
    ForumSubscription.objects.get_or_create(user=user, forum=forum)


def forum_unfollow(*, user: User, forum) -> None:
    ForumSubscription.objects.filter(user=user, forum=forum).delete()


# --- Mentions and notifications --------------------------------------------------------------

MENTION_RE = re.compile(r"(?<![\w@])@(\w[\w'’.-]*(?:[ \t]+\w[\w'’.-]*){0,3})", re.UNICODE)


def mentioned_users(text: str, candidates) -> list[User]:
    """Members named after an "@" in `text` ("@Hélène Dupont"), among `candidates`.

    The longest run of up to four words after "@" that is a candidate's full name wins, so
    "@Hélène Dupont merci" names Hélène Dupont. Case and accents are ignored.
    """
    by_name = {}
    for user in candidates:
        full = fold(user.get_full_name())
        if full:
            by_name.setdefault(full, user)
    found = []
    for match in MENTION_RE.finditer(text or ""):
        words = match.group(1).split()
        for n in range(len(words), 0, -1):
            user = by_name.get(fold(" ".join(words[:n])).rstrip(".,;:!?"))
            if user is not None:
                if user not in found:
                    found.append(user)
                break
    return found


def _readers_among(users, forum) -> list[User]:
    from machina.core.loading import get_class

    PermissionHandler = get_class("forum_permission.handler", "PermissionHandler")
    handler = PermissionHandler()
    return [u for u in users if u.is_active and handler.can_read_forum(forum, u)]


def post_published(*, post, by: User) -> None:
    """Tell followers of the topic or forum, and the members mentioned, about a new post."""
    topic, forum = post.topic, post.topic.forum
    if not post.approved:
        return
    url = f"{topic_url(topic)}?post={post.pk}#{post.pk}"
    is_first = topic.first_post_id == post.pk
    told = {by.pk}

    candidates = User.objects.filter(is_active=True).exclude(first_name="", last_name="")
    for user in _readers_among(mentioned_users(post.content.raw, candidates), forum):
        if user.pk in told:
            continue
        told.add(user.pk)
        notify(
            recipient=user, kind=kinds.MENTION, actor=by, obj=post, url=url,
            title=format_lazy(_("{name} mentioned you in “{topic}”"), name=by.display_name, topic=topic.subject),
        )

    followers = list(topic.subscribers.filter(is_active=True)) if not is_first else []
    for user in _readers_among(followers, forum):
        if user.pk in told:
            continue
        told.add(user.pk)
        notify(
            recipient=user, kind=kinds.REPLY, actor=by, obj=post, url=url,
            title=format_lazy(_("{name} replied in “{topic}”"), name=by.display_name, topic=topic.subject),
        )

    forum_followers = User.objects.filter(forum_subscriptions__forum=forum, is_active=True)
    for user in _readers_among(forum_followers, forum):
        if user.pk in told:
            continue
        told.add(user.pk)
        if is_first:
            notify(
                recipient=user, kind=kinds.NEW_TOPIC, actor=by, obj=post, url=url,
                title=format_lazy(_("New topic in {forum}: “{topic}”"), forum=forum.name, topic=topic.subject),
            )
        else:
            notify(
                recipient=user, kind=kinds.REPLY, actor=by, obj=post, url=url,
                title=format_lazy(_("{name} replied in “{topic}”"), name=by.display_name, topic=topic.subject),
            )


def topic_url(topic) -> str:
    from django.urls import reverse

    return reverse(
        "forum_conversation:topic",
        kwargs={"forum_slug": topic.forum.slug, "forum_pk": topic.forum_id, "slug": topic.slug, "pk": topic.pk},
    )



@transaction.atomic
def topic_skills_tag(*, topic, skills, by: User) -> list[User]:
    """Tag a question with skills; the holders willing to be asked of the NEW skills are told.

    Tags are only added (never removed), so an expert is told about a question once per skill.
    Returns the experts told.
    """
    from skills_directory.services import skill_experts_notify

    from .models import TopicSkill

    existing = set(TopicSkill.objects.filter(topic=topic).values_list("skill_id", flat=True))
    new = [skill for skill in skills if skill.pk not in existing]
    TopicSkill.objects.bulk_create([TopicSkill(topic=topic, skill=skill, tagged_by=by) for skill in new])
    if not new:
        return []
    audit_record(action="forum.topic_skills_tagged", actor=by, obj=topic, data={"skills": [s.pk for s in new]})
    # Only readers of the forum may be told: a private working-group question stays private.
    from .selectors import readers_of

    return skill_experts_notify(
        skills=new, topic_title=topic.subject, url=topic_url(topic), by=by, among=readers_of(topic.forum)
    )
