"""Declared skills on the one search page (kind "skill"): free text over the member's name,
job title, the skill and what they did with it. Hidden members and former staff are not indexed."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from haystack import indexes

from search.registry import KindIndex, PersonMuseumsMixin, Visibility, person_memberships_prefetch, register

from .models import MemberSkill


def _skills_of_user(pk):
    return MemberSkill.objects.filter(user_id=pk)


@register
class MemberSkillIndex(PersonMuseumsMixin, KindIndex, indexes.Indexable):
    kind_label = "skill"
    verbose_name = _("Skill of a member")
    follows = {
        "extranet.user": _skills_of_user,
        "extranet.profile": lambda pk: MemberSkill.objects.filter(user__profile=pk),
        "extranet.membership": lambda pk: MemberSkill.objects.filter(user__memberships=pk),
        "extranet.museum": lambda pk: MemberSkill.objects.filter(user__memberships__museum=pk),
        "skills_directory.directoryentry": lambda pk: MemberSkill.objects.filter(user__directory_entry=pk),
        "skills_directory.skill": lambda pk: MemberSkill.objects.filter(skill_id=pk),
    }

    def get_model(self):
        return MemberSkill

    def index_queryset(self, using=None):
        return (
            MemberSkill.objects.active()
            .filter(user__is_active=True, user__memberships__ended_at__isnull=True)
            .exclude(user__directory_entry__hidden=True)
            .select_related("user", "user__profile", "skill", "skill__category")
            .prefetch_related(person_memberships_prefetch())
            .distinct()
        )

    def prepare_text(self, obj) -> str:
        profile = getattr(obj.user, "profile", None)
        parts = [
            obj.user.get_full_name(),
            profile.job_title if profile else "",
            obj.skill.name,
            obj.skill.category.name,
            obj.description,
            *(museum.name for museum in obj._museums),
        ]
        return "\n".join(filter(None, parts))

    def prepare_title(self, obj) -> str:
        return f"{obj.user.display_name} — {obj.skill.name}"

    def prepare_url(self, obj) -> str:
        return reverse("profile_detail", kwargs={"pk": obj.user_id}) + "#member-skills-heading"

    def prepare_visibility(self, obj) -> str:
        return Visibility.MEMBERS
