"""Moderation of the equipment exchange in the Wagtail admin (equipment_loans/exchange/admin_views.py)."""

from wagtail import hooks

from .admin_views import ExchangeModerationViewSet


@hooks.register("register_admin_viewset")
def register_exchange_moderation():
    return ExchangeModerationViewSet("exchange_moderation")
