from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _editor_permissions_after_migrate(sender, using="default", **kwargs):
    """After `migrate` (a fresh install or an upgrade) the coordinators hold their editor
    permissions. post_migrate is sent once per app: act on the last one, when every app's
    permission rows exist (Django sends it only to apps that have models)."""
    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if sender.label != last.label or using != "default":
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
