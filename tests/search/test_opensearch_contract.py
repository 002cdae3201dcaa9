"""Contract of the larger installation's search engine (search/opensearch.py, docs/search.md): the
same French matching and the same permission filter as Whoosh, on a live OpenSearch.

Runs when SEARCH_URL names a live engine (e.g. http://127.0.0.1:9200/); skipped otherwise, and the
skip says so in the CI output. None can run on the CI machine today: no Docker there, and no
OpenSearch package in Debian. Each run uses an index of its own, deleted at the end.
"""

import os
import uuid

import pytest
from django.core.management import call_command
from haystack import connections

from search import registry
from search.registry import Visibility
from search.search_indexes import MuseumIndex, ProfileIndex
from search.selectors import facets_of, search_documents
from tests.factories import MuseumFactory, make_coordinator, make_member

from .conftest import RestrictedNoteIndex, make_note

SEARCH_URL = os.environ.get("SEARCH_URL", "")
pytestmark = [
    pytest.mark.skipif(not SEARCH_URL, reason="SEARCH_URL is not set: no live OpenSearch to hold the contract against "
                       "(none can be installed on this machine: no Docker, no Debian package)"),
    pytest.mark.django_db,
]


@pytest.fixture
def opensearch_index():
    pytest.importorskip("elasticsearch", reason="requirements-opensearch.txt is not installed")
    original = dict(connections.connections_info["default"])
    connections.connections_info["default"] = {
        "ENGINE": "search.opensearch.FrenchOpenSearchEngine",
        "URL": SEARCH_URL,
        "INDEX_NAME": f"extranet_contract_{uuid.uuid4().hex[:8]}",
        "EXCLUDED_INDEXES": original.get("EXCLUDED_INDEXES", []),
    }
    connections.reload("default")
    unified = connections["default"].get_unified_index()
    unified.build(indexes=[MuseumIndex(), ProfileIndex(), RestrictedNoteIndex()])
    registry.register(RestrictedNoteIndex)
    backend = connections["default"].get_backend()
    yield backend
    backend.clear()
    backend.conn.indices.delete(index=backend.index_name, ignore=[404])
    registry.unregister(RestrictedNoteIndex.kind_label)
    connections.connections_info["default"] = original
    connections.reload("default")


def reindex():
    call_command("rebuild_index", interactive=False, verbosity=0)
    connections["default"].get_backend().conn.indices.refresh()


def titles(results):
    return sorted(result.title for result in results)


def test_the_mapping_analyses_text_in_french_and_keeps_permission_fields_exact(opensearch_index):
    opensearch_index.setup()
    mapping = opensearch_index.conn.indices.get_mapping(index=opensearch_index.index_name)
    properties = next(iter(mapping.values()))["mappings"]["properties"]
    assert properties["text"] == {"type": "text", "analyzer": "french_folded"}
    for exact in ("visibility", "kind", "museum_ids", "group_ids", "department"):
        assert properties[exact]["type"] == "keyword", exact


@pytest.mark.parametrize(("query", "expected"), [
    ("preventive", ["Musée de la vitrine (Lille)"]),
    ("préventive", ["Musée de la vitrine (Lille)"]),
    ("vitrines", ["Musée de la vitrine (Lille)"]),
    ("anoxie", ["Musée des textiles (Calais)"]),
])
def test_french_words_match_as_they_do_with_whoosh(opensearch_index, museum_a, query, expected):
    MuseumFactory(name="Musée de la vitrine", city="Lille", description="Une vitrine réglée en conservation préventive.")
    MuseumFactory(name="Musée des textiles", city="Calais", description="Traitement par Anoxie des collections.")
    reindex()
    assert titles(search_documents(user=make_member(museum_a), query=query)) == expected


def test_the_permission_filter_hides_what_a_member_may_not_see(opensearch_index, museum_a, museum_b):
    make_note(text="Inventaire des réserves de Lens", visibility=Visibility.MUSEUM, museum=museum_a)
    make_note(text="Inventaire des réserves de Roubaix", visibility=Visibility.MUSEUM, museum=museum_b)
    make_note(text="Inventaire réservé à la coordination", visibility=Visibility.COORDINATORS)
    reindex()
    member_a = make_member(museum_a)
    found = search_documents(user=member_a, query="inventaire")
    assert found.count() == 1
    facets = facets_of(found)
    assert [facet.value for facet in facets.museums] == [str(museum_a.pk)]
    assert search_documents(user=make_coordinator(), query="inventaire").count() == 3
