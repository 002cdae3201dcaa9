"""Who may see the directory, ask whom, and read which question (asked in pairs)."""

from django.db.models import Q, QuerySet

from extranet.models import Membership
from extranet.permissions import can_see_email, is_coordinator, is_member

from .models import DirectoryEntry, ExpertQuestion, MemberSkill, QuestionStatus

__all__ = ["can_see_email"]  # re-exported: the expert's address follows the extranet's rule


def can_use_directory(user) -> bool:
    """The directory is for people of the network: a museum's staff, or a coordinator."""
    if not is_member(user):
        return False
    cached = getattr(user, "_skills_directory_access", None)
    if cached is None:
        cached = is_coordinator(user) or Membership.objects.active().filter(user=user).exists()
        user._skills_directory_access = cached
    return cached


def is_hidden(user) -> bool:
    """Has `user` hidden themselves from the directory?"""
    return DirectoryEntry.objects.filter(user=user, hidden=True).exists()


def listed_skills_visible_to(viewer) -> QuerySet[MemberSkill]:
    """Declared skills `viewer` may find: active people of the network who did not hide."""
    if not can_use_directory(viewer):
        return MemberSkill.objects.none()
    return MemberSkill.objects.active().filter(
        user__is_active=True,
        user__memberships__ended_at__isnull=True,
    ).exclude(user__directory_entry__hidden=True)


def can_see_skills_of(viewer, owner) -> bool:
    """May `viewer` see the skills `owner` declared? (Always their own.)"""
    if not can_use_directory(viewer):
        return False
    return viewer.pk == owner.pk or not is_hidden(owner)


def askable_skills(asker, expert) -> QuerySet[MemberSkill]:
    """The skills `asker` may ask `expert` about: declared, willing, expert listed, not oneself."""
    if asker.pk == expert.pk:
        return MemberSkill.objects.none()
    return listed_skills_visible_to(asker).filter(user=expert, willing_to_be_asked=True).distinct()


def can_ask(asker, expert) -> bool:
    """May `asker` ask `expert` a question through the directory?"""
    return askable_skills(asker, expert).exists()


def questions_visible_to(user) -> QuerySet[ExpertQuestion]:
    """Questions `user` asked or received: they are private to these two people."""
    if not is_member(user):
        return ExpertQuestion.objects.none()
    return ExpertQuestion.objects.filter(Q(asker=user) | Q(expert=user))


def can_see_question(user, question: ExpertQuestion) -> bool:
    """May `user` read this question thread?"""
    return is_member(user) and user.pk in (question.asker_id, question.expert_id)


def can_respond(user, question: ExpertQuestion) -> bool:
    """May `user` accept, decline or answer this question? Only its expert, while it is open."""
    return (
        is_member(user)
        and user.pk == question.expert_id
        and question.status in (QuestionStatus.PENDING, QuestionStatus.ACCEPTED)
    )


def can_see_expert_email(viewer, question: ExpertQuestion) -> bool:
    """Is the expert's address shown on this thread? Only as the expert chose (extranet rule)."""
    return can_see_email(viewer, question.expert)
