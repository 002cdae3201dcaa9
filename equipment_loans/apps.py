from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EquipmentLoansConfig(AppConfig):
    name = "equipment_loans"
    verbose_name = _("Conservation kit")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import dashboard, kinds  # noqa: F401  (registers the panel and the notification kinds)
