"""The guarantee under load: real threads, each with its own database connection, committing
for real, on SQLite (BEGIN IMMEDIATE) and on PostgreSQL (row lock taken by the conditional
UPDATE). Run with DATABASE_URL=postgres://… for PostgreSQL."""


import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from equipment_loans.exchange import services
from equipment_loans.exchange.models import ExchangeRequest, Listing, ListingEvent, RequestStatus
from tests.concurrency import run_at_once
from tests.factories import MuseumFactory

from .conftest import publish_offer

pytestmark = pytest.mark.django_db(transaction=True)

REQUESTS = 50


def fifty_requests(listing, requested_by):
    """Fifty museums each asked for one unit (rows made directly: the race is what is tested)."""
    museums = [MuseumFactory() for _i in range(REQUESTS)]
    return [
        ExchangeRequest.objects.create(listing=listing, museum=m, requested_by=requested_by, quantity=1, intended_use="Expo")
        for m in museums
    ]


def test_fifty_promises_of_the_last_unit_clicked_at_once_make_exactly_one_winner(museum_a, manager_a, manager_b):
    listing = publish_offer(museum_a, manager_a, quantity=1)
    requests = fifty_requests(listing, manager_b)
    client = Client()
    client.force_login(manager_a)
    cookies = client.cookies

    def post(i):
        c = Client()
        c.cookies = cookies
        response = c.post(reverse("exchange:promise", args=[requests[i].pk]), {"quantity": 1})
        return response.status_code, response.content.decode()

    results, errors = run_at_once(REQUESTS, post)

    assert errors == []  # no server error: the test client re-raises them
    won = [r for r in results if r[0] == 302]
    lost = [r for r in results if r[0] == 200]
    assert len(won) == 1
    assert len(lost) == REQUESTS - 1
    # The losers are told plainly, in French (the default language), that someone was faster.
    with translation.override("fr"):
        faster = gettext("Someone was faster: it has just been promised to another museum.")
    assert faster.startswith("Quelqu")
    assert all(faster in body for _s, body in lost)
    listing.refresh_from_db()
    assert (listing.quantity, listing.quantity_promised, listing.quantity_available) == (1, 1, 0)
    assert listing.status == "promised"
    assert ExchangeRequest.objects.filter(status=RequestStatus.PROMISED).count() == 1
    assert ListingEvent.objects.filter(action="request.promised").count() == 1


def test_fifty_service_calls_for_the_last_two_units_promise_two_and_never_more(museum_a, manager_a, manager_b):
    listing = publish_offer(museum_a, manager_a, quantity=5)
    first = fifty_requests(listing, manager_b)
    # Three of the five are promised already: two are left.
    for req in first[:3]:
        services.listing_promise(exchange_request=req, quantity=1, by=manager_a)
    others = first[3:]

    def promise(i):
        try:
            services.listing_promise(exchange_request=others[i % len(others)], quantity=1, by=manager_a)
            return "won"
        except services.SomeoneWasFaster:
            return "faster"
        except services.ExchangeError:
            return "refused"

    results, errors = run_at_once(len(others), promise)

    assert errors == []
    assert results.count("won") == 2
    # Once nothing is left the other requests are "not retained" (told the item is gone), so a late
    # click meets either the race ("someone was faster") or the closed request: never a third unit.
    assert results.count("faster") + results.count("refused") == len(others) - 2
    listing = Listing.objects.get(pk=listing.pk)
    assert (listing.quantity_promised, listing.quantity_available) == (5, 0)
