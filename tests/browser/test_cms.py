"""The demo coordinator runs the network from `/cms/` in a real browser, signed in with their password
and a TOTP code: a working group created (its forum there at once), a person invited to a museum,
the last manager's membership refused with the rule shown, a listing hidden (its museum told), a
kit booking approved. The screenshots of docs/editors.md are taken here (docs/images/editors/).
"""

import io
import re
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from machina.core.db.models import get_model
from PIL import Image
from playwright.sync_api import expect

from equipment_loans.exchange.kinds import EXCHANGE_MODERATION
from equipment_loans.exchange.models import Listing
from equipment_loans.models import Booking, BookingStatus
from extranet.models import Membership, Role, User, WorkingGroup
from forum.models import WorkingGroupForum
from notifications.models import Notification
from tests import totp

from .conftest import DEMO_PASSWORD

pytestmark = pytest.mark.browser

COORDINATOR = "coordination@demo.example"
DOCS_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images" / "editors"
PHONE = {"width": 390, "height": 844}


def shot(page, name: str, *, full_page: bool = False) -> None:
    """A small PNG for docs/editors.md: the page as the coordinator sees it, in 256 colours."""
    DOCS_IMAGES.mkdir(parents=True, exist_ok=True)
    image = Image.open(io.BytesIO(page.screenshot(full_page=full_page)))
    image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(DOCS_IMAGES / f"{name}.png", optimize=True)


def sign_in_with_totp(page, secret: str) -> None:
    """The real sign-in: address and password, then the code of the authenticator app."""
    page.goto("/accounts/login/?next=/cms/")
    page.locator("input[name=login]").fill(COORDINATOR)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("#login-submit").click()
    code = page.locator("input[name=code]")
    expect(code).to_be_visible()
    code.fill(totp.code(secret, totp.wait_for_a_fresh_step(10)))
    code.press("Enter")
    expect(page).to_have_url(re.compile(r"/cms/$"))


@pytest.fixture
def cms_page(new_context):
    coordinator = User.objects.get(email=COORDINATOR)
    secret = generate_totp_secret()
    TOTP.activate(coordinator, secret)
    page = new_context().new_page()
    sign_in_with_totp(page, secret)
    return page


def submit(page, label: str) -> None:
    page.get_by_role("button", name=label, exact=True).click()


def test_the_coordinator_runs_the_network_from_the_cms(cms_page, new_context):
    page = cms_page
    expect(page.locator("nav")).to_contain_text("Groupes de travail")
    shot(page, "tableau-de-bord")

    # 1. A working group created from Wagtail has its private forum at once.
    page.goto("/cms/working-groups/new/")
    page.locator("#id_name").fill("Récolement décennal")
    page.locator("#id_description").fill("Méthodes et outils du récolement, entre musées de France.")
    shot(page, "groupe-creation")
    page.locator("#w-editor-form button[type=submit]").first.click()
    expect(page.locator("h1, h2").filter(has_text="Récolement décennal").first).to_be_visible()
    group = WorkingGroup.objects.get(name="Récolement décennal")
    forum = WorkingGroupForum.objects.get(group=group).forum
    julien = User.objects.get(email="equipe.louvre-lens@demo.example")
    page.locator("#id_user").select_option(str(julien.pk))
    page.locator("#id_role").select_option("lead")
    submit(page, "Ajouter au groupe")
    expect(page.locator("table.listing")).to_contain_text("Julien Lefebvre")
    shot(page, "groupe-membres")
    page.goto("/espace/forum/")
    expect(page.get_by_role("link", name=forum.name).first).to_be_visible()

    # 2. A person invited to a museum gets the link by email.
    page.goto("/cms/museums/")
    page.get_by_role("link", name=re.compile(r"^Louvre-Lens")).first.click()
    page.get_by_role("button", name="Actions").click()
    page.get_by_role("link", name="Équipe").click()
    expect(page.locator("table.listing")).to_contain_text("Hélène Marchand")
    page.locator("#id_email").fill("nouvelle.regisseuse@musee.example")
    shot(page, "musee-equipe", full_page=True)
    submit(page, "Envoyer l'invitation")
    expect(page.locator(".messages")).to_contain_text("nouvelle.regisseuse@musee.example")
    expect(page.locator("body")).to_contain_text("Invitations pas encore acceptées")
    assert [m.to for m in mail.outbox if "Louvre-Lens" in m.subject][-1] == ["nouvelle.regisseuse@musee.example"]

    # 3. Ending the membership of La Piscine's only manager is refused, with the rule shown.
    piscine_manager = Membership.objects.get(user__email="gestion.la-piscine@demo.example", ended_at__isnull=True)
    page.goto(f"/cms/museums/{piscine_manager.museum_id}/staff/")
    row = page.locator("tr", has_text="Sophie Delattre")
    row.get_by_role("button", name=re.compile(r"^Retirer")).click()
    expect(page.locator(".messages")).to_contain_text("Un musée doit garder au moins un gestionnaire")
    shot(page, "regle-dernier-gestionnaire")
    piscine_manager.refresh_from_db()
    assert piscine_manager.is_active and piscine_manager.role == Role.MANAGER

    # 4. A listing hidden from the network: its museum is told why.
    listing = Listing.objects.get(title="Projecteurs LED sur rail")
    page.goto("/cms/exchange/")
    page.locator("tr", has_text="Projecteurs LED sur rail").get_by_role("link", name="Masquer").click()
    page.locator("#id_reason").fill("Les photos montrent un autre matériel : remplacez-les, puis écrivez-nous.")
    shot(page, "annonce-masquer")
    page.locator("#network-form button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("Projecteurs LED sur rail")
    expect(page.locator("tr", has_text="Projecteurs LED sur rail")).to_contain_text("masquée")
    listing.refresh_from_db()
    assert listing.hidden_at is not None
    staff = User.objects.filter(memberships__museum=listing.museum, memberships__ended_at__isnull=True)
    told = Notification.objects.filter(kind=EXCHANGE_MODERATION, recipient__in=staff)
    assert told.exists() and "remplacez-les" in told.first().body

    # 5. A kit booking approved from the queue.
    booking = Booking.objects.get(status=BookingStatus.REQUESTED, museum=piscine_manager.museum)
    page.goto("/cms/kit/bookings/")
    shot(page, "kit-file-attente", full_page=True)
    page.locator("tr", has_text=f"n° {booking.pk}").get_by_role("link", name="Approuver").click()
    page.locator("#id_message").fill("Retrait à la réserve de Lille, mardi 9 h.")
    page.locator("#network-form button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text(f"n° {booking.pk}")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.APPROVED

    # The forums, to close one.
    page.goto("/cms/forums/")
    shot(page, "forums")

    # On a phone, the same pages.
    phone = new_context(viewport=PHONE, storage_state=page.context.storage_state()).new_page()
    phone.goto(f"/cms/museums/{piscine_manager.museum_id}/staff/")
    expect(phone.locator("table.listing")).to_contain_text("Sophie Delattre")
    phone.screenshot(path=str(Path(__file__).resolve().parents[2] / "test-artifacts" / "cms-staff-phone.png"), full_page=True)


def test_the_forum_of_a_group_created_in_the_cms_is_closed_to_people_outside_it(cms_page, new_context, member_state):
    page = cms_page
    page.goto("/cms/working-groups/new/")
    page.locator("#id_name").fill("Groupe confidentiel")
    page.locator("#w-editor-form button[type=submit]").first.click()
    expect(page.locator("h1, h2").filter(has_text="Groupe confidentiel").first).to_be_visible()
    forum = WorkingGroupForum.objects.get(group__name="Groupe confidentiel").forum
    member = new_context(storage_state=member_state).new_page()
    response = member.goto(f"/espace/forum/forum/{forum.slug}-{forum.pk}/")
    assert response.status == 404
    assert get_model("forum", "Forum").objects.filter(pk=forum.pk).exists()
