"""What notifications hold about a person, for extranet.privacy (download and erasure)."""

from .models import Notification, NotificationPreference, NotificationSettings


def export(user) -> dict:
    return {
        "preferences": {p.kind: p.delivery for p in NotificationPreference.objects.filter(user=user)},
        "language": NotificationSettings.objects.filter(user=user).values_list("language", flat=True).first(),
        "notifications": [
            {"title": n.title, "created_at": n.created_at.isoformat()}
            for n in Notification.objects.filter(recipient=user).order_by("-created_at")[:1000]
        ],
    }


def erase(user) -> None:
    """An erased account receives nothing more."""
    NotificationPreference.objects.filter(user=user).update(delivery="never")
    NotificationSettings.objects.filter(user=user).update(language="")
