"""Reads of the search index for the search page."""

from dataclasses import dataclass, field

from django.core.paginator import Paginator
from haystack.inputs import AutoQuery
from haystack.query import EmptySearchQuerySet, SearchQuerySet

from extranet.models import Department, Museum

from .backends import TOTAL_IS_EXACT
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
    # False when the search stopped counting at SEARCH_COUNT_LIMIT: the total is a floor and
    # the counts are those of the first matches only, so the page shows no per-filter count.
    exact: bool = True


def search_documents(*, user, query: str, kind: str = "", museum: int | None = None, department: str = ""):
    """Documents matching `query` that `user` may see, narrowed by kind, museum and department."""
    allowed = visible_documents_filter(user)
    if allowed is None or not query.strip():
        return EmptySearchQuerySet()
    # The permission filter narrows (a filter the backend computes once per index segment and
    # keeps) rather than joining the words' query: same documents, without re-reading every
    # visible document's postings on each search.
    permission_query = SearchQuerySet().filter(allowed).query.build_query()
    results = SearchQuerySet().narrow(permission_query).filter(content=AutoQuery(query))
    if kind:
        results = results.filter(kind__exact=kind)
    if museum:
        results = results.filter(museum_ids__in=[museum])
    if department:
        results = results.filter(department__in=[department])
    return results


def with_facets(results):
    """`results` asking for the facet counts too, so that one search answers page, total and facets."""
    if isinstance(results, EmptySearchQuerySet):
        return results
    for name in FACET_FIELDS:
        results = results.facet(name)
    return results


def search_page(results, number, *, per_page: int):
    """The page `number` of `results` (with its facets), searched once."""
    try:
        number = max(int(number), 1)
    except (TypeError, ValueError):
        number = 1
    # Slicing first runs the one search; the paginator's count then reads its total.
    results[(number - 1) * per_page : number * per_page]
    return Paginator(results, per_page).get_page(number)


def facets_of(results) -> Facets:
    """Counts by kind, museum and department of a (permission-filtered) result set."""
    if isinstance(results, EmptySearchQuerySet):
        return Facets()
    if not results.query.has_run() or set(FACET_FIELDS) - set(results.query.facets):
        results = with_facets(results)
    facet_counts = results.facet_counts()
    counts = facet_counts.get("fields", {})

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
    facets.exact = facet_counts.get("queries", {}).get(TOTAL_IS_EXACT, True)
    department_names = dict(Department.choices)
    facets.departments = [
        Facet(code, department_names.get(code, code), count) for code, count in pairs("department")
    ]
    return facets
