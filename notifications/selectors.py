"""Reads of the notifications app: what a member sees and how they want their email."""

from django.conf import settings
from django.db.models import QuerySet

from .models import Notification, NotificationPreference, NotificationSettings
from .registry import Delivery, NotificationKind, all_kinds, get_kind


def notifications_of(*, user, unread_only: bool = False) -> QuerySet[Notification]:
    """The notifications addressed to `user`, newest first (nobody else's, ever)."""
    if not (user and user.is_authenticated):
        return Notification.objects.none()
    queryset = Notification.objects.filter(recipient=user)
    if unread_only:
        queryset = queryset.filter(read_at__isnull=True)
    return queryset


def unread_count(*, user) -> int:
    """How many notifications `user` has not read yet (one query, on a partial index)."""
    return notifications_of(user=user, unread_only=True).count()


def delivery_for(*, user, kind: str) -> str:
    """How `user` wants `kind` emailed: their choice, else the kind's default."""
    chosen = NotificationPreference.objects.filter(user=user, kind=kind).values_list("delivery", flat=True).first()
    return chosen or get_kind(kind).default_delivery


def preferences_of(*, user) -> list[tuple[NotificationKind, str]]:
    """Every registered kind with the delivery `user` gets for it."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return [(kind, chosen.get(kind.key, kind.default_delivery)) for kind in all_kinds()]


def language_of(*, user) -> str:
    """The language to write to `user` in: the one they last used, else the site's."""
    language = NotificationSettings.objects.filter(user=user).values_list("language", flat=True).first()
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def pending_digest_of(*, user) -> QuerySet[Notification]:
    """The notifications of `user` waiting for the next digest, oldest first."""
    return Notification.objects.filter(recipient=user, delivery=Delivery.DIGEST, emailed_at__isnull=True).order_by(
        "created_at", "id"
    )


def digest_recipient_ids() -> list[int]:
    """The members who have something waiting for the digest."""
    return list(
        Notification.objects.filter(delivery=Delivery.DIGEST, emailed_at__isnull=True, recipient__is_active=True)
        .order_by()
        .values_list("recipient_id", flat=True)
        .distinct()
    )
