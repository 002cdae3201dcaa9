"""Notification kinds of the equipment exchange (imported by ExchangeConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from notifications.registry import Delivery, register_kind

EXCHANGE_REQUESTS = register_kind(
    "exchange_request",
    label=_("Requests for my museum's listings"),
    description=_("Another museum asked for equipment your museum offers, or wrote in the request's thread."),
    default_delivery=Delivery.IMMEDIATELY,
).key

EXCHANGE_MY_REQUESTS = register_kind(
    "exchange_my_request",
    label=_("My museum's requests for equipment"),
    description=_("Equipment your museum asked for was promised to you, handed over, or went to another museum."),
    default_delivery=Delivery.IMMEDIATELY,
).key

EXCHANGE_LISTING = register_kind(
    "exchange_listing",
    label=_("My museum's listings"),
    description=_("A listing of your museum was published, withdrawn, expired or closed."),
    default_delivery=Delivery.DIGEST,
).key

EXCHANGE_MATCH = register_kind(
    "exchange_match",
    label=_("Offers matching our wanted ads"),
    description=_("A museum nearby offers equipment of a category your museum is looking for."),
    default_delivery=Delivery.IMMEDIATELY,
).key

EXCHANGE_MODERATION = register_kind(
    "exchange_moderation",
    label=_("Moderation of my museum's listings"),
    description=_("The network's coordinators hid a listing of your museum (and say why), or showed it again."),
    default_delivery=Delivery.IMMEDIATELY,
).key
