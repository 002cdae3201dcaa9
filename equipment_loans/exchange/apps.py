from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    """The equipment exchange: museums give and lend display furniture to each other.

    Nested in equipment_loans/ beside the conservation kit, clearly apart (DESIGN.md).
    """

    name = "equipment_loans.exchange"
    label = "exchange"
    verbose_name = _("Equipment exchange")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import dashboard, kinds  # noqa: F401  (registers the panel and the notification kinds)
