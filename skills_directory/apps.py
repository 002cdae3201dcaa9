from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkillsDirectoryConfig(AppConfig):
    name = "skills_directory"
    verbose_name = _("Skills directory")
    default_auto_field = "django.db.models.BigAutoField"
