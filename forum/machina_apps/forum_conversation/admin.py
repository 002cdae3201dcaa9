from machina.apps.forum_conversation.admin import *  # noqa: F403  (machina's admin classes, unchanged)
