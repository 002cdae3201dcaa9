from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo content (`load_demo`) and the benchmark (`bench`): tooling, not the network's core."""

    name = "demo"
    verbose_name = "Demo and benchmark"
    default_auto_field = "django.db.models.BigAutoField"
