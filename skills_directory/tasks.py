"""Background work of the skills directory, run by the django-tasks worker (`db_worker`)."""

from django_tasks import task


@task()
def send_expert_question_email(question_id: int) -> bool:
    """Email a question to its expert, Reply-To the asker (once)."""
    from .emails import expert_question_email_send

    return expert_question_email_send(question_id=question_id)
