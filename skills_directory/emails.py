"""The email that carries a question to its expert.

To: the expert. Reply-To: the asker, so that the expert can answer by email if they wish.
From: the site's address. The expert's address is never written anywhere the asker receives
or sees: the asker is told through the notification system, whose emails go to them alone.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notifications.emails import absolute_url
from notifications.selectors import language_of

from .models import ExpertQuestion


def expert_question_message(question: ExpertQuestion) -> EmailMultiAlternatives:
    expert, asker = question.expert, question.asker
    with translation.override(language_of(user=expert)):
        context = {
            "question": question,
            "expert": expert,
            "asker": asker,
            "asker_job": getattr(getattr(asker, "profile", None), "job_title", ""),
            "url": absolute_url(question.get_absolute_url()),
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        subject = _("Question about %(skill)s: %(subject)s") % {"skill": question.skill.name, "subject": question.subject}
        text = render_to_string("skills_directory/email/expert_question.txt", context)
        html = render_to_string("skills_directory/email/expert_question.html", context)
    message = EmailMultiAlternatives(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        text,
        to=[expert.email],
        reply_to=[asker.email],
    )
    message.attach_alternative(html, "text/html")
    return message


@transaction.atomic
def expert_question_email_send(*, question_id: int) -> bool:
    """Send the question to its expert unless already sent; returns whether it was sent."""
    question = (
        ExpertQuestion.objects.select_for_update(of=("self",))
        .select_related("asker", "asker__profile", "expert", "skill")
        .filter(pk=question_id, emailed_at__isnull=True)
        .first()
    )
    if question is None or not (question.expert.is_active and question.expert.email):
        return False
    expert_question_message(question).send()
    ExpertQuestion.objects.filter(pk=question.pk).update(emailed_at=timezone.now())
    return True
