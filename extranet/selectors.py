"""Reads of the network core: who works where, with whom, in which groups."""

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When, Window
from django.urls import reverse

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
    """Museums matching a name or town (accents and case ignored) and a department, in the
    directory's order: what its list pages through and what its map shows."""
    museums = Museum.objects.all()
    if department:
        museums = museums.filter(department_code=department)
    for word in fold(query).split():
        museums = museums.filter(search_key__contains=word)
    return museums.order_by("search_key", "pk")


class _CountedPaginator(Paginator):
    """A paginator told its count, read with the page's rows: it never asks the database."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached_property


def museum_directory_page(museums: QuerySet[Museum], number, *, per_page: int) -> Page:
    """Page `number` of `museums` (the first page when unreadable, the last one when past it),
    each with `staff_count`, its active memberships, and the total of `museums` counted in
    the same query (a window count): one query whatever the number of museums."""
    museums = museums.annotate(
        staff_count=Count("memberships", filter=Q(memberships__ended_at__isnull=True), distinct=True)
    )
    try:
        number = max(int(number), 1)
    except (TypeError, ValueError):
        number = 1
    start = (number - 1) * per_page
    rows = list(museums.annotate(total=Window(Count("*")))[start:start + per_page])
    if not rows and number > 1:
        # Past the last page (an old link, fewer museums since): what Paginator.get_page gives.
        return Paginator(museums, per_page).get_page(number)
    return Page(rows, number, _CountedPaginator(museums, per_page, count=rows[0].total if rows else 0))


def museum_map_markers(museums: QuerySet[Museum]) -> list[list]:
    """The map's markers of `museums`, every one with a position: `[name, town, url, lat, lng]`
    each, in one query that builds no model instance."""
    url = reverse("museum_detail", kwargs={"slug": "SLUG"})  # upper case: never in a URL prefix
    rows = museums.filter(latitude__isnull=False, longitude__isnull=False).values_list(
        "name", "city", "slug", "latitude", "longitude"
    )
    return [[name, city, url.replace("SLUG", slug), float(lat), float(lng)] for name, city, slug, lat, lng in rows]


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


def group_members(group: WorkingGroup) -> QuerySet[WorkingGroupMembership]:
    """A working group's active memberships, leads first."""
    return (
        WorkingGroupMembership.objects.active()
        .filter(group=group)
        .select_related("user")
        .order_by(_first(role=GroupRole.LEAD), "user__last_name", "user__first_name")
    )


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
