"""Exchange moderation from `/cms/`: a coordinator hides a listing from the network, its museum is
told why through the notifications, and shows it again; recorded in the audit trail."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from django.urls import reverse

from equipment_loans.exchange import services
from equipment_loans.exchange.kinds import EXCHANGE_MODERATION
from equipment_loans.exchange.models import Listing, ListingEvent
from extranet.models import AuditEvent
from notifications.models import Notification
from search.registry import Visibility
from tests.factories import make_coordinator

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


def hide(cms, listing, reason="Photo sans rapport avec le matériel."):
    return cms.post(reverse("exchange_moderation:hide", args=[listing.pk]), {"reason": reason})


def test_a_hidden_listing_disappears_for_other_museums_and_its_owner_is_told_why(
    cms, coordinator, offer, manager_a, manager_b, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = hide(cms, offer)
    assert response["Location"] == reverse("exchange_moderation:index")
    note = Notification.objects.get(recipient=manager_a, kind=EXCHANGE_MODERATION)
    assert "Vitrine haute climatisable" in note.title and note.body == "Photo sans rapport avec le matériel."
    client = Client()  # not the coordinator's: their "hidden" message would show on the next page
    client.force_login(manager_b)
    assert client.get(offer.get_absolute_url()).status_code == 404
    assert "Vitrine haute climatisable" not in client.get(reverse("exchange:list")).content.decode()
    client.force_login(manager_a)
    page = client.get(offer.get_absolute_url()).content.decode()
    assert "Photo sans rapport avec le matériel." in page
    event = AuditEvent.objects.get(action="exchange.listing.hidden")
    assert event.actor == coordinator and event.data["reason"] == "Photo sans rapport avec le matériel."
    assert ListingEvent.objects.filter(listing=offer, action="listing.hidden").exists()


def test_showing_it_again_gives_it_back_to_the_network_as_it_was(
    cms, offer, manager_a, manager_b, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        hide(cms, offer)
        cms.post(reverse("exchange_moderation:unhide", args=[offer.pk]))
    offer.refresh_from_db()
    assert offer.hidden_at is None and offer.status == "published"
    client = Client()
    client.force_login(manager_b)
    assert client.get(offer.get_absolute_url()).status_code == 200
    assert Notification.objects.filter(recipient=manager_a, kind=EXCHANGE_MODERATION).count() == 2
    assert AuditEvent.objects.filter(action="exchange.listing.unhidden").exists()


def test_hiding_needs_a_reason_and_changes_nothing_without_one(cms, offer):
    response = hide(cms, offer, reason="  ")
    assert response.status_code == 200
    assert Listing.objects.get(pk=offer.pk).hidden_at is None
    assert not Notification.objects.filter(kind=EXCHANGE_MODERATION).exists()


def test_a_hidden_offer_cannot_be_asked_for(cms, offer, museum_b, manager_b):
    hide(cms, offer)
    with pytest.raises(services.ExchangeError):
        services.request_create(listing=offer, museum=museum_b, by=manager_b, quantity=1, intended_use="Expo")


def test_a_hidden_listing_is_found_in_search_by_its_museum_only(cms, offer):
    from equipment_loans.exchange.search_indexes import ListingIndex

    hide(cms, offer)
    assert ListingIndex().prepare_visibility(Listing.objects.get(pk=offer.pk)) == Visibility.MUSEUM


def test_the_moderation_page_costs_the_same_number_of_queries_for_2_or_12_listings(cms, museum_a, manager_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.exchange.conftest import publish_offer

    def count():
        cms.get(reverse("exchange_moderation:index"))
        with CaptureQueriesContext(connection) as queries:
            assert cms.get(reverse("exchange_moderation:index")).status_code == 200
        return len(queries)

    for n in range(2):
        publish_offer(museum_a, manager_a, title=f"Vitrine {n}")
    hide(cms, Listing.objects.first())
    few = count()
    for n in range(10):
        publish_offer(museum_a, manager_a, title=f"Socle {n}")
    hide(cms, Listing.objects.last())
    assert count() == few
