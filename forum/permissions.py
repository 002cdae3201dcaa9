"""Forum permission questions, asked in pairs. machina's PermissionHandler answers them from
the forum permissions that forum/services.py keeps in step with memberships."""

from machina.core.db.models import get_model
from machina.core.loading import get_class

from extranet.permissions import is_member

Forum = get_model("forum", "Forum")
PermissionHandler = get_class("forum_permission.handler", "PermissionHandler")


def _handler(request=None):
    # machina's middleware gives each request one handler, which caches what it computed.
    handler = getattr(request, "forum_permission_handler", None) if request is not None else None
    return handler or PermissionHandler()


def can_read_forum(user, forum, *, request=None) -> bool:
    """May `user` read `forum` and its topics?"""
    return is_member(user) and _handler(request).can_read_forum(forum, user)


def forums_visible_to(user, *, request=None) -> list:
    """The forums `user` may read (a list: the handler has them loaded already)."""
    if not is_member(user):
        return []
    return list(_handler(request).get_readable_forums(Forum.objects.all(), user))


def can_follow_forum(user, forum, *, request=None) -> bool:
    """Members follow the forums they may read."""
    return can_read_forum(user, forum, request=request)


def can_tag_topic_skills(user, topic, *, request=None) -> bool:
    """The question's author (and coordinators) name the skills it is about, to reach experts."""
    from extranet.permissions import is_coordinator

    if not can_read_forum(user, topic.forum, request=request):
        return False
    return topic.poster_id == user.pk or is_coordinator(user)
