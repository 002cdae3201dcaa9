import machina.apps.forum_conversation.forum_polls.apps as machina_apps


class ForumPollsAppConfig(machina_apps.ForumPollsAppConfig):
    """machina's `forum_polls` app: a vote naming an option id the database cannot hold is a form
    error, not a server error (forms.py)."""

    name = "forum.machina_apps.forum_conversation.forum_polls"
