from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from extranet.privacy import register_personal_data

        from . import kinds, privacy, signals  # noqa: F401  (registers the core kinds and the sign-in receiver)

        register_personal_data("notifications", export=privacy.export, erase=privacy.erase)
