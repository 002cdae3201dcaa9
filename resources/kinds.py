"""Notification kinds of the shared resources (imported by ResourcesConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from notifications.registry import Delivery, register_kind

NEW_GROUP_DOCUMENT = register_kind(
    "resources.group_document",
    label=_("New documents in my working groups"),
    description=_("A document (minutes, guide…) was shared in one of your working groups."),
    default_delivery=Delivery.DIGEST,
).key

NEW_MUSEUM_DOCUMENT = register_kind(
    "resources.museum_document",
    label=_("New documents of my museum"),
    description=_("A colleague shared a document for your museum's staff."),
    default_delivery=Delivery.DIGEST,
).key
