"""The forums in the Wagtail admin, for coordinators (forum/admin_views.py)."""

from wagtail import hooks

from .admin_views import ForumViewSet


@hooks.register("register_admin_viewset")
def register_forum_viewset():
    return ForumViewSet("forums")
