import machina.apps.forum_conversation.apps as machina_apps


class ForumConversationAppConfig(machina_apps.ForumConversationAppConfig):
    """machina's `forum_conversation` app, with views of ours found first by get_class."""

    name = "forum.machina_apps.forum_conversation"
