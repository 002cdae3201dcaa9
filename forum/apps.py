from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkForumConfig(AppConfig):
    """The network's forum: django-machina set up and extended (docs/forum.md).

    Labelled "network_forum": machina's own top-level app is labelled "forum".
    """

    name = "forum"
    label = "network_forum"
    verbose_name = _("Forum")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from extranet.privacy import register_personal_data
        from extranet.services import register_access_hook, register_working_group_hook

        from . import dashboard, kinds, privacy  # noqa: F401  (registers the panel and the notification kinds)
        from .services import forum_access_sync, working_group_forum_ensure

        register_access_hook(forum_access_sync)
        register_working_group_hook(lambda group: working_group_forum_ensure(group=group))
        register_personal_data("forum", export=privacy.export, erase=privacy.erase)
