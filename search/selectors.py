"""Reads of the search index for the search page."""

from dataclasses import dataclass, field

from haystack.inputs import AutoQuery
from haystack.query import EmptySearchQuerySet, SearchQuerySet

from extranet.models import Department, Museum

from .permissions import visible_documents_filter
from .registry import kinds

FACET_FIELDS = ("kind", "museum_ids", "department")


@dataclass
class Facet:
    value: str
    label: str
    count: int


@dataclass
class Facets:
    kinds: list[Facet] = field(default_factory=list)
    museums: list[Facet] = field(default_factory=list)
    departments: list[Facet] = field(default_factory=list)


def search_documents(*, user, query: str, kind: str = "", museum: int | None = None, department: str = ""):
    """Documents matching `query` that `user` may see, narrowed by kind, museum and department."""
    allowed = visible_documents_filter(user)
    if allowed is None or not query.strip():
        return EmptySearchQuerySet()
    results = SearchQuerySet().filter(allowed).filter(content=AutoQuery(query))
    if kind:
        results = results.filter(kind__exact=kind)
    if museum:
        results = results.filter(museum_ids__in=[museum])
    if department:
        results = results.filter(department__in=[department])
    return results


def facets_of(results) -> Facets:
    """Counts by kind, museum and department of a (permission-filtered) result set."""
    if isinstance(results, EmptySearchQuerySet):
        return Facets()
    for name in FACET_FIELDS:
        results = results.facet(name)
    counts = results.facet_counts().get("fields", {})

    def pairs(name):
        return [(str(value), count) for value, count in counts.get(name, []) if value not in (None, "") and count]

    registered = kinds()
    facets = Facets(
        kinds=[Facet(value, registered[value].verbose_name, count) for value, count in pairs("kind") if value in registered]
    )
    museum_counts = dict(pairs("museum_ids"))
    if museum_counts:
        names = dict(Museum.objects.filter(pk__in=[int(pk) for pk in museum_counts]).values_list("pk", "name"))
        facets.museums = sorted(
            (Facet(pk, names[int(pk)], count) for pk, count in museum_counts.items() if int(pk) in names),
            key=lambda facet: (-facet.count, facet.label),
        )
    department_names = dict(Department.choices)
    facets.departments = [
        Facet(code, department_names.get(code, code), count) for code, count in pairs("department")
    ]
    return facets
