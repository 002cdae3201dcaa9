from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkillsDirectoryConfig(AppConfig):
    name = "skills_directory"
    verbose_name = _("Skills directory")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from extranet.privacy import register_personal_data

        from . import kinds, privacy  # noqa: F401  (registers the notification kinds)

        register_personal_data("skills_directory", export=privacy.export, erase=privacy.erase)
