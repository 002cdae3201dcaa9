"""Reads of the skills directory: the search, the map, a member's own data."""

from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Count, Prefetch, Q, QuerySet

from extranet.models import Membership, Museum, User

from .models import DirectoryEntry, ExpertQuestion, LearningWish, MemberSkill, Skill, SkillCategory
from .permissions import can_use_directory


def grouped_skill_choices() -> list[tuple[str, list[tuple[int, str]]]]:
    """The vocabulary as (category, [(skill id, skill name)]) for grouped <select>s; one query."""
    skills = Skill.objects.select_related("category").order_by("category__name", "name")
    return [
        (category, [(skill.pk, skill.name) for skill in group])
        for category, group in groupby(skills, key=lambda skill: skill.category.name)
    ]


def categories() -> QuerySet[SkillCategory]:
    return SkillCategory.objects.order_by("name")


@dataclass
class DirectoryQuery:
    """What a member asked the directory for. Every skill listed is required (AND)."""

    skills: list[Skill] = field(default_factory=list)
    category: SkillCategory | None = None
    museum: Museum | None = None
    department: str = ""
    level: int | None = None
    willing: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.skills or self.category or self.museum or self.department or self.level or self.willing)


def _skill_condition(query: DirectoryQuery) -> Q:
    condition = Q(removed_at__isnull=True)
    if query.level:
        condition &= Q(level__gte=query.level)
    if query.willing:
        condition &= Q(willing_to_be_asked=True)
    if query.category:
        condition &= Q(skill__category=query.category)
    return condition


def _memberships(query: DirectoryQuery) -> QuerySet[Membership]:
    memberships = Membership.objects.active().filter(museum__isnull=False)
    if query.museum:
        memberships = memberships.filter(museum=query.museum)
    if query.department:
        memberships = memberships.filter(museum__department_code=query.department)
    return memberships


def _matching_people(*, viewer, query: DirectoryQuery) -> tuple[QuerySet[User], QuerySet[MemberSkill]]:
    matching = MemberSkill.objects.filter(_skill_condition(query))
    people = (
        User.objects.filter(is_active=True, pk__in=_memberships(query).values("user"))
        .exclude(directory_entry__hidden=True)
    )
    if query.skills:
        skill_ids = sorted({skill.pk for skill in query.skills})
        matching = matching.filter(skill_id__in=skill_ids)
        # All the skills are required: one grouped subquery keeps the people who hold each of them
        # (under the level and "willing" conditions), however many skills are asked for.
        holders = (
            matching.order_by()
            .values("user_id")
            .annotate(held=Count("skill_id", distinct=True))
            .filter(held=len(skill_ids))
            .values("user_id")
        )
        people = people.filter(pk__in=holders)
    else:
        people = people.filter(pk__in=matching.values("user_id"))
    if not can_use_directory(viewer):
        people = people.none()
    return people, matching


def directory_search(*, viewer, query: DirectoryQuery) -> QuerySet[User]:
    """People `viewer` may find who hold every skill asked for, with `matching_skills`
    (the declarations that matched, best level first) and `active_memberships` prefetched."""
    people, matching = _matching_people(viewer=viewer, query=query)
    return (
        people.select_related("profile")
        .prefetch_related(
            Prefetch(
                "declared_skills",
                queryset=matching.select_related("skill").order_by("-level", "skill__name"),
                to_attr="matching_skills",
            ),
            Prefetch(
                "memberships",
                queryset=Membership.objects.active().select_related("museum").order_by("museum__search_key"),
                to_attr="active_memberships",
            ),
        )
        .order_by("last_name", "first_name", "pk")
    )


def directory_map_markers(*, viewer, query: DirectoryQuery) -> list[dict]:
    """One marker per museum where the people found work, with how many of them: one query."""
    people, _matching = _matching_people(viewer=viewer, query=query)
    rows = (
        _memberships(query)
        .filter(user__in=people, museum__latitude__isnull=False, museum__longitude__isnull=False)
        .values("museum_id", "museum__name", "museum__city", "museum__slug", "museum__latitude", "museum__longitude")
        .annotate(people=Count("user", distinct=True))
        .order_by("museum__search_key")
    )
    return [
        {
            "name": row["museum__name"],
            "city": row["museum__city"],
            "slug": row["museum__slug"],
            "lat": float(row["museum__latitude"]),
            "lng": float(row["museum__longitude"]),
            "count": row["people"],
        }
        for row in rows
    ]


def declared_skills_of(user) -> QuerySet[MemberSkill]:
    """The skills `user` declares now, by category."""
    return MemberSkill.objects.active().filter(user=user).select_related("skill", "skill__category")


def learning_wishes_of(user) -> QuerySet[LearningWish]:
    """The skills `user` wants to learn now."""
    return LearningWish.objects.active().filter(user=user).select_related("skill", "skill__category")


def directory_entry_of(user) -> DirectoryEntry | None:
    return DirectoryEntry.objects.filter(user=user).first()


def questions_of(user) -> tuple[QuerySet[ExpertQuestion], QuerySet[ExpertQuestion]]:
    """(questions `user` asked, questions `user` received), newest first."""
    base = ExpertQuestion.objects.select_related("asker", "expert", "skill")
    return base.filter(asker=user), base.filter(expert=user)


def experts_for_topic(*, skills, exclude_user=None) -> QuerySet[User]:
    """Active, listed people of the network who hold one of `skills` and are willing to be asked."""
    skill_ids = [getattr(skill, "pk", skill) for skill in skills]
    holders = MemberSkill.objects.active().filter(skill_id__in=skill_ids, willing_to_be_asked=True).values("user_id")
    people = (
        User.objects.filter(
            is_active=True,
            pk__in=holders,
        )
        .filter(pk__in=Membership.objects.active().values("user_id"))
        .exclude(directory_entry__hidden=True)
    )
    if exclude_user is not None:
        people = people.exclude(pk=exclude_user.pk)
    return people.order_by("pk")


def export_of(user) -> dict:
    """Everything the directory holds about `user`, as plain data (the JSON download)."""
    entry = directory_entry_of(user)
    asked, received = questions_of(user)

    def question_data(question, role):
        data = {
            "subject": question.subject,
            "message": question.message,
            "skill": question.skill.name,
            "status": question.status,
            "answer": question.answer,
            "created_at": question.created_at.isoformat(),
        }
        # The other person is named, never given by address: the export must not leak a hidden email.
        data["expert" if role == "asked" else "asker"] = (
            question.expert.display_name if role == "asked" else question.asker.display_name
        )
        return data

    return {
        "member": {"name": user.display_name},
        "hidden_from_directory": bool(entry and entry.hidden),
        "skills": [
            {
                "skill": declared.skill.name,
                "category": declared.skill.category.name,
                "level": declared.get_level_display().__str__(),
                "level_code": declared.level,
                "description": declared.description,
                "willing_to_be_asked": declared.willing_to_be_asked,
                "declared_at": declared.created_at.isoformat(),
                "updated_at": declared.updated_at.isoformat(),
            }
            for declared in declared_skills_of(user)
        ],
        "skills_to_learn": [
            {"skill": wish.skill.name, "category": wish.skill.category.name, "since": wish.created_at.isoformat()}
            for wish in learning_wishes_of(user)
        ],
        "questions_asked": [question_data(q, "asked") for q in asked],
        "questions_received": [question_data(q, "received") for q in received],
    }
