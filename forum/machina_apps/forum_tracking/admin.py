from machina.apps.forum_tracking.admin import *  # noqa: F403  (machina's admin classes, unchanged)
