"""The kinds of notification of the network core (imported by NotificationsConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from .registry import Delivery, register_kind

MEMBERSHIP = register_kind(
    "membership",
    label=_("My museums"),
    description=_("You were added to or removed from a museum's staff, or your role there changed."),
    default_delivery=Delivery.IMMEDIATELY,
).key

WORKING_GROUP = register_kind(
    "working_group",
    label=_("My working groups"),
    description=_("You were added to a working group, or your role in it changed."),
    default_delivery=Delivery.DIGEST,
).key
