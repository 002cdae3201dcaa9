"""Writes of the notifications app. `notify` is the one entry point every capability calls.

    from notifications.services import notify

    notify(
        recipient=booking.requested_by,
        kind="kit.booking_approved",
        title=format_lazy(_("Your booking of {kit} is approved"), kit=booking.kit),
        url=booking.get_absolute_url(),
        actor=request.user,
        obj=booking,
    )

Lazy strings (gettext_lazy, format_lazy) are rendered in the recipient's language.
"""

import logging

from django.db import transaction
from django.utils import timezone, translation

from . import emails, selectors
from .models import Notification, NotificationPreference, NotificationSettings
from .registry import Delivery, all_kinds, get_kind
from .tokens import ALL_KINDS

logger = logging.getLogger(__name__)


@transaction.atomic
def notify(*, recipient, kind: str, title, body="", url: str = "", actor=None, obj=None) -> Notification | None:
    """Tell `recipient` something: shown in their space, emailed now, in the digest or never."""
    get_kind(kind)  # an unregistered kind is a programming error: fail loudly
    if recipient is None or not recipient.is_active:
        return None
    if actor is not None and actor.pk == recipient.pk:
        # Nobody needs telling about what they just did themselves.
        return None
    if not url and obj is not None and hasattr(obj, "get_absolute_url"):
        url = obj.get_absolute_url()
    with translation.override(selectors.language_of(user=recipient)):
        title, body = str(title), str(body)
    notification = Notification(
        recipient=recipient,
        kind=kind,
        title=title[:300],
        body=body,
        url=url or "",
        actor=actor if actor is not None and actor.pk else None,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        delivery=selectors.delivery_for(user=recipient, kind=kind),
    )
    notification.full_clean()
    notification.save()
    if notification.delivery == Delivery.IMMEDIATELY:
        from .tasks import send_notification_email

        # After commit: a rolled-back change tells nobody, and the web request never waits on SMTP.
        transaction.on_commit(lambda: send_notification_email.enqueue(notification.pk))
    return notification


def notification_mark_read(*, user, notification: Notification) -> None:
    """Mark one of `user`'s notifications read."""
    Notification.objects.filter(pk=notification.pk, recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def notifications_mark_all_read(*, user) -> int:
    """Mark every notification of `user` read; returns how many were unread."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def preference_set(*, user, kind: str, delivery: str) -> None:
    """Choose how `user` gets `kind` by email (ALL_KINDS: every registered kind)."""
    if delivery not in Delivery.values:
        raise ValueError(f"Unknown delivery {delivery!r}")
    keys = [k.key for k in all_kinds()] if kind == ALL_KINDS else [get_kind(kind).key]
    for key in keys:
        NotificationPreference.objects.update_or_create(user=user, kind=key, defaults={"delivery": delivery})
    if delivery == Delivery.NEVER:
        # What waits for the digest is dropped too: "never" means no more email from now on.
        Notification.objects.filter(
            recipient=user, kind__in=keys, delivery=Delivery.DIGEST, emailed_at__isnull=True
        ).update(delivery=Delivery.NEVER)


@transaction.atomic
def preferences_save(*, user, deliveries: dict[str, str], language: str | None = None) -> None:
    """Save a member's choices from the preferences page, and the language they use."""
    for kind, delivery in deliveries.items():
        preference_set(user=user, kind=kind, delivery=delivery)
    if language:
        language_remember(user=user, language=language)


def language_remember(*, user, language: str) -> None:
    """Remember the language `user` reads the site in, to write their emails in it."""
    language = translation.get_supported_language_variant(language) if language else ""
    NotificationSettings.objects.update_or_create(user=user, defaults={"language": language})


# --- Email --------------------------------------------------------------------------------------


@transaction.atomic
def notification_email_send(*, notification_id: int) -> bool:
    """Email one notification now (run by the queue); never twice. Returns whether it was sent."""
    notification = (
        Notification.objects.select_for_update()
        .select_related("recipient")
        .filter(pk=notification_id, emailed_at__isnull=True, delivery=Delivery.IMMEDIATELY)
        .first()
    )
    if notification is None:
        return False
    user = notification.recipient
    if not (user.is_active and user.email):
        return False
    try:
        current = selectors.delivery_for(user=user, kind=notification.kind)
    except LookupError:
        logger.warning("Notification %s has an unregistered kind %r: not emailed", notification.pk, notification.kind)
        return False
    if current != Delivery.IMMEDIATELY:
        # The member changed their mind between the event and the sending: follow the new choice.
        Notification.objects.filter(pk=notification.pk).update(delivery=current)
        return False
    message = emails.notification_message(notification, language=selectors.language_of(user=user))
    message.send()
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return True


@transaction.atomic
def digest_send(*, user_id: int) -> int:
    """Email one member everything waiting for their digest, in one message; returns how many."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return 0
    # The row locks make a second digest of the same member (a rerun, two workers) wait, then find nothing.
    pending = list(selectors.pending_digest_of(user=user).select_for_update())
    if not pending:
        return 0
    message = emails.digest_message(user, pending, language=selectors.language_of(user=user))
    Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=timezone.now())
    # Sent inside the transaction: if the mail server refuses, nothing is marked and the next run retries.
    message.send()
    return len(pending)


@transaction.atomic
def notifications_prune(*, older_than) -> int:
    """Delete read notifications older than `older_than`; unread ones and ones waiting for a digest stay."""
    cutoff = timezone.now() - older_than
    old = Notification.objects.filter(created_at__lt=cutoff, read_at__isnull=False).exclude(
        delivery=Delivery.DIGEST, emailed_at__isnull=True
    )
    deleted, _by_model = old.delete()
    return deleted
