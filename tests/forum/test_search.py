"""Forum posts in the one search index: the site's search page and machina's own search box
read the same documents, both filtered by what the member may read."""

import pytest
from django.core.management import call_command
from haystack import connections

from forum.search_indexes import ForumPostIndex
from search.search_indexes import MuseumIndex, ProfileIndex

from .conftest import make_topic


@pytest.fixture
def forum_index(tmp_path):
    original = connections.connections_info["default"]["PATH"]
    connections.connections_info["default"]["PATH"] = str(tmp_path / "whoosh")
    connections.reload("default")
    connections["default"].get_unified_index().build(indexes=[MuseumIndex(), ProfileIndex(), ForumPostIndex()])
    yield
    connections.connections_info["default"]["PATH"] = original
    connections.reload("default")


def rebuild():
    call_command("rebuild_index", interactive=False, verbosity=0)


def test_a_member_outside_a_group_finds_none_of_its_posts(client, forum_index, insider, outsider, group_forum, theme_forum):
    make_topic(group_forum, insider, subject="Thésaurus confidentiel", content="Le thésaurus des vitrines anoxiques")
    make_topic(theme_forum, insider, subject="Vitrines partagées", content="Des vitrines pour tout le réseau")
    rebuild()

    client.force_login(outsider)
    page = client.get("/espace/recherche/", {"q": "vitrines"}).content.decode()
    assert "Vitrines partagées" in page
    assert "confidentiel" not in page
    forum_page = client.get("/espace/forum/search/", {"q": "vitrines"}).content.decode()
    assert "Vitrines partagées" in forum_page
    assert "confidentiel" not in forum_page

    client.force_login(insider)
    page = client.get("/espace/recherche/", {"q": "vitrine"}).content.decode()
    assert "Thésaurus confidentiel" in page
    forum_page = client.get("/espace/forum/search/", {"q": "thésaurus"}).content.decode()
    assert "confidentiel" in forum_page


def test_indexing_does_not_query_once_per_post(forum_index, member_a, theme_forum, django_assert_max_num_queries):
    for i in range(5):
        make_topic(theme_forum, member_a, subject=f"Sujet {i}", replies=4)
    index = ForumPostIndex()
    backend = connections["default"].get_backend()
    with django_assert_max_num_queries(4):
        backend.update(index, index.build_queryset())
