"""The network run from `/cms/` by a coordinator: museums, people and memberships, working
groups, all through the services (rules shown as messages, audit trail, permissions following)."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from extranet import permissions
from extranet.models import AuditEvent, Invitation, Membership, Museum, Role, User, WorkingGroup
from extranet.services import COORDINATORS_GROUP
from forum.models import WorkingGroupForum
from tests.factories import make_coordinator, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(db):
    user = make_coordinator(first_name="Camille")
    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def cms(client, coordinator):
    client.force_login(coordinator)
    return client


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_museum_created_in_the_cms_is_in_the_directory_and_in_the_audit_trail(cms, coordinator):
    response = cms.post(reverse("museums:add"), {
        "name": "Musée de la Dentelle", "slug": "", "city": "Caudry", "department_code": "59", "department": "",
        "latitude": "50.12", "longitude": "3.41", "website": "", "description": "Dentelle mécanique de Caudry.",
    })
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    museum = Museum.objects.get(name="Musée de la Dentelle")
    assert (museum.slug, museum.department) == ("musee-de-la-dentelle-caudry", "Nord")
    assert AuditEvent.objects.filter(action="museum.created", actor=coordinator, museum=museum).exists()
    assert cms.get(reverse("museum_detail", args=[museum.slug])).status_code == 200


def test_editing_a_museums_location_records_which_fields_changed(cms, coordinator, museum_a):
    data = {field: getattr(museum_a, field) or "" for field in
            ("name", "slug", "city", "department_code", "department", "latitude", "longitude", "website", "description")}
    data.update(city="Liévin", latitude="50.42")
    response = cms.post(reverse("museums:edit", args=[museum_a.pk]), data)
    assert response.status_code == 302
    museum_a.refresh_from_db()
    assert museum_a.city == "Liévin"
    event = AuditEvent.objects.get(action="museum.changed")
    assert event.data == {"fields": ["city", "latitude"]} and event.actor == coordinator


def test_a_coordinator_invites_a_person_to_a_museum_from_the_staff_page(cms, museum_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = cms.post(reverse("museums:staff", args=[museum_a.pk]), {"email": "Nouvelle@Musee.example", "role": Role.MEMBER})
    assert response.status_code == 302
    invitation = Invitation.objects.get(museum=museum_a)
    assert invitation.email == "nouvelle@musee.example"
    assert [m.to for m in mail.outbox] == [["nouvelle@musee.example"]]
    assert "invitation" in texts(response)[0].lower()


def test_inviting_someone_already_on_the_staff_is_refused_with_a_message(cms, museum_a, member_a):
    response = cms.post(reverse("people:invite"), {"email": member_a.email, "museum": museum_a.pk, "role": Role.MEMBER})
    assert response.status_code == 200
    assert "already works for this museum" in " ".join(texts(response)) or "travaille déjà" in " ".join(texts(response))
    assert not Invitation.objects.exists()


def test_ending_the_last_managers_membership_is_refused_with_the_rule_shown(cms, museum_a, manager_a):
    membership = Membership.objects.get(user=manager_a, museum=museum_a)
    staff_page = reverse("museums:staff", args=[museum_a.pk])
    response = cms.post(reverse("people:membership_end", args=[membership.pk]), {"next": staff_page}, follow=True)
    assert response.redirect_chain[-1][0] == staff_page
    page = response.content.decode()
    assert "au moins un gestionnaire" in page or "at least one manager" in page
    membership.refresh_from_db()
    assert membership.ended_at is None
    assert not AuditEvent.objects.filter(action="membership.ended").exists()


def test_ending_a_membership_takes_the_museum_away_from_the_person_at_once(cms, coordinator, museum_a, manager_a, member_a):
    membership = Membership.objects.get(user=member_a, museum=museum_a)
    cms.post(reverse("people:membership_end", args=[membership.pk]))
    membership.refresh_from_db()
    assert membership.ended_at is not None
    assert not permissions.can_act_for_museum(User.objects.get(pk=member_a.pk), museum_a)
    assert AuditEvent.objects.filter(action="membership.ended", actor=coordinator).exists()


def test_changing_a_role_in_the_cms_gives_the_staff_management_that_goes_with_it(cms, museum_a, manager_a, member_a):
    membership = Membership.objects.get(user=member_a, museum=museum_a)
    cms.post(reverse("people:membership_role", args=[membership.pk]), {"role": Role.MANAGER})
    assert permissions.can_manage_staff(User.objects.get(pk=member_a.pk), museum_a)
    # and the former last manager may now step down
    cms.post(reverse("people:membership_role", args=[Membership.objects.get(user=manager_a).pk]), {"role": Role.MEMBER})
    assert not permissions.can_manage_staff(User.objects.get(pk=manager_a.pk), museum_a)


def test_making_someone_a_coordinator_opens_the_cms_to_them_and_nobody_removes_their_own_role(cms, coordinator, member_a):
    cms.post(reverse("people:coordinator", args=[member_a.pk]), {"is_coordinator": "1"})
    member_a = User.objects.get(pk=member_a.pk)
    assert permissions.is_coordinator(member_a) and member_a.groups.filter(name=COORDINATORS_GROUP).exists()
    response = cms.post(reverse("people:coordinator", args=[coordinator.pk]), {"is_coordinator": "0"}, follow=True)
    assert permissions.is_coordinator(User.objects.get(pk=coordinator.pk))
    assert "coordinat" in response.content.decode()


def test_a_working_group_created_in_the_cms_has_its_private_forum_at_once(cms, coordinator, member_a):
    response = cms.post(reverse("working_groups:add"), {"name": "Récolement", "slug": "", "description": "Méthodes."})
    group = WorkingGroup.objects.get(name="Récolement")
    assert response["Location"] == reverse("working_groups:members", args=[group.pk])
    assert WorkingGroupForum.objects.filter(group=group, forum__name="Récolement").exists()
    assert AuditEvent.objects.filter(action="working_group.created", actor=coordinator).exists()
    cms.post(reverse("working_groups:members", args=[group.pk]), {"user": member_a.pk, "role": "lead"})
    from forum.permissions import can_read_forum

    forum = WorkingGroupForum.objects.get(group=group).forum
    assert can_read_forum(User.objects.get(pk=member_a.pk), forum)


def test_renaming_a_working_group_in_the_cms_renames_its_forum_and_keeps_its_address(cms):
    cms.post(reverse("working_groups:add"), {"name": "Récolement", "slug": "", "description": ""})
    group = WorkingGroup.objects.get()
    cms.post(reverse("working_groups:edit", args=[group.pk]), {"name": "Récolement décennal", "description": "", "slug": "autre"})
    group.refresh_from_db()
    assert (group.name, group.slug) == ("Récolement décennal", "recolement")
    assert WorkingGroupForum.objects.get(group=group).forum.name == "Récolement décennal"
    assert AuditEvent.objects.get(action="working_group.changed").data == {"fields": ["name"]}


def test_a_group_lead_is_named_and_taken_out_through_the_services(cms, member_a):
    cms.post(reverse("working_groups:add"), {"name": "Médiation", "slug": "", "description": ""})
    group = WorkingGroup.objects.get()
    cms.post(reverse("working_groups:members", args=[group.pk]), {"user": member_a.pk, "role": "member"})
    cms.post(reverse("working_groups:member_role", args=[group.pk, member_a.pk]), {"role": "lead"})
    assert group.memberships.get(ended_at__isnull=True).role == "lead"
    cms.post(reverse("working_groups:member_leave", args=[group.pk, member_a.pk]))
    assert not group.memberships.filter(ended_at__isnull=True).exists()
    assert not permissions.is_in_working_group(User.objects.get(pk=member_a.pk), group)
    assert list(AuditEvent.objects.filter(object_type="extranet.workinggroup").values_list("action", flat=True)[:3]) == [
        "working_group.left", "working_group.role_changed", "working_group.joined",
    ]


def test_the_people_page_finds_a_person_by_name_with_their_museums(cms, museum_a, manager_a):
    other = make_member(museum_a, first_name="Zoé")
    response = cms.get(reverse("people:index"), {"q": "Hélène"})
    page = response.content.decode()
    assert manager_a.email in page and other.email not in page and "Louvre-Lens" in page


def test_the_people_page_costs_the_same_number_of_queries_for_5_or_25_people(cms, museum_a, museum_b):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from extranet import services
    from tests.factories import WorkingGroupFactory

    group = WorkingGroupFactory()

    def add(n):
        for _ in range(n):
            person = make_member(museum_a)
            services.membership_grant(user=person, museum=museum_b, role=Role.MANAGER, by=None)
            services.working_group_join(group=group, user=person, by=None)

    def count():
        cms.get(reverse("people:index"))  # warm: menus, sessions
        with CaptureQueriesContext(connection) as queries:
            assert cms.get(reverse("people:index")).status_code == 200
        return len(queries)

    add(5)
    few = count()
    add(20)
    assert count() == few
