"""Reads of the forum for pages outside machina's own: dashboard, live replies, mentions."""

from django.db.models import Q
from machina.core.db.models import get_model

from extranet.models import User, fold

from .permissions import forums_visible_to

GroupForumPermission = get_model("forum_permission", "GroupForumPermission")
Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")


def latest_topics_visible_to(user, *, request=None, limit=5):
    """The topics with the latest posts among the forums `user` may read."""
    forum_ids = [f.pk for f in forums_visible_to(user, request=request)]
    if not forum_ids:
        return Topic.objects.none()
    return (
        Topic.approved_objects.filter(forum_id__in=forum_ids)
        .select_related("forum", "last_post", "last_post__poster")
        .order_by("-last_post_on")[:limit]
    )


def topic_state(topic_id):
    """What changes when a reply arrives: (last post id, posts count, last update), one query."""
    return (
        Topic.approved_objects.filter(pk=topic_id)
        .values_list("forum_id", "last_post_id", "posts_count", "updated")
        .first()
    )


def posts_after(topic, after_id: int, limit: int = 50):
    """Approved posts of `topic` newer than the post `after_id`, with their authors."""
    return (
        Post.approved_objects.filter(topic=topic, pk__gt=after_id)
        .select_related("poster")
        .order_by("created", "pk")[:limit]
    )


def readers_of(forum):
    """Ids of the active users who may read `forum` (through the groups holding the permission)."""
    groups = GroupForumPermission.objects.filter(
        Q(forum=forum) | Q(forum__isnull=True), permission__codename="can_read_forum", has_perm=True
    ).values("group_id")
    return User.objects.filter(is_active=True, groups__in=groups).values("pk")


def mention_candidates(*, query: str, forum=None, limit: int = 8) -> list[User]:
    """Active members who may read `forum` and whose first or last name starts with each word of
    `query` (case and accents ignored)."""
    words = fold(query).split()
    people = User.objects.filter(is_active=True).exclude(first_name="", last_name="")
    if forum is not None:
        people = people.filter(pk__in=readers_of(forum))
    result = []
    # A few hundred members at most: folded in Python, so "hel" finds "Hélène".
    for person in people.only("pk", "first_name", "last_name", "is_active").order_by("first_name", "last_name"):
        parts = fold(person.get_full_name()).split()
        if all(any(part.startswith(word) for part in parts) for word in words):
            result.append(person)
            if len(result) >= limit:
                break
    return result
