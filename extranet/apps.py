from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _editor_permissions_after_migrate(sender, using="default", **kwargs):
    """After `migrate` (a fresh install or an upgrade) the coordinators hold their editor
    permissions. post_migrate is sent once per app: act on the last one, when every app's
    permission rows exist."""
    if sender.label != list(apps.get_app_configs())[-1].label or using != "default":
        return
    from .services import editor_permissions_ensure

    editor_permissions_ensure()


class ExtranetConfig(AppConfig):
    name = "extranet"
    verbose_name = _("Network")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import dashboard, signals  # noqa: F401  (registers panels and receivers)

        post_migrate.connect(_editor_permissions_after_migrate, dispatch_uid="extranet_editor_permissions")
