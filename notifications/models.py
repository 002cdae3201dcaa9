"""Notifications shown in the members' space and the email preferences behind them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .registry import Delivery


class Notification(models.Model):
    """One thing a member was told; read or not, and whether it went out by email."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=50)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    # The object it is about, as the audit trail records it: no generic foreign key to join.
    object_type = models.CharField(_("object type"), max_length=80, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # How the email goes out, decided from the member's preference when it was created.
    delivery = models.CharField(_("email"), max_length=20, choices=Delivery.choices)
    # Set when the email (alone or in a digest) was sent: a rerun never sends it twice.
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notif_recipient_recent_idx"),
            models.Index(fields=["recipient"], condition=models.Q(read_at__isnull=True), name="notif_unread_idx"),
            models.Index(
                fields=["recipient", "created_at"],
                condition=models.Q(delivery=Delivery.DIGEST, emailed_at__isnull=True),
                name="notif_digest_pending_idx",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """How one member wants to receive one kind of notification by email."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences")
    kind = models.CharField(_("kind"), max_length=50)
    delivery = models.CharField(_("email"), max_length=20, choices=Delivery.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_user_and_kind")]

    def __str__(self):
        return f"{self.user} — {self.kind}: {self.delivery}"


class NotificationSettings(models.Model):
    """What email needs to know about a member: the language to write in."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings")
    # No choices: a language later removed from LANGUAGES falls back to LANGUAGE_CODE.
    language = models.CharField(_("language"), max_length=10, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self):
        return f"{self.user} ({self.language})"
