import machina.apps.forum_feeds.apps as machina_apps


class ForumFeedsAppConfig(machina_apps.ForumFeedsAppConfig):
    """machina's `forum_feeds` app: a forum's feed answers 404 to whoever may not read the forum."""

    name = "forum.machina_apps.forum_feeds"
