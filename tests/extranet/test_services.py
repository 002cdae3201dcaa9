from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from extranet import permissions, services
from extranet.models import AuditEvent, Invitation, Membership, Role, User
from tests.factories import WorkingGroupFactory, make_member, make_user

pytestmark = pytest.mark.django_db(transaction=False)


def test_a_membership_gives_the_right_to_act_for_the_museum_and_only_that_one(museum_a, museum_b):
    user = make_member(museum_a)
    assert permissions.can_act_for_museum(user, museum_a)
    assert not permissions.can_act_for_museum(user, museum_b)
    assert not permissions.can_manage_staff(user, museum_a)


def test_a_manager_may_manage_the_staff_of_their_museum_only(manager_a, museum_a, museum_b):
    assert permissions.can_manage_staff(manager_a, museum_a)
    assert not permissions.can_manage_staff(manager_a, museum_b)
    assert list(permissions.museums_managed_by(manager_a)) == [museum_a]


def test_ending_a_membership_removes_access_at_once_but_keeps_the_history(manager_a, museum_a):
    member = make_member(museum_a)
    membership = Membership.objects.get(user=member, museum=museum_a)
    services.membership_end(membership=membership, by=manager_a)
    member = User.objects.get(pk=member.pk)  # a fresh object, as on the next request
    assert not permissions.can_act_for_museum(member, museum_a)
    membership.refresh_from_db()
    assert membership.ended_at is not None
    assert AuditEvent.objects.filter(action="membership.ended", actor=manager_a, museum=museum_a).exists()


def test_a_museum_keeps_at_least_one_manager(manager_a, museum_a):
    membership = Membership.objects.get(user=manager_a)
    with pytest.raises(ValidationError):
        services.membership_end(membership=membership, by=manager_a)
    with pytest.raises(ValidationError):
        services.membership_change_role(membership=membership, role=Role.MEMBER, by=manager_a)
    assert permissions.can_manage_staff(User.objects.get(pk=manager_a.pk), museum_a)


def test_promoting_a_member_to_manager_grants_staff_management(manager_a, museum_a):
    member = make_member(museum_a)
    services.membership_change_role(membership=Membership.objects.get(user=member), role=Role.MANAGER, by=manager_a)
    assert permissions.can_manage_staff(User.objects.get(pk=member.pk), museum_a)
    event = AuditEvent.objects.get(action="membership.role_changed")
    assert event.data == {"user": member.pk, "from": "member", "to": "manager"}


def test_a_coordinator_acts_for_every_museum(museum_a, museum_b):
    user = make_user()
    services.coordinator_set(user=user, is_coordinator=True, by=None)
    user = User.objects.get(pk=user.pk)
    assert permissions.can_manage_staff(user, museum_a) and permissions.can_manage_staff(user, museum_b)
    assert user.has_perm("wagtailadmin.access_admin")


def test_working_group_membership_follows_the_service():
    group = WorkingGroupFactory()
    user = make_user()
    services.working_group_join(group=group, user=user, by=None)
    assert permissions.is_in_working_group(User.objects.get(pk=user.pk), group)
    services.working_group_leave(group=group, user=user, by=None)
    assert not permissions.is_in_working_group(User.objects.get(pk=user.pk), group)
    assert list(AuditEvent.objects.filter(object_type="extranet.workinggroup").values_list("action", flat=True)) == [
        "working_group.left",
        "working_group.joined",
    ]


def test_access_hooks_are_called_on_every_membership_change(museum_a):
    seen = []

    def hook(user):
        seen.append(user.pk)

    services.register_access_hook(hook)
    try:
        user = make_member(museum_a)
        services.working_group_join(group=WorkingGroupFactory(), user=user, by=None)
    finally:
        services.access_changed_hooks.remove(hook)
    assert seen == [user.pk, user.pk]


class TestInvitations:
    def invite(self, manager, museum, email="nouvelle@test.example", role=Role.MEMBER):
        return services.invitation_create(email=email, museum=museum, role=role, by=manager)

    def test_an_invitation_is_emailed_with_a_link(self, manager_a, museum_a, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            _invitation, token = self.invite(manager_a, museum_a)
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["nouvelle@test.example"]
        assert f"/invitation/{token}/" in message.body
        assert "Louvre-Lens" in message.subject
        assert message.alternatives and f"/invitation/{token}/" in message.alternatives[0][0]

    def test_the_token_is_not_stored_in_clear(self, manager_a, museum_a):
        invitation, token = self.invite(manager_a, museum_a)
        assert token not in invitation.token_hash

    def test_the_link_works_once(self, manager_a, museum_a):
        _invitation, token = self.invite(manager_a, museum_a, role=Role.MANAGER)
        user = services.invitation_accept(token=token, first_name="Anne", last_name="Roy", password="un mot de passe solide")
        assert user.email == "nouvelle@test.example"
        assert permissions.can_manage_staff(User.objects.get(pk=user.pk), museum_a)
        with pytest.raises(services.InvitationError):
            services.invitation_accept(token=token, first_name="Eve", last_name="X", password="un autre mot de passe")
        assert User.objects.filter(email="nouvelle@test.example").count() == 1

    def test_the_link_expires(self, manager_a, museum_a, settings):
        invitation, token = self.invite(manager_a, museum_a)
        assert invitation.expires_at - invitation.created_at == timedelta(days=settings.INVITATION_TTL_DAYS) == timedelta(days=7)
        Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
        with pytest.raises(services.InvitationError):
            services.invitation_accept(token=token, first_name="Anne", last_name="Roy", password="un mot de passe solide")
        assert not User.objects.filter(email="nouvelle@test.example").exists()

    def test_a_withdrawn_invitation_cannot_be_used(self, manager_a, museum_a):
        invitation, token = self.invite(manager_a, museum_a)
        services.invitation_revoke(invitation=invitation, by=manager_a)
        with pytest.raises(services.InvitationError):
            services.invitation_lookup(token)

    def test_an_existing_member_accepts_while_signed_in(self, manager_a, museum_a, museum_b):
        other = make_member(museum_b)
        _invitation, token = self.invite(manager_a, museum_a, email=other.email)
        services.invitation_accept(token=token, user=other)
        other = User.objects.get(pk=other.pk)
        assert permissions.can_act_for_museum(other, museum_a) and permissions.can_act_for_museum(other, museum_b)

    def test_inviting_someone_already_on_the_staff_is_refused(self, manager_a, museum_a):
        colleague = make_member(museum_a)
        with pytest.raises(ValidationError):
            self.invite(manager_a, museum_a, email=colleague.email.upper())
        assert not Invitation.objects.exists()

    def test_every_step_is_in_the_audit_trail(self, manager_a, museum_a):
        _invitation, token = self.invite(manager_a, museum_a)
        services.invitation_accept(token=token, first_name="Anne", last_name="Roy", password="un mot de passe solide")
        actions = set(AuditEvent.objects.filter(museum=museum_a).values_list("action", flat=True))
        assert {"invitation.sent", "invitation.accepted", "membership.granted"} <= actions
