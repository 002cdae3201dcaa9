from . import selectors


def unread(request):
    """The bell's unread count, counted at most once per request and only when a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:
        # Templates call callables: pages that never show the bell (emails, panels) pay nothing.
        if not hasattr(request, "_notifications_unread"):
            request._notifications_unread = selectors.unread_count(user=user)
        return request._notifications_unread

    return {"notifications_unread": count}
