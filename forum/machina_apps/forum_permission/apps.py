import machina.apps.forum_permission.apps as machina_apps


class ForumPermissionAppConfig(machina_apps.ForumPermissionAppConfig):
    """machina's `forum_permission` app: 404 instead of 403, permissions computed once per request."""

    name = "forum.machina_apps.forum_permission"
