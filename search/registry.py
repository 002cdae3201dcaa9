"""How a kind of content plugs into the one search page.

Every indexed kind is a haystack SearchIndex that subclasses `KindIndex` and is decorated
with `@register`. `KindIndex` declares the fields every document of the shared index
carries, so that the permission filter (search/permissions.py) can be written once, in the
query, for all kinds:

    kind         the kind label ("museum", "profile", "forum_post"...), exact
    museum_ids   museums the content belongs to (multi)
    department   department codes of those museums (multi)
    group_ids    working groups the content belongs to (multi)
    visibility   one of Visibility below, exact
    title, url   what the result list shows, stored so that no database query is needed

A new kind sets `kind`, `verbose_name`, fills the fields by overriding the `prepare_*`
methods, and may list in `follows` the other models whose changes must re-index it. Field
names are shared by every index of the connection: a field of the same name must have the
same type everywhere. See docs/search.md.
"""

from collections.abc import Callable, Iterable

from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from haystack import indexes


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Everybody")
    MEMBERS = "members", _("All members of the network")
    MUSEUM = "museum", _("Staff of the content's museums")
    GROUP = "group", _("Members of the content's working groups")
    COORDINATORS = "coordinators", _("Network coordinators")


class ExactField(indexes.CharField):
    """A single token kept as is (our Whoosh backend stores it as an ID field)."""

    exact = True


class KindIndex(indexes.SearchIndex):
    """Base of every index shown on the search page; not indexed itself."""

    text = indexes.CharField(document=True)
    title = indexes.CharField(indexed=False)
    url = indexes.CharField(indexed=False)
    kind = ExactField()
    museum_ids = indexes.MultiValueField()
    department = indexes.MultiValueField()
    group_ids = indexes.MultiValueField()
    visibility = ExactField()

    # Set by each kind.
    kind_label: str = ""
    verbose_name = ""
    # "app_label.model" of another model -> callable(pk) returning a queryset of this
    # kind's model to re-index when an object of that model is saved.
    follows: dict[str, Callable[[object], Iterable[models.Model]]] = {}

    def get_model(self):
        raise NotImplementedError

    def prepare_kind(self, obj) -> str:
        return self.kind_label

    def prepare_museum_ids(self, obj) -> list[int]:
        return []

    def prepare_department(self, obj) -> list[str]:
        return []

    def prepare_group_ids(self, obj) -> list[int]:
        return []

    def prepare_visibility(self, obj) -> str:
        return Visibility.MEMBERS

    def prepare_url(self, obj) -> str:
        return obj.get_absolute_url()

    def prepare_title(self, obj) -> str:
        return str(obj)


_kinds: dict[str, type[KindIndex]] = {}


def register(index_class: type[KindIndex]) -> type[KindIndex]:
    """Class decorator: show this index's documents on the search page."""
    if not index_class.kind_label:
        raise ValueError(f"{index_class.__name__} declares no kind_label")
    _kinds[index_class.kind_label] = index_class
    return index_class


def unregister(kind_label: str) -> None:
    _kinds.pop(kind_label, None)


def kinds() -> dict[str, type[KindIndex]]:
    """Registered kinds by label, in registration order."""
    return dict(_kinds)


def kind_choices() -> list[tuple[str, str]]:
    return [(label, index_class.verbose_name) for label, index_class in _kinds.items()]


def followers_of(model_label: str) -> list[tuple[type[KindIndex], Callable]]:
    """(kind, callable) pairs of the kinds that must follow changes of `model_label`."""
    return [
        (index_class, index_class.follows[model_label])
        for index_class in _kinds.values()
        if model_label in index_class.follows
    ]


def person_memberships_prefetch() -> Prefetch:
    """Prefetches a person's active museum memberships for `PersonMuseumsMixin` (prefix the
    lookup with the path to the user, e.g. ``user__``)."""
    from extranet.models import Membership

    active = Membership.objects.active().select_related("museum").order_by("museum__search_key")
    return Prefetch("user__memberships", queryset=active, to_attr="active_memberships")


class PersonMuseumsMixin:
    """For kinds whose objects belong to a person (`obj.user`): the museum and department
    fields come from the museums that person works for now. `index_queryset` should prefetch
    them with `person_memberships_prefetch()`; a single object fetches them itself."""

    def _museums(self, obj):
        from extranet.models import Membership

        memberships = getattr(obj.user, "active_memberships", None)
        if memberships is None:
            memberships = Membership.objects.active().filter(user=obj.user).select_related("museum")
        return [membership.museum for membership in memberships]

    def prepare(self, obj):
        obj._museums = self._museums(obj)
        return super().prepare(obj)

    def prepare_museum_ids(self, obj) -> list[int]:
        return [museum.pk for museum in obj._museums]

    def prepare_department(self, obj) -> list[str]:
        return sorted({museum.department_code for museum in obj._museums})
