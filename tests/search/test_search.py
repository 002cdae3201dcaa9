"""What a member finds: French words, and never what they may not see."""

import pytest
from django.core.management import call_command

from search.registry import Visibility
from search.selectors import facets_of, search_documents
from tests.factories import MuseumFactory, WorkingGroupFactory, make_coordinator, make_member

from .conftest import make_note

pytestmark = pytest.mark.django_db


def titles(results):
    return sorted(result.title for result in results)


@pytest.fixture
def french_museums(reindex):
    MuseumFactory(name="Musée de la vitrine", city="Lille", description="Une vitrine réglée en conservation préventive.")
    MuseumFactory(name="Musée des textiles", city="Calais", description="Traitement par Anoxie des collections.")
    MuseumFactory(name="Musée sans rapport", city="Douai", description="Peintures flamandes.")
    reindex()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("preventive", ["Musée de la vitrine (Lille)"]),
        ("préventive", ["Musée de la vitrine (Lille)"]),
        ("PREVENTIVE", ["Musée de la vitrine (Lille)"]),
        ("vitrines", ["Musée de la vitrine (Lille)"]),
        ("anoxie", ["Musée des textiles (Calais)"]),
        ("musees textile", ["Musée des textiles (Calais)"]),
    ],
)
def test_french_words_match_with_or_without_accents_and_plurals(french_museums, museum_a, query, expected):
    member = make_member(museum_a)

    assert titles(search_documents(user=member, query=query)) == expected


def test_a_member_of_museum_a_never_sees_content_restricted_to_museum_b(reindex, museum_a, museum_b, member_a, manager_b):
    make_note(text="Protocole confidentiel de désinsectisation", visibility=Visibility.MUSEUM, museum=museum_b)
    reindex()

    results = search_documents(user=member_a, query="désinsectisation")
    assert results.count() == 0
    assert list(results) == []
    facets = facets_of(search_documents(user=member_a, query="désinsectisation"))
    assert facets.kinds == facets.museums == facets.departments == []
    # Her colleague of museum B finds it, and its museum is counted for him.
    results_b = search_documents(user=manager_b, query="desinsectisation")
    assert results_b.count() == 1
    assert [facet.value for facet in facets_of(results_b).museums] == [str(museum_b.pk)]


def test_facet_counts_only_count_what_the_member_may_see(reindex, museum_a, museum_b, member_a):
    make_note(text="Réunion inventaire publique", visibility=Visibility.MEMBERS, museum=museum_a)
    make_note(text="Réunion inventaire de A", visibility=Visibility.MUSEUM, museum=museum_a)
    make_note(text="Réunion inventaire de B", visibility=Visibility.MUSEUM, museum=museum_b)
    make_note(text="Réunion inventaire de B bis", visibility=Visibility.MUSEUM, museum=museum_b)
    make_note(text="Réunion inventaire coordinateurs", visibility=Visibility.COORDINATORS)
    reindex()

    results = search_documents(user=member_a, query="inventaire")
    facets = facets_of(results)

    assert results.count() == 2
    assert [(facet.value, facet.count) for facet in facets.kinds] == [("note", 2)]
    assert [(facet.value, facet.count) for facet in facets.museums] == [(str(museum_a.pk), 2)]
    assert [(facet.value, facet.count) for facet in facets.departments] == [(museum_a.department_code, 2)]


def test_working_group_content_is_found_by_the_group_only(reindex, museum_a, member_a, manager_a):
    from extranet import services

    group = WorkingGroupFactory(name="Médiation")
    services.working_group_join(group=group, user=member_a, by=None)
    make_note(text="Compte rendu médiation numérique", visibility=Visibility.GROUP, groups=[group.pk])
    reindex()

    assert search_documents(user=member_a, query="mediation numerique").count() == 1
    assert search_documents(user=manager_a, query="mediation numerique").count() == 0


def test_coordinators_find_everything(reindex, museum_b):
    make_note(text="Budget prévisionnel", visibility=Visibility.MUSEUM, museum=museum_b)
    make_note(text="Budget des coordinateurs", visibility=Visibility.COORDINATORS)
    coordinator = make_coordinator()
    member = make_member(MuseumFactory())
    reindex()

    assert search_documents(user=coordinator, query="budget").count() == 2
    assert search_documents(user=member, query="budget").count() == 0


def test_profiles_of_active_members_are_found_by_name_job_bio_and_museum(reindex, museum_a, museum_b):
    from extranet import services

    régisseuse = make_member(museum_b, first_name="Maëlle", last_name="Durand")
    services.profile_update(
        user=régisseuse, first_name="Maëlle", last_name="Durand",
        profile_data={"job_title": "Régisseuse des collections", "bio": "Spécialiste des constats d'état."},
    )
    former = make_member(museum_a, first_name="Ancien", last_name="Régisseur")
    former.is_active = False
    former.save()
    viewer = make_member(museum_a)
    reindex()

    for query in ["maelle", "régisseuse", "constat", "piscine"]:
        assert titles(search_documents(user=viewer, query=query, kind="profile")) == [régisseuse.display_name], query
    assert search_documents(user=viewer, query="Ancien").count() == 0


def test_rebuild_index_prints_its_progress(search_index, museum_a, capsys):
    call_command("rebuild_index", interactive=False, verbosity=2)

    out = capsys.readouterr().out
    assert "Indexing 1 mus" in out  # "museums" or "musées", in the active language
    assert "indexed 1 - 1 of 1" in out
