"""What coordinators may do in Wagtail is set by code (`services.editor_permissions_ensure`), put back
when edited by hand, there after `migrate`, and a submitted page is moderated by a coordinator."""

import pytest
from django.core.management.sql import emit_post_migrate_signal
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    WorkflowState,
)

from extranet import services
from extranet.models import StandardPage, User
from tests.factories import make_coordinator, make_user

pytestmark = pytest.mark.django_db


def page_codenames(group):
    return set(GroupPagePermission.objects.filter(group=group, page__depth=1).values_list("permission__codename", flat=True))


def test_a_new_coordinator_may_edit_publish_and_move_every_page_and_manage_images_and_documents():
    coordinator = User.objects.get(pk=make_coordinator().pk)
    group = services.coordinators_group()
    assert page_codenames(group) == {"add_page", "change_page", "publish_page", "lock_page", "unlock_page"}
    root = Collection.get_first_root_node()
    assert {
        "add_document", "change_document", "choose_document", "delete_document",
        "add_image", "change_image", "choose_image", "delete_image", "add_collection", "change_collection",
    } <= set(GroupCollectionPermission.objects.filter(group=group, collection=root).values_list("permission__codename", flat=True))
    assert coordinator.has_perm("skills_directory.change_skill")
    assert not coordinator.has_perm("extranet.change_user")  # people change through the services only
    assert not page_codenames(group) & {"bulk_delete_page"}


def test_the_members_only_collection_exists_and_is_kept_members_only():
    make_coordinator()
    collection = Collection.objects.get(name=services.MEMBERS_COLLECTION)
    restriction = CollectionViewRestriction.objects.get(collection=collection)
    assert restriction.restriction_type == BaseViewRestriction.LOGIN
    restriction.restriction_type = BaseViewRestriction.NONE  # made public by hand
    restriction.save()
    services.editor_permissions_ensure()
    assert CollectionViewRestriction.objects.get(collection=collection).restriction_type == BaseViewRestriction.LOGIN
    assert Collection.objects.filter(name=services.MEMBERS_COLLECTION).count() == 1


def test_permissions_removed_by_hand_come_back_with_the_next_coordinator():
    make_coordinator()
    group = services.coordinators_group()
    GroupPagePermission.objects.filter(group=group).delete()
    group.permissions.clear()
    make_coordinator()
    assert "publish_page" in page_codenames(group)
    assert group.permissions.filter(codename="access_admin").exists()


def test_an_installation_has_them_after_migrate_even_with_no_coordinator_yet():
    group = services.coordinators_group()
    GroupPagePermission.objects.filter(group=group).delete()
    GroupCollectionPermission.objects.filter(group=group).delete()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert "publish_page" in page_codenames(group)
    assert GroupCollectionPermission.objects.filter(group=group, permission__codename="add_document").exists()


def test_a_page_submitted_by_an_editor_waits_for_a_coordinator_in_relecture_coordination():
    coordinator = User.objects.get(pk=make_coordinator().pk)
    editor = make_user(first_name="Inès")
    home = Page.objects.get(depth=2)
    page = home.add_child(instance=StandardPage(title="Compte rendu de la réunion", slug="compte-rendu", live=False))
    page.save_revision(user=editor)
    workflow = page.get_workflow()
    assert workflow is not None and workflow.name == services.REVIEW_WORKFLOW
    state = workflow.start(page, editor)
    task_state = state.current_task_state
    assert task_state.task.name == services.REVIEW_TASK
    task = task_state.task.specific
    assert task.user_can_access_editor(page, coordinator)
    assert "approve" in [name for name, *_ in task.get_actions(page, coordinator)]
    assert not [name for name, *_ in task.get_actions(page, editor)]
    task.on_action(task_state, coordinator, "approve")
    state.refresh_from_db()
    page.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED and page.live


def test_the_members_space_gets_the_coordinators_workflow_once_it_exists():
    home = Page.objects.get(depth=2)
    space = home.add_child(instance=StandardPage(title="Espace professionnel", slug="espace"))
    services.editor_permissions_ensure()
    assert services.members_space_root().pk == space.pk
    assert space.get_workflow().name == services.REVIEW_WORKFLOW
    assert space.workflowpage.workflow.name == services.REVIEW_WORKFLOW
