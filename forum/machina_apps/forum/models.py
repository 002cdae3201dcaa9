from machina.apps.forum.models import *  # noqa: F403  (machina's models, unchanged)
