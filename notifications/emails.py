"""The emails of the notifications app: plain text and HTML, each with its unsubscribe link."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from .registry import get_kind
from .tokens import ALL_KINDS, unsubscribe_token


def absolute_url(path: str) -> str:
    """`path` on the site's public address (emails have no request to build it from)."""
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def unsubscribe_url(user, kind: str) -> str:
    return absolute_url(reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user=user, kind=kind)}))


def _kind_label(key: str) -> str:
    try:
        return str(get_kind(key).label)
    except LookupError:
        return key


def _message(*, user, subject: str, template: str, context: dict, unsubscribe: str) -> EmailMultiAlternatives:
    context = {
        **context,
        "user": user,
        "unsubscribe_url": unsubscribe,
        "preferences_url": absolute_url(reverse("notifications:preferences")),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    text = render_to_string(f"notifications/email/{template}.txt", context)
    html = render_to_string(f"notifications/email/{template}.html", context)
    message = EmailMultiAlternatives(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        text,
        to=[user.email],
        headers={
            # RFC 8058 one-click unsubscribe: the mail client POSTs to the link, no sign-in.
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def notification_message(notification, *, language: str) -> EmailMultiAlternatives:
    """The email telling one notification, in `language`."""
    user = notification.recipient
    with translation.override(language):
        return _message(
            user=user,
            subject=notification.title,
            template="notification",
            context={
                "notification": notification,
                "kind_label": _kind_label(notification.kind),
                "open_url": absolute_url(reverse("notifications:open", kwargs={"pk": notification.pk})),
            },
            unsubscribe=unsubscribe_url(user, notification.kind),
        )


def digest_message(user, notifications, *, language: str) -> EmailMultiAlternatives:
    """The daily digest of `notifications` for `user`, grouped by kind, in `language`."""
    with translation.override(language):
        groups: dict[str, dict] = {}
        for notification in notifications:
            group = groups.setdefault(
                notification.kind,
                {"label": _kind_label(notification.kind), "unsubscribe_url": unsubscribe_url(user, notification.kind), "items": []},
            )
            group["items"].append(
                {
                    "notification": notification,
                    "open_url": absolute_url(reverse("notifications:open", kwargs={"pk": notification.pk})),
                }
            )
        return _message(
            user=user,
            subject=ngettext(
                "Your daily digest: %(count)s new notification",
                "Your daily digest: %(count)s new notifications",
                len(notifications),
            )
            % {"count": len(notifications)},
            template="digest",
            context={"groups": list(groups.values()), "count": len(notifications)},
            unsubscribe=unsubscribe_url(user, ALL_KINDS),
        )
