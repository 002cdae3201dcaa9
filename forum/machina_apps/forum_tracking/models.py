from machina.apps.forum_tracking.models import *  # noqa: F403  (machina's models, unchanged)
