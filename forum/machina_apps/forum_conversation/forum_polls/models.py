from machina.apps.forum_conversation.forum_polls.models import *  # noqa: F403  (machina's models, unchanged)
