"""The exchange's rules, as the services keep them."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.db.models import F

from equipment_loans.exchange import selectors, services
from equipment_loans.exchange.models import (
    Category,
    ExchangeRequest,
    Kind,
    Listing,
    ListingEvent,
    ListingStatus,
    Material,
    OfferType,
    RequestStatus,
)
from extranet.models import AuditEvent, Role
from notifications.models import Notification
from tests.factories import MuseumFactory, make_member

from .conftest import ask, publish_offer

pytestmark = pytest.mark.django_db


def snapshot(listing):
    listing = Listing.objects.get(pk=listing.pk)
    return (listing.status, listing.quantity_promised, listing.quantity_available,
            sorted(listing.requests.values_list("pk", "status", "quantity_promised")),
            ListingEvent.objects.count(), AuditEvent.objects.filter(action__startswith="exchange.").count())


def test_a_listing_goes_from_draft_to_closed_and_every_step_is_an_event_an_audit_record_and_a_notification(
    museum_a, manager_a, museum_b, manager_b, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        listing = services.listing_create(museum=museum_a, by=manager_a, data={
            "kind": Kind.OFFER, "offer_type": OfferType.DONATION, "category": Category.PLINTHS, "title": "Socles",
            "quantity": 2, "weight_kg": Decimal("20"), "material": Material.WOOD,
        })
        assert listing.status == ListingStatus.DRAFT
        services.listing_publish(listing=listing, by=manager_a)
        req = ask(listing, museum_b, manager_b, quantity=2, message="Bonjour !")
        services.listing_promise(exchange_request=req, quantity=2, by=manager_a)
        listing.refresh_from_db()
        assert listing.status == ListingStatus.PROMISED
        services.request_hand_over(exchange_request=req, by=manager_a)
        listing.refresh_from_db()
        assert listing.status == ListingStatus.HANDED_OVER
        services.listing_close(listing=listing, by=manager_a)

    listing.refresh_from_db()
    assert listing.status == ListingStatus.CLOSED
    actions = list(ListingEvent.objects.filter(listing=listing).values_list("action", flat=True))
    assert actions == ["listing.created", "listing.published", "request.created", "request.promised", "listing.promised",
                       "request.handed_over", "listing.handed_over", "listing.closed"]
    assert AuditEvent.objects.filter(action="exchange.request.promised", museum=museum_a).count() == 1
    # The offering museum heard of the request; the requesting one of the promise and the hand-over.
    assert Notification.objects.filter(recipient=manager_a, kind="exchange_request").exists()
    told_b = list(Notification.objects.filter(recipient=manager_b).values_list("title", flat=True))
    assert any("promis" in t for t in told_b) and any("remis" in t for t in told_b)


def test_a_loan_comes_back_before_it_is_closed(museum_a, manager_a, museum_b, manager_b):
    listing = publish_offer(museum_a, manager_a, offer_type=OfferType.LOAN, loan_duration_months=3, quantity=1)
    req = ask(listing, museum_b, manager_b)
    services.listing_promise(exchange_request=req, quantity=1, by=manager_a)
    services.request_hand_over(exchange_request=req, by=manager_a)
    with pytest.raises(services.ExchangeError):
        services.listing_close(listing=listing, by=manager_a)  # still lent
    services.request_mark_returned(exchange_request=req, by=manager_a)
    listing.refresh_from_db()
    assert listing.status == ListingStatus.RETURNED
    services.listing_close(listing=listing, by=manager_a)


def test_handing_over_a_request_that_was_never_promised_changes_nothing(offer, museum_b, manager_b, manager_a):
    req = ask(offer, museum_b, manager_b)
    before = snapshot(offer)
    with pytest.raises(services.ExchangeError):
        services.request_hand_over(exchange_request=req, by=manager_a)
    assert snapshot(offer) == before


def test_promising_to_the_offering_museum_itself_is_refused_and_changes_nothing(offer, museum_a, manager_a, member_a):
    with pytest.raises(services.ExchangeError):
        ask(offer, museum_a, member_a)
    # Even a request row made around the services cannot be promised to its own museum.
    own = ExchangeRequest.objects.create(listing=offer, museum=museum_a, requested_by=member_a, quantity=1, intended_use="x")
    before = snapshot(offer)
    with pytest.raises(services.ExchangeError):
        services.listing_promise(exchange_request=own, quantity=1, by=manager_a)
    assert snapshot(offer) == before


def test_a_listing_never_promises_more_than_its_quantity(offer, museum_b, manager_b, manager_a, museum_c, manager_c):
    first = ask(offer, museum_b, manager_b, quantity=2)
    second = ask(offer, museum_c, manager_c, quantity=2)
    services.listing_promise(exchange_request=first, quantity=2, by=manager_a)
    before = snapshot(offer)
    with pytest.raises(services.SomeoneWasFaster) as refused:
        services.listing_promise(exchange_request=second, quantity=2, by=manager_a)
    assert "1" in str(refused.value)  # says how many are left
    assert snapshot(offer) == before
    services.listing_promise(exchange_request=second, quantity=1, by=manager_a)
    offer.refresh_from_db()
    assert (offer.quantity_promised, offer.quantity_available, offer.status) == (3, 0, ListingStatus.PROMISED)


def test_the_database_itself_refuses_a_promise_beyond_the_quantity(offer):
    with pytest.raises(IntegrityError), transaction.atomic():
        Listing.objects.filter(pk=offer.pk).update(
            quantity_promised=F("quantity_promised") + 4, quantity_available=F("quantity_available") - 4
        )


def test_when_nothing_is_left_the_other_requesting_museums_are_told_it_is_gone(
    museum_a, manager_a, museum_b, manager_b, museum_c, manager_c, django_capture_on_commit_callbacks
):
    listing = publish_offer(museum_a, manager_a, quantity=1)
    winner = ask(listing, museum_b, manager_b)
    loser = ask(listing, museum_c, manager_c)
    with django_capture_on_commit_callbacks(execute=True):
        services.listing_promise(exchange_request=winner, quantity=1, by=manager_a)
    loser.refresh_from_db()
    assert loser.status == RequestStatus.NOT_RETAINED
    assert Notification.objects.filter(recipient=manager_c, kind="exchange_my_request", title__contains="autre musée").exists()


def test_withdrawing_a_promised_request_makes_the_quantity_available_again(offer, museum_b, manager_b, manager_a):
    req = ask(offer, museum_b, manager_b, quantity=3)
    services.listing_promise(exchange_request=req, quantity=3, by=manager_a)
    services.request_withdraw(exchange_request=req, by=manager_b)
    offer.refresh_from_db()
    assert (offer.status, offer.quantity_available, offer.quantity_promised) == (ListingStatus.PUBLISHED, 3, 0)


def test_a_listing_cannot_be_withdrawn_once_something_was_handed_over(offer, museum_b, manager_b, manager_a):
    req = ask(offer, museum_b, manager_b, quantity=1)
    services.listing_promise(exchange_request=req, quantity=1, by=manager_a)
    services.request_hand_over(exchange_request=req, by=manager_a)
    before = snapshot(offer)
    with pytest.raises(services.ExchangeError):
        services.listing_withdraw(listing=offer, by=manager_a)
    assert snapshot(offer) == before


def test_listings_past_their_availability_expire_and_their_museum_is_told(offer, django_capture_on_commit_callbacks, manager_a):
    from datetime import timedelta

    from django.utils import timezone

    Listing.objects.filter(pk=offer.pk).update(available_until=timezone.localdate() - timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.listings_expire() == 1
    offer.refresh_from_db()
    assert offer.status == ListingStatus.EXPIRED
    assert Notification.objects.filter(recipient=manager_a, kind="exchange_listing").exists()


def test_a_new_offer_notifies_only_the_museums_whose_wanted_ads_it_fits(
    museum_a, manager_a, settings, django_capture_on_commit_callbacks
):
    settings.EXCHANGE_MATCH_DISTANCE_KM = 50
    # Same department (62), wants showcases: told.
    arras = MuseumFactory(name="Musée des beaux-arts d'Arras", department_code="62", latitude=50.29, longitude=2.78)
    # Another department but 30 km away (Lille, 59): told.
    lille = MuseumFactory(name="Palais des Beaux-Arts", department_code="59", department="Nord", latitude=50.63, longitude=3.06)
    # Far away, another department (Soissons, 02): not told.
    soissons = MuseumFactory(name="Musée de Soissons", department_code="02", department="Aisne", latitude=49.38, longitude=3.32)
    # Near, but wants plinths: not told.
    bethune = MuseumFactory(name="Musée de Béthune", department_code="62", latitude=50.53, longitude=2.64)
    people = {}
    for museum, category in ((arras, Category.SHOWCASES), (lille, Category.SHOWCASES), (soissons, Category.SHOWCASES),
                             (bethune, Category.PLINTHS), (museum_a, Category.SHOWCASES)):
        person = manager_a if museum == museum_a else make_member(museum, role=Role.MANAGER)
        people[museum.name] = person
        wanted = services.listing_create(museum=museum, by=person, data={
            "kind": Kind.WANTED, "category": category, "title": f"Recherche {category}", "quantity": 1,
        })
        services.listing_publish(listing=wanted, by=person)

    with django_capture_on_commit_callbacks(execute=True):
        publish_offer(museum_a, manager_a, category=Category.SHOWCASES)

    told = set(Notification.objects.filter(kind="exchange_match").values_list("recipient__email", flat=True))
    assert told == {people["Musée des beaux-arts d'Arras"].email, people["Palais des Beaux-Arts"].email}


def test_impact_counts_the_kilograms_handed_over_and_estimates_the_co2_per_material(
    museum_a, manager_a, museum_b, manager_b
):
    glass = publish_offer(museum_a, manager_a, quantity=3, weight_kg=Decimal("100"), material=Material.GLASS)
    steel = publish_offer(museum_a, manager_a, quantity=2, weight_kg=Decimal("50"), material=Material.STEEL)
    mixed = publish_offer(museum_a, manager_a, quantity=1, weight_kg=Decimal("10"), material=Material.MIXED)
    assert selectors.impact_of().handovers == 0
    for listing, quantity in ((glass, 2), (steel, 2), (mixed, 1)):
        req = ask(listing, museum_b, manager_b, quantity=quantity)
        services.listing_promise(exchange_request=req, quantity=quantity, by=manager_a)
        services.request_hand_over(exchange_request=req, by=manager_a)
    # Promised but not handed over: not counted.
    pending = ask(glass, museum_b, manager_b, quantity=1)
    services.listing_promise(exchange_request=pending, quantity=1, by=manager_a)

    network = selectors.impact_of()
    assert network.kg == Decimal("310")  # 2 × 100 + 2 × 50 + 10
    assert network.co2 == Decimal("200") * 1 + Decimal("100") * 2 + Decimal("10") * Decimal("1.5")
    assert network.co2_rounded == 420  # two significant figures: the factors are orders of magnitude
    assert network.has_unsourced  # the mixed material is shown as an estimate only
    assert [str(s) for s in network.sources][0].startswith("ADEME")
    assert selectors.impact_of(museum_id=museum_b.pk, role="received").kg == Decimal("310")
    assert selectors.impact_of(museum_id=museum_a.pk, role="received").kg == 0


def test_an_item_offered_on_keeps_its_reuse_history(museum_a, manager_a, museum_b, manager_b, museum_c, manager_c):
    listing = publish_offer(museum_a, manager_a, quantity=1, exhibition="Galerie du temps")
    req = ask(listing, museum_b, manager_b, exhibition="Art déco")
    services.listing_promise(exchange_request=req, quantity=1, by=manager_a)
    services.request_hand_over(exchange_request=req, by=manager_a)
    again = services.listing_offer_again(exchange_request=req, by=manager_b)
    services.listing_publish(listing=again, by=manager_b)
    req2 = ask(again, museum_c, manager_c, exhibition="Automne")
    services.listing_promise(exchange_request=req2, quantity=1, by=manager_b)
    services.request_hand_over(exchange_request=req2, by=manager_b)

    history = selectors.reuse_history(Listing.objects.get(pk=again.pk))
    assert [(e["museum"].name, e["exhibition"]) for e in history] == [
        ("Louvre-Lens", "Galerie du temps"), ("La Piscine", "Art déco"), ("La Piscine", "Art déco"),
        ("Musée de Picardie", "Automne"),
    ]
