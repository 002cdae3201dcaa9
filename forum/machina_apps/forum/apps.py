import machina.apps.forum.apps as machina_apps


class ForumAppConfig(machina_apps.ForumAppConfig):
    """machina's `forum` app (label "forum"), with views of ours found first by get_class."""

    name = "forum.machina_apps.forum"
