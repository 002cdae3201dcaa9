import machina.apps.forum_tracking.apps as machina_apps


class ForumTrackingAppConfig(machina_apps.ForumTrackingAppConfig):
    """machina's `forum_tracking` app: reading tracked in a number of queries that does not grow
    with the forums or topics, and its "mark as read" pages 404 for a forum one may not read."""

    name = "forum.machina_apps.forum_tracking"
