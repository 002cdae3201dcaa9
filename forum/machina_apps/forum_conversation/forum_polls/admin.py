from machina.apps.forum_conversation.forum_polls.admin import *  # noqa: F403  (machina's admin classes, unchanged)
