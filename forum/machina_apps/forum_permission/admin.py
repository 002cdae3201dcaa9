from machina.apps.forum_permission.admin import *  # noqa: F403  (machina's admin classes, unchanged)
