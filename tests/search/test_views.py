"""The search page as a member uses it."""

import pytest
from django.urls import reverse

from extranet import services
from search.registry import Visibility
from tests.factories import PASSWORD, MuseumFactory, make_member

from .conftest import make_note

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, member_a):
    client.login(email=member_a.email, password=PASSWORD)
    return client


def test_the_search_page_lives_under_the_members_space_and_needs_an_account(client, search_index):
    assert reverse("search") == "/espace/recherche/"
    response = client.get("/espace/recherche/?q=musee")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_every_page_has_a_search_box_for_members(signed_in, search_index):
    response = signed_in.get(reverse("dashboard"))
    assert 'role="search"' in response.content.decode()
    assert 'action="/espace/recherche/"' in response.content.decode()


def test_results_show_their_kind_and_an_excerpt_with_the_words_marked(signed_in, reindex, museum_a):
    MuseumFactory(name="Musée des vitraux", description="Atelier de conservation préventive des vitrines.")
    reindex()

    response = signed_in.get(reverse("search"), {"q": "preventive vitrine"})

    html = response.content.decode()
    assert "Musée des vitraux" in html
    assert "<mark>préventive</mark>" in html
    assert "<mark>vitrines</mark>" in html
    result = response.context["page"][0]
    assert result.kind == "museum"
    assert f'<span class="badge">{result.kind_name}</span>' in html


def test_excerpts_escape_the_content_and_keep_only_mark_tags(signed_in, reindex, museum_a, member_a):
    services.profile_update(
        user=member_a, first_name="Julien", last_name="Leroy",
        profile_data={"bio": 'Restaurateur <script>alert("x")</script> <b>céramique</b>'},
    )
    reindex()

    html = signed_in.get(reverse("search"), {"q": "céramique"}).content.decode()

    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    assert "<b>" not in html
    assert "<mark>céramique</mark>" in html


def test_a_member_of_museum_a_gets_no_result_and_no_hint_of_museum_b_content(signed_in, reindex, museum_a, museum_b):
    make_note(text="Diagnostic termites réserve secrète", visibility=Visibility.MUSEUM, museum=museum_b)
    reindex()

    response = signed_in.get(reverse("search"), {"q": "termites"})

    html = response.content.decode()
    assert response.context["page"].paginator.count == 0
    assert "secrète" not in html
    assert museum_b.name not in html
    assert response.context["facets"].museums == []
    # Asking for museum B's filter explicitly reveals nothing either.
    response = signed_in.get(reverse("search"), {"q": "termites", "museum": museum_b.pk})
    assert response.context["page"].paginator.count == 0


def test_results_come_twenty_per_page_and_filters_narrow_them(signed_in, reindex, museum_a):
    for n in range(25):
        MuseumFactory(name=f"Musée de la mine {n}", city="Lens", department="Pas-de-Calais", department_code="62")
    MuseumFactory(name="Musée de la mine du Nord", city="Lewarde", department="Nord", department_code="59")
    reindex()

    first = signed_in.get(reverse("search"), {"q": "mine"})
    assert first.context["page"].paginator.count == 26
    assert len(first.context["page"].object_list) == 20
    second = signed_in.get(reverse("search"), {"q": "mine", "page": 2})
    assert len(second.context["page"].object_list) == 6
    departments = {facet.value: facet.count for facet in first.context["facets"].departments}
    assert departments == {"62": 25, "59": 1}

    nord = signed_in.get(reverse("search"), {"q": "mine", "department": "59"})
    assert [result.title for result in nord.context["page"]] == ["Musée de la mine du Nord (Lewarde)"]
    only_people = signed_in.get(reverse("search"), {"q": "mine", "kind": "profile"})
    assert only_people.context["page"].paginator.count == 0


def test_the_search_page_makes_a_bounded_number_of_queries(signed_in, reindex, museum_a, django_assert_max_num_queries):
    for n in range(30):
        make_member(MuseumFactory(name=f"Musée de la céramique {n}"), first_name=f"Potier{n}")
    reindex()

    with django_assert_max_num_queries(8):
        response = signed_in.get(reverse("search"), {"q": "céramique"})

    assert response.context["page"].paginator.count == 60


def test_a_search_counts_exactly_up_to_the_limit_and_says_more_than_past_it(signed_in, reindex, museum_a, settings):
    for number in range(4):
        make_note(text=f"Registre des prêts numéro {number}", visibility=Visibility.MEMBERS, museum=museum_a)
    # Not counted for this member: another museum's staff only.
    make_note(text="Registre des prêts confidentiel", visibility=Visibility.MUSEUM, museum=MuseumFactory())
    reindex()

    settings.SEARCH_COUNT_LIMIT = 10
    html = signed_in.get(reverse("search"), {"q": "registre"}).content.decode()
    assert "4 résultats" in html
    assert '<span class="badge">4</span>' in html  # the museum and kind filters, counted

    settings.SEARCH_COUNT_LIMIT = 3
    response = signed_in.get(reverse("search"), {"q": "registre"})
    html = response.content.decode()
    assert "Plus de 3 résultats" in html
    assert "4 résultats" not in html
    assert '<span class="badge">3</span>' not in html  # partial counts are not shown as counts
    assert museum_a.name in html  # the filters themselves stay
    assert len(response.context["page"].object_list) == 3
