"""Free text over declared skills through the one search page (kind "skill")."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from search.selectors import search_documents
from skills_directory import services
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def test_words_of_a_description_find_the_member_on_the_search_page(client, search_index, expert, asker, skills):
    call_command("rebuild_index", interactive=False, verbosity=0)
    client.force_login(asker)

    response = client.get(reverse("search"), {"q": "textiles infestes", "kind": "skill"})
    page = response.content.decode()
    assert "Julien Lefebvre" in page and "Traitement par anoxie" in page
    assert expert.email not in page


def test_a_hidden_member_is_not_found_by_text(search_index, expert, asker, lens):
    services.directory_entry_set_hidden(user=expert, hidden=True)
    call_command("rebuild_index", interactive=False, verbosity=0)
    assert search_documents(user=asker, query="textiles", kind="skill").count() == 0
    assert make_member(lens)
