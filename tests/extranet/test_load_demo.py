from pathlib import Path

import pytest
from django.core.management import call_command

from extranet import permissions
from extranet.models import HomePage, Membership, Museum, User, WorkingGroup
from skills_directory.models import Skill

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent


def test_load_demo_loads_the_network_and_the_demo_accounts_and_is_idempotent():
    call_command("load_demo", verbosity=0)
    counts = (Museum.objects.count(), WorkingGroup.objects.count(), Skill.objects.count(), User.objects.count(), Membership.objects.count())
    call_command("load_demo", verbosity=0)
    assert (Museum.objects.count(), WorkingGroup.objects.count(), Skill.objects.count(), User.objects.count(),
            Membership.objects.count()) == counts
    assert Museum.objects.count() == 90
    assert WorkingGroup.objects.filter(name="Médiation").exists()
    assert Skill.objects.filter(name="Traitement par anoxie").exists()
    assert HomePage.objects.live().count() == 1

    louvre_lens, piscine = Museum.objects.get(name="Louvre-Lens"), Museum.objects.get(name="La Piscine")
    manager = User.objects.get(email="gestion.louvre-lens@demo.example")
    member = User.objects.get(email="equipe.louvre-lens@demo.example")
    piscine_manager = User.objects.get(email="gestion.la-piscine@demo.example")
    coordinator = User.objects.get(email="coordination@demo.example")
    for user in (manager, member, piscine_manager, coordinator):
        assert user.check_password("musenor-demo")
    assert permissions.can_manage_staff(manager, louvre_lens) and not permissions.can_manage_staff(manager, piscine)
    assert permissions.can_act_for_museum(member, louvre_lens) and not permissions.can_manage_staff(member, louvre_lens)
    assert permissions.can_manage_staff(piscine_manager, piscine)
    assert permissions.is_coordinator(coordinator)


def test_the_project_never_reads_the_shared_folder():
    offenders = []
    for path in ROOT.rglob("*.py"):
        if ".venv" in path.parts or "tests" in path.parts:
            continue
        if "../shared" in path.read_text(encoding="utf-8") or "shared/data" in path.read_text(encoding="utf-8"):
            offenders.append(str(path))
    assert offenders == []


def test_create_coordinator_makes_the_first_coordinator_of_a_real_installation():
    call_command("create_coordinator", email="Camille@Musenor.example", first_name="Camille", last_name="Roussel", verbosity=0)
    user = User.objects.get(email="camille@musenor.example")
    assert permissions.is_coordinator(user)
    assert not user.has_usable_password()
