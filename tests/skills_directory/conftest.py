import pytest
from django.core.management import call_command
from haystack import connections

from extranet.models import Role
from skills_directory import services
from skills_directory.models import Level, Skill, SkillCategory
from tests.factories import MuseumFactory, make_member


def run_queue():
    """Run every queued background task, as the worker started by `make run` would."""
    call_command("task_worker", batch=True, verbosity=0)


@pytest.fixture
def queue():
    return run_queue


@pytest.fixture
def skills(db):
    conservation = SkillCategory.objects.create(name="Conservation préventive")
    collections = SkillCategory.objects.create(name="Gestion des collections")
    return {
        "anoxie": Skill.objects.create(name="Traitement par anoxie", category=conservation),
        "constat": Skill.objects.create(name="Constat d'état", category=conservation),
        "climat": Skill.objects.create(name="Suivi climatique", category=conservation),
        "provenance": Skill.objects.create(name="Recherche de provenance", category=collections),
    }


@pytest.fixture
def lens(db):
    return MuseumFactory(name="Louvre-Lens", slug="louvre-lens", city="Lens", latitude=50.43, longitude=2.80)


@pytest.fixture
def roubaix(db):
    return MuseumFactory(
        name="La Piscine", slug="la-piscine", city="Roubaix", department="Nord", department_code="59",
        latitude=50.69, longitude=3.17,
    )


def declare(user, skill, level=Level.EXPERT, willing=True, description=""):
    return services.member_skill_declare(
        user=user, skill=skill, level=level, description=description, willing_to_be_asked=willing
    )


@pytest.fixture
def expert(lens, skills):
    """Julien, expert in anoxia and practised in condition reports; hides his address."""
    user = make_member(lens, first_name="Julien", last_name="Lefebvre", email="julien.expert@musee-lens.example")
    user.profile.email_visibility = "nobody"
    user.profile.save()
    declare(user, skills["anoxie"], Level.EXPERT, description="Traitement de textiles infestés en 2023")
    declare(user, skills["constat"], Level.PRACTICE)
    return user


@pytest.fixture
def asker(roubaix):
    return make_member(roubaix, role=Role.MANAGER, first_name="Sophie", email="sophie.asker@piscine.example")


@pytest.fixture
def search_index(tmp_path):
    """A fresh Whoosh index on disk with the project's kinds and the skills kind."""
    from search.search_indexes import MuseumIndex, ProfileIndex
    from skills_directory.search_indexes import MemberSkillIndex

    original = connections.connections_info["default"]["PATH"]
    connections.connections_info["default"]["PATH"] = str(tmp_path / "whoosh")
    connections.reload("default")
    connections["default"].get_unified_index().build(indexes=[MuseumIndex(), ProfileIndex(), MemberSkillIndex()])
    yield
    connections.connections_info["default"]["PATH"] = original
    connections.reload("default")
