"""Every area of `/cms/` a coordinator needs answers 200 to a coordinator and is refused to a museum
manager, a member, and an editor who may enter the Wagtail admin without being a coordinator.

`test_every_network_admin_url_is_swept` fails when a URL is added to one of the project's admin
areas (the viewsets of extranet, forum, equipment_loans, exchange) without an entry here.
"""

from types import SimpleNamespace

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from machina.core.db.models import get_model

from equipment_loans.models import KitItemType, KitUnit
from extranet import services
from extranet.models import Membership, Role
from forum.services import network_forums_ensure
from tests.equipment_loans.conftest import request_booking
from tests.exchange.conftest import publish_offer
from tests.factories import MuseumFactory, WorkingGroupFactory, make_coordinator, make_member

pytestmark = pytest.mark.django_db

NETWORK_NAMESPACES = ("museums", "people", "working_groups", "forums", "kit_bookings", "exchange_moderation", "audit_trail")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction rolled back at the end (each test runs in a
    savepoint of its own)."""
    with django_db_blocker.unblock():
        block = transaction.atomic()
        block.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            block.__exit__(None, None, None)


def build_world():
    coordinator = make_coordinator(first_name="Camille")
    museum = MuseumFactory(name="La Piscine", slug="la-piscine", city="Roubaix")
    manager = make_member(museum, role=Role.MANAGER, first_name="Sophie")
    member = make_member(museum, first_name="Paul")
    group = WorkingGroupFactory(name="Médiation", slug="mediation")
    services.working_group_join(group=group, user=member, by=None)
    network_forums_ensure()
    item_type = KitItemType.objects.create(name="Thermo-hygromètre", slug="thermo-hygrometre")
    KitUnit.objects.create(item_type=item_type, inventory_number="TH-01")
    booking = request_booking(museum, manager, item_types={item_type: 1})
    listing = publish_offer(museum, manager, title="Socles en plexiglas")
    invitation, _token = services.invitation_create(email="nouvelle@piscine.example", museum=museum, role=Role.MEMBER,
                                                    by=manager)
    # Someone who may enter the Wagtail admin (as a working group's lead editing the group's page
    # will) but is not a coordinator.
    editor = make_member(museum, first_name="Inès")
    editors = Group.objects.create(name="Rédacteurs (test)")
    editors.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    editor.groups.add(editors)
    for user in (coordinator, editor):
        TOTP.activate(user, generate_totp_secret())  # the admin requires two-factor auth
    return SimpleNamespace(
        coordinator=coordinator, museum=museum, manager=manager, member=member, editor=editor, group=group,
        forum=get_model("forum", "Forum").objects.filter(type=0).first(), booking=booking, listing=listing,
        membership=Membership.objects.get(user=member, museum=museum), invitation=invitation,
        audit=services.audit_record(action="test.sweep"),
    )


# url name -> kwargs from the world (GET pages: 200 for a coordinator)
PAGES = {
    "wagtailadmin_home": lambda w: {},
    "wagtailadmin_explore_root": lambda w: {},
    "wagtailimages:index": lambda w: {},
    "wagtaildocs:index": lambda w: {},
    "wagtailsnippets:index": lambda w: {},
    "wagtailadmin_collections:index": lambda w: {},
    "wagtailadmin_reports:workflow": lambda w: {},
    "museums:index": lambda w: {},
    "museums:index_results": lambda w: {},
    "museums:add": lambda w: {},
    "museums:edit": lambda w: {"pk": w.museum.pk},
    "museums:history": lambda w: {"pk": w.museum.pk},
    "museums:history_results": lambda w: {"pk": w.museum.pk},
    "museums:usage": lambda w: {"pk": w.museum.pk},
    "museums:staff": lambda w: {"pk": w.museum.pk},
    "people:index": lambda w: {},
    "people:person": lambda w: {"pk": w.member.pk},
    "people:invite": lambda w: {},
    "working_groups:index": lambda w: {},
    "working_groups:index_results": lambda w: {},
    "working_groups:add": lambda w: {},
    "working_groups:edit": lambda w: {"pk": w.group.pk},
    "working_groups:history": lambda w: {"pk": w.group.pk},
    "working_groups:history_results": lambda w: {"pk": w.group.pk},
    "working_groups:usage": lambda w: {"pk": w.group.pk},
    "working_groups:members": lambda w: {"pk": w.group.pk},
    "forums:index": lambda w: {},
    "forums:add": lambda w: {},
    "forums:edit": lambda w: {"pk": w.forum.pk},
    "kit_bookings:index": lambda w: {},
    "kit_bookings:action": lambda w: {"pk": w.booking.pk, "action": "approve"},
    "exchange_moderation:index": lambda w: {},
    "exchange_moderation:hide": lambda w: {"pk": w.listing.pk},
    "audit_trail:index": lambda w: {},
    "audit_trail:index_results": lambda w: {},
    "audit_trail:inspect": lambda w: {"pk": w.audit.pk},
}

# Buttons (POST only) -> kwargs and data; each would change something if it let the wrong person through.
ACTIONS = {
    "people:coordinator": (lambda w: {"pk": w.member.pk}, {"is_coordinator": "1"}),
    "people:membership_role": (lambda w: {"pk": w.membership.pk}, {"role": Role.MANAGER}),
    "people:membership_end": (lambda w: {"pk": w.membership.pk}, {}),
    "people:invitation_revoke": (lambda w: {"pk": w.invitation.pk}, {}),
    "working_groups:member_role": (lambda w: {"pk": w.group.pk, "user_id": w.member.pk}, {"role": "lead"}),
    "working_groups:member_leave": (lambda w: {"pk": w.group.pk, "user_id": w.member.pk}, {}),
    "forums:close": (lambda w: {"pk": w.forum.pk}, {}),
    "forums:reopen": (lambda w: {"pk": w.forum.pk}, {}),
    "exchange_moderation:unhide": (lambda w: {"pk": w.listing.pk}, {}),
}

# Pages that exist but are refused to everyone, coordinators included, each with its reason.
NOBODY = {
    "museums:delete": "museums are never deleted (memberships, bookings and listings hang on them)",
    "working_groups:delete": "working groups are never deleted (their history, forum and page hang on them)",
    "audit_trail:add": "the audit trail is read-only",
    "audit_trail:edit": "the audit trail is read-only",
    "audit_trail:delete": "the audit trail is read-only",
    "audit_trail:history": "Wagtail's edit history of an audit event: there is none, events are never edited",
    "audit_trail:history_results": "Wagtail's edit history of an audit event: there is none, events are never edited",
    "audit_trail:usage": "where an audit event is used: nowhere, nothing points to events",
}
NOBODY_KWARGS = {
    "museums:delete": lambda w: {"pk": w.museum.pk},
    "working_groups:delete": lambda w: {"pk": w.group.pk},
    "audit_trail:add": lambda w: {},
    "audit_trail:edit": lambda w: {"pk": w.audit.pk},
    "audit_trail:delete": lambda w: {"pk": w.audit.pk},
    "audit_trail:history": lambda w: {"pk": w.audit.pk},
    "audit_trail:history_results": lambda w: {"pk": w.audit.pk},
    "audit_trail:usage": lambda w: {"pk": w.audit.pk},
}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def refused(response) -> bool:
    """Wagtail refuses without admin access (to the login page) or without the permission (to its
    dashboard with "no permission"); our views may also answer 404."""
    if response.status_code in (403, 404):
        return True
    if response.status_code != 302:
        return False
    location = response["Location"]
    if location.startswith(reverse("account_login")) or location.startswith("/cms/login/"):
        return True
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    return location == reverse("wagtailadmin_home") and any("autorisation" in t or "permission" in t for t in texts)


def _routes():
    def walk(resolver, namespace=""):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern, namespace + (f"{pattern.namespace}:" if pattern.namespace else ""))
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield namespace + pattern.name

    return set(walk(get_resolver()))


def test_every_network_admin_url_is_swept():
    """A URL of the project's admin areas is a page, a button or refused to all, here."""
    ours = {name for name in _routes() if name.split(":")[0] in NETWORK_NAMESPACES}
    assert ours, "no admin area found: have the viewsets moved?"
    covered = set(PAGES) | set(ACTIONS) | set(NOBODY)
    assert not sorted(ours - covered), f"admin URLs with no entry in the sweep: {sorted(ours - covered)}"


@pytest.mark.parametrize("name", sorted(PAGES))
def test_a_coordinator_opens_every_area_they_need(world, name):
    response = _client(world.coordinator).get(reverse(name, kwargs=PAGES[name](world)))
    assert response.status_code == 200, (name, response.status_code, response.get("Location"))


@pytest.mark.parametrize("who", ["manager", "member", "editor"])
@pytest.mark.parametrize("name", sorted(set(PAGES) - {"wagtailadmin_home"}))
def test_the_areas_are_refused_to_managers_members_and_other_editors(world, name, who):
    if who == "editor" and name.startswith(("wagtailadmin_explore", "wagtailadmin_reports")):
        pytest.skip("Wagtail's own page areas answer an editor with what their page permissions allow")
    response = _client(getattr(world, who)).get(reverse(name, kwargs=PAGES[name](world)))
    assert refused(response), (name, who, response.status_code, response.get("Location"))


def test_the_admin_dashboard_is_refused_to_managers_and_members(world):
    for user in (world.manager, world.member):
        assert refused(_client(user).get(reverse("wagtailadmin_home")))


def _state(world):
    from equipment_loans.exchange.models import Listing
    from extranet.models import AuditEvent, Invitation, Profile, WorkingGroupMembership

    return (
        list(Membership.objects.order_by("pk").values_list("pk", "role", "ended_at")),
        list(WorkingGroupMembership.objects.order_by("pk").values_list("pk", "role", "ended_at")),
        list(Profile.objects.filter(is_coordinator=True).values_list("pk", flat=True)),
        list(Invitation.objects.order_by("pk").values_list("pk", "revoked_at")),
        list(get_model("forum_conversation", "Topic").objects.values_list("pk", "status")),
        list(Listing.objects.values_list("pk", "hidden_at")),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize("who", ["manager", "member", "editor"])
@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_the_buttons_change_nothing_for_managers_members_and_other_editors(world, name, who):
    kwargs, data = ACTIONS[name]
    client = _client(getattr(world, who))  # signing in is recorded: before the snapshot
    before = _state(world)
    response = client.post(reverse(name, kwargs=kwargs(world)), data)
    assert refused(response), (name, who, response.status_code)
    assert _state(world) == before


@pytest.mark.parametrize("name", sorted(NOBODY))
def test_deleting_museums_or_groups_and_editing_the_audit_trail_is_refused_even_to_coordinators(world, name):
    client = _client(world.coordinator)
    url = reverse(name, kwargs=NOBODY_KWARGS[name](world))
    assert refused(client.get(url)) and refused(client.post(url, {}))
    assert world.museum.__class__.objects.filter(pk=world.museum.pk).exists()
    assert world.group.__class__.objects.filter(pk=world.group.pk).exists()


def test_the_django_admin_refuses_a_coordinator_who_is_not_a_superuser(world):
    client = _client(world.coordinator)
    response = client.get("/django-admin/", follow=True)
    assert response.status_code == 403
    assert client.get("/django-admin/extranet/user/").status_code in (302, 403)
    assert client.get("/django-admin/extranet/user/", follow=True).status_code == 403


def test_the_django_admin_refuses_staff_who_are_not_superusers(world):
    world.manager.is_staff = True
    world.manager.save(update_fields=["is_staff"])
    TOTP.activate(world.manager, generate_totp_secret())
    response = _client(world.manager).get("/django-admin/extranet/user/", follow=True)
    assert response.status_code == 200
    assert "extranet/user/change" not in response.content.decode() and response.request["PATH_INFO"].endswith("/login/")
