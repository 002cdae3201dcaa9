"""The kinds of notification, registered by each capability from its AppConfig.ready():

    from notifications.registry import Delivery, register_kind

    register_kind(
        "forum.reply",
        label=_("Replies in topics I follow"),
        description=_("Someone answered in a forum topic you follow."),
        default_delivery=Delivery.IMMEDIATELY,
    )

A member's email preference is stored per kind; a kind they never chose for uses its
default_delivery. See docs/notifications.md.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Delivery(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately")
    DIGEST = "digest", _("In a daily digest")
    NEVER = "never", _("Never")


@dataclass(frozen=True)
class NotificationKind:
    key: str
    label: str
    description: str
    default_delivery: str


_kinds: dict[str, NotificationKind] = {}


def register_kind(key: str, label, description="", default_delivery: str = Delivery.IMMEDIATELY) -> NotificationKind:
    """Make a kind of notification known (keyed: registering the same key again replaces it)."""
    if default_delivery not in Delivery.values:
        raise ValueError(f"Unknown delivery {default_delivery!r} for notification kind {key!r}")
    if not key or len(key) > 50:
        raise ValueError(f"A notification kind key is 1 to 50 characters: {key!r}")
    kind = NotificationKind(key=key, label=label, description=description, default_delivery=str(default_delivery))
    _kinds[key] = kind
    return kind


def get_kind(key: str) -> NotificationKind:
    """The registered kind `key`; LookupError for a kind nobody registered."""
    try:
        return _kinds[key]
    except KeyError:
        raise LookupError(f"Unknown notification kind {key!r}: register it with register_kind()") from None


def all_kinds() -> list[NotificationKind]:
    """Every registered kind, in registration order."""
    return list(_kinds.values())
