"""Background work of the notifications app, run by the django-tasks worker (`db_worker`)."""

from django_tasks import task


@task()
def send_notification_email(notification_id: int) -> bool:
    """Email one notification set to "immediately"."""
    from .services import notification_email_send

    return notification_email_send(notification_id=notification_id)


@task()
def send_digest_email(user_id: int) -> int:
    """Email one member their daily digest."""
    from .services import digest_send

    return digest_send(user_id=user_id)
