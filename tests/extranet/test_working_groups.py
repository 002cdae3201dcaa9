"""Creating and renaming a working group through the services: its forum follows at once."""

import pytest
from django.core.exceptions import ValidationError

from extranet import services
from extranet.models import AuditEvent, WorkingGroup
from forum.models import WorkingGroupForum

pytestmark = pytest.mark.django_db


def test_a_new_working_group_has_its_private_forum_at_once_and_the_creation_is_recorded(museum_a, manager_a):
    group = services.working_group_create(name="Régie des œuvres", description="Prêts, emballage.", by=manager_a)

    assert group.slug == "regie-des-oeuvres" or group.slug.startswith("regie-des")
    link = WorkingGroupForum.objects.select_related("forum").get(group=group)
    assert link.forum.name == "Régie des œuvres"
    assert AuditEvent.objects.filter(action="working_group.created", object_id=str(group.pk), actor=manager_a).exists()


def test_renaming_a_working_group_renames_its_forum(manager_a):
    group = services.working_group_create(name="Numérique", by=manager_a)
    services.working_group_update(group=group, name="Numérique et collections", by=manager_a)

    assert WorkingGroupForum.objects.get(group=group).forum.name == "Numérique et collections"
    assert AuditEvent.objects.filter(action="working_group.changed", data__fields=["name"]).exists()


def test_a_second_group_with_the_same_name_is_refused_and_nothing_is_created(manager_a):
    services.working_group_create(name="Médiation", by=manager_a)
    with pytest.raises(ValidationError):
        services.working_group_create(name="Médiation", by=manager_a)
    assert WorkingGroup.objects.filter(name="Médiation").count() == 1
    assert WorkingGroupForum.objects.filter(group__name="Médiation").count() == 1
