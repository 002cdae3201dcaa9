"""The guarantee under load: real threads, each with its own database connection, committing
for real. Run on SQLite (BEGIN IMMEDIATE) and on PostgreSQL (exclusion constraint) with
DATABASE_URL=postgres://…  DESIGN.md: a plain check-then-insert lets 3 to 8 of 50 through."""


import pytest
from django.test import Client
from django.urls import reverse

from equipment_loans import services
from equipment_loans.models import Booking, BookingUnit
from tests.concurrency import run_at_once
from tests.factories import make_member

from .conftest import days

pytestmark = pytest.mark.django_db(transaction=True)

REQUESTS = 50


def test_fifty_concurrent_requests_for_one_unit_make_exactly_one_booking(museum_a, vacuum_unit):
    members = [make_member(museum_a) for _i in range(5)]
    cookies = []
    for member in members:
        client = Client()
        client.force_login(member)
        cookies.append(client.cookies)
    url = reverse("equipment_loans:booking_request")

    def post(i):
        client = Client()
        client.cookies = cookies[i % len(cookies)]
        start, end = days(10 + i % 3), days(14 + i % 4)  # all overlap
        response = client.post(url, {
            "museum": museum_a.pk, "pickup_date": start.isoformat(), "return_date": end.isoformat(),
            "units": [vacuum_unit.pk], "purpose": f"Dépoussiérage {i}", "contact": "Julien, 03 21 00 00 00",
        })
        return response.status_code, response.content.decode()

    results, errors = run_at_once(REQUESTS, post)

    assert errors == []  # no server error: the test client re-raises them
    created = [r for r in results if r[0] == 302]
    refused = [r for r in results if r[0] == 200]
    assert len(created) == 1
    assert len(refused) == REQUESTS - 1
    # A clear refusal, in French, naming the unit.
    assert all("Ces dates ne peuvent pas être réservées" in body and "ASP" in body for _s, body in refused)
    assert Booking.objects.count() == 1
    assert BookingUnit.objects.filter(unit=vacuum_unit, active=True).count() == 1


def test_with_six_units_fifty_concurrent_requests_for_one_unit_each_make_exactly_six(museum_a, member_a, loggers):
    def request(i):
        try:
            return services.kit_booking_request(
                museum=museum_a, pickup_date=days(20), return_date=days(25), purpose=f"Relevés {i}",
                contact="Julien", item_types={loggers: 1}, by=member_a,
            ).pk
        except services.BookingRefused as refused:
            return refused

    results, errors = run_at_once(REQUESTS, request)

    assert errors == []
    booked = [r for r in results if isinstance(r, int)]
    refused = [r for r in results if isinstance(r, services.BookingRefused)]
    assert len(booked) == 6 and len(refused) == REQUESTS - 6
    units = BookingUnit.objects.filter(active=True).values_list("unit__inventory_number", flat=True)
    assert sorted(units) == [f"TH-{n:02d}" for n in range(1, 7)]  # six different units
    assert Booking.objects.count() == 6

