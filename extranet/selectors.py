"""Reads of the network core: who works where, with whom, in which groups."""

from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When

from .models import GroupRole, Membership, Museum, Role, User, WorkingGroup, WorkingGroupMembership, fold


def _first(**condition):
    """An ordering that puts the rows matching `condition` first (managers, group leads)."""
    return Case(When(then=Value(0), **condition), default=Value(1), output_field=IntegerField())


def memberships_of(user) -> QuerySet[Membership]:
    """The user's active museum memberships, with their museum."""
    return Membership.objects.active().filter(user=user).select_related("museum").order_by("museum__search_key")


def colleagues_of(user) -> QuerySet[User]:
    """Active people who share at least one museum with `user`, `user` excluded."""
    museums = Membership.objects.active().filter(user=user).values("museum")
    return (
        User.objects.filter(is_active=True, memberships__ended_at__isnull=True, memberships__museum__in=museums)
        .exclude(pk=user.pk)
        .select_related("profile")
        .distinct()
        .order_by("last_name", "first_name")
    )


def working_groups_of(user) -> QuerySet[WorkingGroup]:
    """The working groups `user` takes part in."""
    return WorkingGroup.objects.filter(
        memberships__user=user, memberships__ended_at__isnull=True
    ).order_by("name")


def staff_of(museum: Museum) -> QuerySet[Membership]:
    """Active staff of a museum, managers first."""
    return (
        Membership.objects.active()
        .filter(museum=museum, user__is_active=True)
        .select_related("user", "user__profile")
        .order_by(_first(role=Role.MANAGER), "user__last_name", "user__first_name")
    )


def museum_directory(*, query: str = "", department: str = "") -> QuerySet[Museum]:
    """Museums matching a name or town (accents and case ignored) and a department."""
    museums = Museum.objects.annotate(
        staff_count=Count("memberships", filter=Q(memberships__ended_at__isnull=True), distinct=True)
    )
    if department:
        museums = museums.filter(department_code=department)
    for word in fold(query).split():
        museums = museums.filter(search_key__contains=word)
    return museums.order_by("search_key")


def departments() -> list[tuple[str, str]]:
    """(code, name) of the departments that have museums, in code order."""
    return list(Museum.objects.values_list("department_code", "department").distinct().order_by("department_code"))


def working_groups_with_members() -> QuerySet[WorkingGroup]:
    """Every working group with its active members."""
    active = (
        WorkingGroupMembership.objects.active()
        .select_related("user")
        .order_by(_first(role=GroupRole.LEAD), "user__last_name", "user__first_name")
    )
    return WorkingGroup.objects.prefetch_related(Prefetch("memberships", queryset=active, to_attr="active_members"))


def people_directory() -> QuerySet[User]:
    """Active people who work for at least one museum, with their museums."""
    active = Membership.objects.active().select_related("museum").order_by("museum__search_key")
    return (
        User.objects.filter(is_active=True, memberships__ended_at__isnull=True)
        .select_related("profile")
        .prefetch_related(Prefetch("memberships", queryset=active, to_attr="active_memberships"))
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )
