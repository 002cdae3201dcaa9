"""A paginator that stops counting: a list's total costs a scan of every row it counts."""

from functools import cached_property

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import QuerySet


class CappedPaginator(Paginator):
    """Django's Paginator counting at most `limit` rows (COUNT over a LIMIT subquery).

    Past the limit `count` is the limit and `count_is_exact` False: the page says "more than",
    and the last reachable page is the limit's, as the search page does (docs/search.md).
    """

    def __init__(self, object_list, per_page, *, limit: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.limit = limit if limit is not None else getattr(settings, "LIST_COUNT_LIMIT", 10_000)

    @cached_property
    def _capped_count(self) -> int:
        rows = self.object_list
        if isinstance(rows, QuerySet):
            return rows.order_by()[: self.limit + 1].count()  # counting needs no order
        return len(rows[: self.limit + 1])

    @cached_property
    def count(self) -> int:
        return min(self._capped_count, self.limit)

    @property
    def count_is_exact(self) -> bool:
        return self._capped_count <= self.limit


def query_without_page(request) -> str:
    """The request's query string without `page`: what pagination links keep (the filters)."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
