"""The forum's kinds of notification (imported by NetworkForumConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from notifications.registry import Delivery, register_kind

REPLY = register_kind(
    "forum.reply",
    label=_("Replies in topics I follow"),
    description=_("Someone answered in a forum topic you follow."),
    default_delivery=Delivery.IMMEDIATELY,
).key

NEW_TOPIC = register_kind(
    "forum.topic",
    label=_("New topics in forums I follow"),
    description=_("Someone started a topic in a forum you follow."),
    default_delivery=Delivery.DIGEST,
).key

MENTION = register_kind(
    "forum.mention",
    label=_("Mentions in the forum"),
    description=_("Someone mentioned you with @ in a forum post."),
    default_delivery=Delivery.IMMEDIATELY,
).key
