"""Long lists stop counting at a limit and say "more than"."""

import pytest

from extranet.models import Museum
from extranet.pagination import CappedPaginator
from tests.factories import MuseumFactory

pytestmark = pytest.mark.django_db


def test_a_list_within_the_limit_is_counted_exactly(django_assert_num_queries):
    paginator = CappedPaginator(Museum.objects.order_by("pk"), 2, limit=1000)
    total = Museum.objects.count()
    with django_assert_num_queries(1):
        assert paginator.count == total
    assert paginator.count_is_exact


def test_past_the_limit_the_count_is_the_limit_and_says_so():
    MuseumFactory.create_batch(4)
    paginator = CappedPaginator(Museum.objects.order_by("pk"), 2, limit=3)
    assert paginator.count == 3
    assert not paginator.count_is_exact
    assert paginator.num_pages == 2
    assert [m.pk for m in paginator.page(2)] == list(Museum.objects.order_by("pk").values_list("pk", flat=True)[2:3])


def test_a_plain_list_is_capped_too():
    paginator = CappedPaginator(list(range(10)), 3, limit=5)
    assert (paginator.count, paginator.count_is_exact) == (5, False)
    assert (CappedPaginator(list(range(4)), 3, limit=5).count_is_exact, CappedPaginator(list(range(4)), 3).count) == (True, 4)
