from machina.apps.forum.admin import *  # noqa: F403  (machina's admin classes, unchanged)
