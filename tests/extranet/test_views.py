import pytest
from django.core import mail
from django.urls import reverse

from extranet import services
from extranet.models import Invitation, Membership, Role, User, Visibility
from tests.factories import PASSWORD, WorkingGroupFactory, make_member, make_user

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


class TestLoginRequired:
    @pytest.mark.parametrize(
        "url",
        ["/espace/", "/espace/musees/", "/espace/musees/louvre-lens/", "/espace/musees/louvre-lens/equipe/", "/espace/membres/",
         "/espace/profil/", "/espace/groupes/"],
    )
    def test_an_anonymous_visitor_is_sent_to_the_login_page(self, client, museum_a, url):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")

    def test_the_public_home_page_needs_no_login(self, client, demo):
        response = client.get("/")
        assert response.status_code == 200
        assert "Musenor" in response.content.decode()

    def test_the_login_page_offers_no_self_signup(self, client):
        response = client.get("/accounts/login/")
        assert response.status_code == 200
        assert reverse("account_signup") not in response.content.decode()


class TestStaffManagementIsolation:
    def test_a_manager_of_another_museum_gets_404_and_changes_nothing(self, client, museum_a, manager_a, manager_b, member_a):
        membership = Membership.objects.get(user=member_a)
        login(client, manager_b)
        invitation, _token = services.invitation_create(email="x@test.example", museum=museum_a, role=Role.MEMBER, by=manager_a)
        urls_get = [reverse("staff_manage", args=[museum_a.slug])]
        urls_post = [
            (reverse("staff_manage", args=[museum_a.slug]), {"email": "intrus@test.example", "role": "manager"}),
            (reverse("staff_role", args=[museum_a.slug, membership.pk]), {"role": "manager"}),
            (reverse("staff_remove", args=[museum_a.slug, membership.pk]), {}),
            (reverse("invitation_revoke", args=[museum_a.slug, invitation.pk]), {}),
        ]
        for url in urls_get:
            assert client.get(url).status_code == 404
        for url, data in urls_post:
            assert client.post(url, data).status_code == 404
        membership.refresh_from_db()
        invitation.refresh_from_db()
        assert membership.role == Role.MEMBER and membership.ended_at is None
        assert invitation.revoked_at is None
        assert not Invitation.objects.filter(email="intrus@test.example").exists()

    def test_a_plain_member_gets_404_on_their_own_museums_staff_management(self, client, museum_a, member_a):
        login(client, member_a)
        assert client.get(reverse("staff_manage", args=[museum_a.slug])).status_code == 404

    def test_a_membership_of_another_museum_cannot_be_reached_through_ones_own_museum(self, client, museum_a, manager_a, manager_b):
        other = Membership.objects.get(user=manager_b)
        login(client, manager_a)
        assert client.post(reverse("staff_remove", args=[museum_a.slug, other.pk])).status_code == 404
        other.refresh_from_db()
        assert other.ended_at is None


class TestStaffManagement:
    def test_a_manager_invites_a_colleague(self, client, museum_a, manager_a, django_capture_on_commit_callbacks):
        login(client, manager_a)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("staff_manage", args=[museum_a.slug]), {"email": "claire@test.example", "role": "member"}, follow=True
            )
        assert response.status_code == 200
        assert "claire@test.example" in response.content.decode()
        assert Invitation.objects.filter(email="claire@test.example", museum=museum_a).exists()
        assert mail.outbox[0].to == ["claire@test.example"]

    def test_a_bad_address_gets_a_message_in_french_and_stores_nothing(self, client, museum_a, manager_a):
        login(client, manager_a)
        response = client.post(reverse("staff_manage", args=[museum_a.slug]), {"email": "pas-une-adresse", "role": "member"})
        assert response.status_code == 200
        assert "Saisissez une adresse de courriel valide" in response.content.decode()
        assert not Invitation.objects.exists()
        assert not mail.outbox

    def test_a_manager_changes_a_role_and_removes_a_colleague(self, client, museum_a, manager_a, member_a):
        membership = Membership.objects.get(user=member_a)
        login(client, manager_a)
        client.post(reverse("staff_role", args=[museum_a.slug, membership.pk]), {"role": "manager"})
        membership.refresh_from_db()
        assert membership.role == Role.MANAGER
        client.post(reverse("staff_remove", args=[museum_a.slug, membership.pk]))
        membership.refresh_from_db()
        assert membership.ended_at is not None
        page = client.get(reverse("museum_detail", args=[museum_a.slug])).content.decode()
        assert reverse("profile_detail", args=[member_a.pk]) not in page
        assert reverse("profile_detail", args=[manager_a.pk]) in page

    def test_removing_the_last_manager_is_refused_with_a_message(self, client, museum_a, manager_a):
        membership = Membership.objects.get(user=manager_a)
        login(client, manager_a)
        response = client.post(reverse("staff_remove", args=[museum_a.slug, membership.pk]), follow=True)
        assert "au moins un" in response.content.decode()
        membership.refresh_from_db()
        assert membership.ended_at is None


class TestInvitationLink:
    def test_an_invited_person_sets_a_password_and_lands_in_the_members_space(self, client, museum_a, manager_a):
        _invitation, token = services.invitation_create(email="anne@test.example", museum=museum_a, role=Role.MEMBER, by=manager_a)
        url = reverse("invitation_accept", args=[token])
        page = client.get(url)
        assert page.status_code == 200 and "anne@test.example" in page.content.decode()
        response = client.post(
            url, {"first_name": "Anne", "last_name": "Roy", "password1": "Conservation-2026", "password2": "Conservation-2026"}
        )
        assert response.status_code == 302 and response["Location"] == reverse("dashboard")
        dashboard = client.get(reverse("dashboard")).content.decode()
        assert "Louvre-Lens" in dashboard
        client.logout()
        assert client.get(url).status_code == 410  # works once

    def test_mismatched_passwords_create_nothing(self, client, museum_a, manager_a):
        _invitation, token = services.invitation_create(email="anne@test.example", museum=museum_a, role=Role.MEMBER, by=manager_a)
        response = client.post(
            reverse("invitation_accept", args=[token]),
            {"first_name": "Anne", "last_name": "Roy", "password1": "Conservation-2026", "password2": "Autre-chose-2026"},
        )
        assert response.status_code == 200
        assert "Les deux mots de passe" in response.content.decode()
        assert not User.objects.filter(email="anne@test.example").exists()
        assert services.invitation_lookup(token)  # still usable

    def test_an_unknown_link_says_it_cannot_be_used(self, client):
        response = client.get(reverse("invitation_accept", args=["nimportequoi"]))
        assert response.status_code == 410


class TestDashboard:
    def test_a_member_sees_their_museum_colleagues_and_groups(self, client, museum_a, member_a, manager_a):
        group = WorkingGroupFactory(name="Médiation")
        services.working_group_join(group=group, user=member_a, by=None)
        login(client, member_a)
        page = client.get(reverse("dashboard")).content.decode()
        assert "Louvre-Lens" in page
        assert manager_a.last_name in page
        assert "Médiation" in page

    def test_panels_without_content_are_not_shown(self, client, db):
        loner = make_user()
        login(client, loner)
        page = client.get(reverse("dashboard")).content.decode()
        assert 'class="panel"' not in page
        assert 'id="panel-' not in page

    def test_the_dashboard_query_count_does_not_grow_with_colleagues(self, client, museum_a, member_a):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        login(client, member_a)
        client.get(reverse("dashboard"))  # warm per-process caches (content types, kinds)

        def count():
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse("dashboard")).status_code == 200
            return len(queries)

        few = count()
        for _ in range(15):
            make_member(museum_a)
        assert count() == few
        # Every capability adds at most one or two queries for its panel.
        assert few <= 20


class TestMuseumDirectory:
    def test_the_directory_lists_the_90_museums_and_filters_them(self, client, demo):
        login(client, User.objects.get(email="equipe.louvre-lens@demo.example"))
        page = client.get(reverse("museum_list"))
        assert len(page.context["museums"]) == 90
        somme = client.get(reverse("museum_list"), {"department": "80"}).context["museums"]
        assert somme and all(m.department_code == "80" for m in somme)
        found = [m.name for m in client.get(reverse("museum_list"), {"q": "musee de picardie"}).context["museums"]]
        assert "Musée de Picardie" in found  # accents and case ignored
        assert all("Picardie" in name for name in found)
        assert [m.name for m in client.get(reverse("museum_list"), {"q": "picardie amiens"}).context["museums"]] == ["Musée de Picardie"]
        by_town = client.get(reverse("museum_list"), {"q": "ROUBAIX"}).context["museums"]
        assert "La Piscine" in [m.name for m in by_town]

    def test_the_directory_query_count_is_bounded(self, client, demo, django_assert_max_num_queries):
        login(client, User.objects.get(email="equipe.louvre-lens@demo.example"))
        with django_assert_max_num_queries(10):
            client.get(reverse("museum_list"))

    def test_a_museum_page_shows_its_staff_to_members(self, client, museum_a, manager_a, member_b=None):
        visitor = make_user()
        login(client, visitor)
        page = client.get(reverse("museum_detail", args=[museum_a.slug])).content.decode()
        assert manager_a.last_name in page


class TestProfiles:
    def test_a_hidden_email_address_is_not_shown(self, client, museum_a, museum_b, member_a):
        profile = member_a.profile
        profile.email_visibility = Visibility.NOBODY
        profile.save()
        outsider = make_member(museum_b)
        login(client, outsider)
        for url in (reverse("profile_detail", args=[member_a.pk]), reverse("museum_detail", args=[museum_a.slug])):
            assert member_a.email not in client.get(url).content.decode()

    def test_an_address_visible_to_colleagues_only(self, client, museum_a, museum_b, member_a):
        member_a.profile.email_visibility = Visibility.MUSEUM
        member_a.profile.save()
        colleague, outsider = make_member(museum_a), make_member(museum_b)
        url = reverse("profile_detail", args=[member_a.pk])
        assert member_a.email in login(client, colleague).get(url).content.decode()
        assert member_a.email not in login(client, outsider).get(url).content.decode()

    def test_a_member_edits_their_profile(self, client, member_a):
        login(client, member_a)
        response = client.post(
            reverse("profile_edit"),
            {"first_name": "Julien", "last_name": "Lefebvre", "job_title": "Régisseur", "bio": "", "languages": "français",
             "phone": "", "email_visibility": "network", "phone_visibility": "museum"},
        )
        assert response.status_code == 302
        assert "Régisseur" in client.get(reverse("profile_detail", args=[member_a.pk])).content.decode()


class TestWorkingGroups:
    def test_only_coordinators_manage_group_members(self, client, member_a):
        group = WorkingGroupFactory()
        login(client, member_a)
        assert client.post(reverse("working_group_detail", args=[group.slug]), {"user": member_a.pk, "role": "member"}).status_code == 404
        assert not group.memberships.exists()

    def test_a_coordinator_adds_and_removes_a_member(self, client, member_a):
        from tests.factories import make_coordinator

        coordinator = make_coordinator()
        group = WorkingGroupFactory()
        client.force_login(coordinator)
        session = client.session
        session.save()
        # Coordinators must have two-factor auth; give them a TOTP authenticator.
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        TOTP.activate(coordinator, generate_totp_secret())
        client.post(reverse("working_group_detail", args=[group.slug]), {"user": member_a.pk, "role": "lead"})
        assert group.memberships.filter(user=member_a, role="lead", ended_at__isnull=True).exists()
        client.post(reverse("working_group_remove", args=[group.slug, member_a.pk]))
        assert not group.memberships.filter(user=member_a, ended_at__isnull=True).exists()


def test_password_for_tests_is_usable(db):
    user = make_user()
    assert user.check_password(PASSWORD)


def test_a_signed_in_member_cannot_use_an_invitation_sent_to_someone_else(client, museum_a, museum_b, manager_a):
    from extranet import permissions

    outsider = make_member(museum_b)
    _invitation, token = services.invitation_create(email="quelquun@test.example", museum=museum_a, role=Role.MANAGER, by=manager_a)
    login(client, outsider)
    assert client.post(reverse("invitation_accept", args=[token])).status_code == 403
    assert not permissions.can_act_for_museum(User.objects.get(pk=outsider.pk), museum_a)
    assert services.invitation_lookup(token)  # still usable by the right person


class TestProfilePhoto:
    @property
    def PNG(self):
        import io

        from PIL import Image

        buffer = io.BytesIO()
        Image.new("RGB", (4, 4), (122, 31, 61)).save(buffer, "PNG")
        return buffer.getvalue()

    def upload(self, client, member):
        from django.core.files.uploadedfile import SimpleUploadedFile

        login(client, member)
        return client.post(
            reverse("profile_edit"),
            {"first_name": "Julien", "last_name": "Lefebvre", "job_title": "", "bio": "", "languages": "", "phone": "",
             "email_visibility": "network", "phone_visibility": "museum", "photo": SimpleUploadedFile("moi.png", self.PNG, "image/png")},
        )

    def test_a_photo_is_shown_to_members_and_never_from_the_public_media_folder(self, client, member_a, settings):
        assert self.upload(client, member_a).status_code == 302
        member_a.profile.refresh_from_db()
        stored = settings.PRIVATE_MEDIA_ROOT / member_a.profile.photo.name
        assert stored.exists()
        assert not (settings.MEDIA_ROOT / member_a.profile.photo.name).exists()
        response = client.get(reverse("profile_photo", args=[member_a.pk]))
        assert response.status_code == 200 and b"".join(response.streaming_content) == self.PNG
        client.logout()
        anonymous = client.get(reverse("profile_photo", args=[member_a.pk]))
        assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")

    def test_in_production_nginx_sends_the_file(self, client, member_a, settings):
        self.upload(client, member_a)
        settings.PRIVATE_MEDIA_X_ACCEL_PREFIX = "/protected-media/"
        response = client.get(reverse("profile_photo", args=[member_a.pk]))
        assert response["X-Accel-Redirect"].startswith("/protected-media/profiles/")
        assert response.content == b""


def test_managers_are_listed_first_on_a_museum_page(client, museum_a):
    member = make_member(museum_a, last_name="Aaron")
    manager = make_member(museum_a, role=Role.MANAGER, last_name="Zola")
    login(client, member)
    staff = client.get(reverse("museum_detail", args=[museum_a.slug])).context["staff"]
    assert [m.user for m in staff] == [manager, member]
