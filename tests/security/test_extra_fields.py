"""Fields added by hand to a form (`museum`, `status`, `is_staff`, `reserved_by`...) are ignored:
what is created belongs to the poster's museum, starts in its initial status, and nobody gains a
flag or a role. Where `museum` is a real field of the form, another museum is refused."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from equipment_loans.exchange.models import Listing, ListingStatus
from equipment_loans.models import Booking, BookingStatus
from extranet.models import Membership, Role
from resources.models import Document, Exhibition
from skills_directory.models import ExpertQuestion, QuestionStatus
from tests.resources.conftest import pdf_upload

TODAY = timezone.localdate()
User = get_user_model()


def hostile(world, **overrides):
    """Fields no form offers, pointing at museum B and its people."""
    data = {
        "museum": world.museum_b.pk, "status": "approved", "is_staff": "on", "is_superuser": "on",
        "is_coordinator": "on", "reserved_by": world.manager_b.pk, "requested_by": world.manager_b.pk,
        "uploaded_by": world.manager_b.pk, "created_by": world.manager_b.pk, "asker": world.manager_b.pk,
        "user": world.manager_b.pk, "role": Role.MANAGER, "quantity_promised": "3", "published_at": "2020-01-01",
    }
    data.update(overrides)
    return data


@pytest.fixture
def poster(world, db):
    client = Client()
    client.force_login(world.member_a)
    return client


def errors(response):
    """The form errors of a page answered again, for the failure message."""
    form = response.context.get("form") if response.context else None
    return form.errors.as_json() if form is not None else response.status_code


def assert_no_escalation(world):
    for user in (world.member_a, world.manager_b):
        user.refresh_from_db()
        assert not user.is_staff and not user.is_superuser
        assert not user.profile.is_coordinator
    assert Membership.objects.get(user=world.member_a, ended_at__isnull=True).role == Role.MEMBER
    assert not Membership.objects.filter(user=world.member_a, museum=world.museum_b).exists()


def test_profile_edit_ignores_flags(world, poster):
    response = poster.post(reverse("profile_edit"), hostile(
        world, first_name="Julien", last_name="Martin", job_title="Régisseur", bio="", languages="",
        phone="", email_visibility="network", phone_visibility="network",
    ))
    assert response.status_code == 302, errors(response)
    world.member_a.profile.refresh_from_db()
    assert world.member_a.profile.job_title == "Régisseur"
    assert_no_escalation(world)


def test_kit_booking_request_is_for_the_posters_museum_and_requested(world, poster):
    before = Booking.objects.count()
    data = {
        "pickup_date": (TODAY + datetime.timedelta(days=20)).isoformat(),
        "return_date": (TODAY + datetime.timedelta(days=22)).isoformat(),
        "purpose": "Mesures", "contact": "Julien 03 21", f"qty_{world.item_type.pk}": "1",
        f"quantity_{world.item_type.pk}": "1", "units": [world.item_type.units.first().pk],
    }
    # Museum B is not one the poster acts for: refused, nothing booked.
    response = poster.post(reverse("equipment_loans:booking_request"), hostile(world, **data))
    assert response.status_code == 200
    assert Booking.objects.count() == before
    # Their own museum, with the other hand-added fields: booked for A, status requested.
    response = poster.post(reverse("equipment_loans:booking_request"), hostile(world, **data, museum=world.museum_a.pk))
    assert response.status_code == 302, errors(response)
    booking = Booking.objects.latest("pk")
    assert (booking.museum, booking.requested_by, booking.status) == (
        world.museum_a, world.member_a, BookingStatus.REQUESTED
    )
    assert_no_escalation(world)


LISTING = {
    "kind": "offer", "offer_type": "donation", "category": "showcases", "title": "Vitrine basse",
    "description": "Une vitrine.", "quantity": "2", "material": "glass", "condition": "good",
}


def test_listing_create_and_edit_keep_museum_and_status(world, poster):
    url = reverse("exchange:create", kwargs={"slug": world.museum_a.slug})
    response = poster.post(url, hostile(world, **LISTING))
    assert response.status_code == 302, errors(response)
    listing = Listing.objects.latest("pk")
    assert (listing.museum, listing.created_by, listing.status, listing.quantity_promised) == (
        world.museum_a, world.member_a, ListingStatus.DRAFT, 0
    )
    edit = reverse("exchange:edit", kwargs={"pk": listing.pk})
    response = poster.post(edit, hostile(world, **{**LISTING, "title": "Vitrine basse (2)"}, status="published"))
    assert response.status_code == 302, errors(response)
    listing.refresh_from_db()
    assert listing.title == "Vitrine basse (2)"
    assert (listing.museum, listing.created_by, listing.status) == (world.museum_a, world.member_a, ListingStatus.DRAFT)
    assert_no_escalation(world)


DOCUMENT = {
    "title": "Compte rendu", "kind": "administrative", "language": "fr", "visibility": "museum",
    "date": TODAY.isoformat(),
}


def test_document_upload_and_edit_keep_uploader_and_refuse_another_museum(world, poster):
    url = reverse("resources:document_create")
    before = Document.objects.count()
    response = poster.post(url, hostile(world, **DOCUMENT, file=pdf_upload()))
    assert response.status_code == 200  # museum B is not one of the poster's
    assert Document.objects.count() == before
    response = poster.post(url, hostile(world, **DOCUMENT, museum=world.museum_a.pk, file=pdf_upload()))
    assert response.status_code == 302, errors(response)
    document = Document.objects.latest("pk")
    assert (document.museum, document.uploaded_by) == (world.museum_a, world.member_a)
    edit = reverse("resources:document_edit", kwargs={"pk": document.pk})
    response = poster.post(edit, hostile(world, **{**DOCUMENT, "title": "Compte rendu (2)"}))
    document.refresh_from_db()
    assert (document.museum, document.uploaded_by) == (world.museum_a, world.member_a)
    assert response.status_code in (200, 302)
    assert_no_escalation(world)


EXHIBITION = {"title": "Exposition d'été", "description": "Textiles", "link": "https://musee.example/ete"}


def test_exhibition_create_refuses_another_museum_and_keeps_author(world, poster):
    url = reverse("resources:exhibition_create")
    dates = {"start": TODAY.isoformat(), "end": (TODAY + datetime.timedelta(days=40)).isoformat()}
    before = Exhibition.objects.count()
    assert poster.post(url, hostile(world, **EXHIBITION, **dates)).status_code == 200
    assert Exhibition.objects.count() == before
    response = poster.post(url, hostile(world, **EXHIBITION, **dates, museum=world.museum_a.pk))
    assert response.status_code == 302, errors(response)
    exhibition = Exhibition.objects.latest("pk")
    assert (exhibition.museum, exhibition.created_by) == (world.museum_a, world.member_a)
    assert_no_escalation(world)


def test_expert_question_is_asked_by_the_poster_and_pending(world, poster):
    url = reverse("skills_directory:ask", kwargs={"user_id": world.expert_b.pk})
    response = poster.post(url, hostile(
        world, skill=world.skill.pk, subject="Anoxie", message="Quelle durée ?", expert=world.member_b.pk,
        answer="Déjà répondu",
    ))
    assert response.status_code == 302, errors(response)
    question = ExpertQuestion.objects.latest("pk")
    assert (question.asker, question.expert, question.status, question.answer) == (
        world.member_a, world.expert_b, QuestionStatus.PENDING, ""
    )
    assert_no_escalation(world)
