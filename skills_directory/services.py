"""Writes of the skills directory: declarations, the hidden switch, questions to experts, and
the hook the forum calls when a question is tagged with skills (`skill_experts_notify`)."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from extranet.models import User
from extranet.services import audit_record
from notifications.services import notify

from . import kinds, permissions, selectors
from .models import (
    DirectoryEntry,
    ExpertQuestion,
    ExpertQuestionEvent,
    LearningWish,
    Level,
    MemberSkill,
    QuestionStatus,
    Skill,
)


class QuestionLimitReached(ValidationError):
    """The asker sent as many questions as the network allows in 24 hours."""


# --- Declarations ----------------------------------------------------------------------------


@transaction.atomic
def member_skill_declare(
    *, user: User, skill: Skill, level: int, description: str = "", willing_to_be_asked: bool = True, request=None
) -> MemberSkill:
    """Declare a skill, or change the level, description or willingness of one already declared."""
    if level not in Level.values:
        raise ValidationError(_("Choose a level: notions, practice or expert."))
    declared = MemberSkill.objects.active().select_for_update().filter(user=user, skill=skill).first()
    created = declared is None
    if created:
        declared = MemberSkill(user=user, skill=skill)
    declared.level = level
    declared.description = description.strip()
    declared.willing_to_be_asked = willing_to_be_asked
    declared.full_clean()
    declared.save()
    audit_record(
        action="skills.declared" if created else "skills.changed", actor=user, obj=declared,
        data={"skill": skill.name, "level": level, "willing": willing_to_be_asked}, request=request,
    )
    return declared


@transaction.atomic
def member_skill_remove(*, user: User, declared: MemberSkill, request=None) -> None:
    """Withdraw a declared skill (kept, marked removed)."""
    if declared.user_id != user.pk or declared.removed_at is not None:
        raise ValidationError(_("This skill is not on your profile."))
    declared.removed_at = timezone.now()
    declared.save(update_fields=["removed_at", "updated_at"])
    audit_record(action="skills.removed", actor=user, obj=declared, data={"skill": declared.skill.name}, request=request)


@transaction.atomic
def learning_wish_add(*, user: User, skill: Skill, request=None) -> LearningWish:
    """Say that `user` wants to learn `skill` (once)."""
    wish = LearningWish.objects.active().filter(user=user, skill=skill).first()
    if wish is not None:
        return wish
    wish = LearningWish(user=user, skill=skill)
    wish.full_clean()
    wish.save()
    audit_record(action="skills.wish_added", actor=user, obj=wish, data={"skill": skill.name}, request=request)
    return wish


@transaction.atomic
def learning_wish_remove(*, user: User, wish: LearningWish, request=None) -> None:
    """Withdraw a skill from the ones `user` wants to learn."""
    if wish.user_id != user.pk or wish.removed_at is not None:
        raise ValidationError(_("This skill is not in your list."))
    wish.removed_at = timezone.now()
    wish.save(update_fields=["removed_at"])
    audit_record(action="skills.wish_removed", actor=user, obj=wish, data={"skill": wish.skill.name}, request=request)


@transaction.atomic
def directory_entry_set_hidden(*, user: User, hidden: bool, request=None) -> DirectoryEntry:
    """Hide `user` from the directory (nobody finds or asks them) or show them again."""
    entry, _created = DirectoryEntry.objects.select_for_update().get_or_create(user=user)
    if entry.hidden != hidden:
        entry.hidden = hidden
        entry.full_clean()
        # save() even without change of other fields: the search index follows this row.
        entry.save()
        audit_record(action="skills.hidden" if hidden else "skills.shown", actor=user, obj=entry, request=request)
    return entry


# --- Questions to experts -------------------------------------------------------------------


def _record_event(question: ExpertQuestion, actor: User, request=None) -> None:
    ExpertQuestionEvent.objects.create(question=question, actor=actor, status=question.status)
    audit_record(
        action=f"skills.question_{question.status}", actor=actor, obj=question,
        data={"skill": question.skill.name}, request=request,
    )


@transaction.atomic
def expert_question_ask(
    *, asker: User, expert: User, skill: Skill, subject: str, message: str, request=None
) -> ExpertQuestion:
    """Ask `expert` a question about one of their skills; notify and email them (Reply-To: asker).

    At most SKILLS_QUESTIONS_PER_DAY questions per asker in any 24 hours, counted in the database.
    """
    if not permissions.askable_skills(asker, expert).filter(skill=skill).exists():
        raise ValidationError(_("This colleague cannot be asked about this skill."))
    # Lock the asker's row: two questions sent at once by the same person are counted one after the other.
    User.objects.select_for_update().filter(pk=asker.pk).first()
    limit = settings.SKILLS_QUESTIONS_PER_DAY
    since = timezone.now() - timedelta(hours=24)
    recent = list(
        ExpertQuestion.objects.filter(asker=asker, created_at__gte=since).order_by("created_at").values_list("created_at", flat=True)
    )
    if len(recent) >= limit:
        again = timezone.localtime(recent[len(recent) - limit] + timedelta(hours=24))
        raise QuestionLimitReached(
            _(
                "You have already sent %(limit)s questions to experts in the last 24 hours, the most the network "
                "allows. You can ask again from %(when)s."
            )
            % {"limit": limit, "when": formats.date_format(again, "DATETIME_FORMAT")}
        )
    question = ExpertQuestion(asker=asker, expert=expert, skill=skill, subject=subject.strip(), message=message.strip())
    question.full_clean()
    question.save()
    _record_event(question, asker, request)
    notify(
        recipient=expert,
        kind=kinds.EXPERT_QUESTION,
        title=format_lazy(gettext_lazy("{asker} asks you about {skill}: {subject}"), asker=asker.display_name,
                          skill=skill.name, subject=question.subject),
        url=question.get_absolute_url(),
        actor=asker,
        obj=question,
    )
    from .tasks import send_expert_question_email

    transaction.on_commit(lambda: send_expert_question_email.enqueue(question.pk))
    return question


class Response:
    ACCEPT = "accept"
    DECLINE = "decline"
    ANSWER = "answer"


_RESPONSE_STATUS = {
    Response.ACCEPT: QuestionStatus.ACCEPTED,
    Response.DECLINE: QuestionStatus.DECLINED,
    Response.ANSWER: QuestionStatus.ANSWERED,
}


@transaction.atomic
def expert_question_respond(*, question: ExpertQuestion, by: User, action: str, answer: str = "", request=None) -> ExpertQuestion:
    """The expert accepts, declines or answers a question; the asker is told."""
    if action not in _RESPONSE_STATUS:
        raise ValidationError(_("Unknown answer."))
    question = ExpertQuestion.objects.select_for_update().select_related("skill", "asker", "expert").get(pk=question.pk)
    if not permissions.can_respond(by, question):
        raise ValidationError(_("This question is closed."))
    answer = answer.strip()
    if action == Response.ANSWER and not answer:
        raise ValidationError(_("Write your answer before sending it."))
    question.status = _RESPONSE_STATUS[action]
    if answer:
        question.answer = answer
    question.full_clean()
    question.save()
    _record_event(question, by, request)
    titles = {
        QuestionStatus.ACCEPTED: gettext_lazy("{expert} accepted your question: {subject}"),
        QuestionStatus.DECLINED: gettext_lazy("{expert} declined your question: {subject}"),
        QuestionStatus.ANSWERED: gettext_lazy("{expert} answered your question: {subject}"),
    }
    notify(
        recipient=question.asker,
        kind=kinds.EXPERT_ANSWER,
        title=format_lazy(titles[question.status], expert=by.display_name, subject=question.subject),
        body=answer,
        url=question.get_absolute_url(),
        actor=by,
        obj=question,
    )
    return question


# --- The forum's hook -------------------------------------------------------------------------


@transaction.atomic
def skill_experts_notify(*, skills, topic_title: str, url: str, by: User | None, among=None) -> list[User]:
    """Tell the members who hold one of `skills` and are willing to be asked about a forum question.

    The forum calls this once, when a topic tagged with skills is created (docs/skills_directory.md).
    `skills` are Skill objects or ids. Hidden members, unwilling holders, people without an active
    membership and the author (`by`) are not told; each expert's notification preferences apply.
    `among` (ids or a queryset of ids) limits who may be told, e.g. the readers of a private
    forum. Returns the people notified.
    """
    skill_ids = sorted({getattr(skill, "pk", skill) for skill in skills})
    if not skill_ids:
        return []
    experts = selectors.experts_for_topic(skills=skill_ids, exclude_user=by)
    if among is not None:
        experts = experts.filter(pk__in=among)
    experts = list(experts)
    held: dict[int, list[str]] = {}
    for user_id, name in (
        MemberSkill.objects.active()
        .filter(user__in=[expert.pk for expert in experts], skill_id__in=skill_ids, willing_to_be_asked=True)
        .order_by("skill__name")
        .values_list("user_id", "skill__name")
    ):
        held.setdefault(user_id, []).append(name)
    notified = []
    for expert in experts:
        notification = notify(
            recipient=expert,
            kind=kinds.SKILL_TOPIC,
            title=format_lazy(
                gettext_lazy("A forum question about {skills}: {title}"),
                skills=", ".join(held.get(expert.pk, [])),
                title=topic_title,
            ),
            url=url,
            actor=by,
        )
        if notification is not None:
            notified.append(expert)
    return notified
