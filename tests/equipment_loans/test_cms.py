"""The kit's booking queue in `/cms/`: coordinators approve, decline, hand over (check-out), check
in and close bookings through the services, with the site's rules and notifications."""

import pytest
from django.urls import reverse

from equipment_loans.models import Booking, BookingEvent, BookingStatus, Consumable
from notifications.models import Notification

from .conftest import days, request_booking

pytestmark = pytest.mark.django_db


@pytest.fixture
def cms(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def booking(museum_a, member_a, loggers):
    return request_booking(museum_a, member_a, item_types={loggers: 2})


def test_the_queue_shows_the_requests_to_decide_with_their_museum(cms, booking):
    page = cms.get(reverse("kit_bookings:index")).content.decode()
    assert "Louvre-Lens" in page and reverse("kit_bookings:action", args=[booking.pk, "approve"]) in page


def test_approving_in_the_cms_tells_the_museum(cms, coordinator, booking, member_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = cms.post(reverse("kit_bookings:action", args=[booking.pk, "approve"]), {"message": "Retrait lundi."})
    assert response["Location"] == reverse("kit_bookings:index")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.APPROVED
    assert BookingEvent.objects.filter(booking=booking, action="approved", actor=coordinator, message="Retrait lundi.").exists()
    assert Notification.objects.filter(recipient=member_a, body="Retrait lundi.").exists()


def test_declining_without_a_reason_is_refused_and_changes_nothing(cms, booking):
    response = cms.post(reverse("kit_bookings:action", args=[booking.pk, "decline"]), {"message": ""})
    assert response.status_code == 200
    booking.refresh_from_db()
    assert booking.status == BookingStatus.REQUESTED


def test_units_are_checked_out_and_in_from_the_cms_with_the_consumables(cms, booking):
    absorbers = Consumable.objects.create(name="Absorbeurs d'oxygène", unit_label="sachets", stock=20)
    cms.post(reverse("kit_bookings:action", args=[booking.pk, "approve"]), {"message": ""})
    cms.post(reverse("kit_bookings:action", args=[booking.pk, "hand-over"]), {
        "handed_over_on": days(10).isoformat(), "condition_notes": "RAS", "accessories": "câbles",
        f"given_{absorbers.pk}": 5,
    })
    booking.refresh_from_db()
    absorbers.refresh_from_db()
    assert booking.status == BookingStatus.HANDED_OVER and absorbers.stock == 15
    cms.post(reverse("kit_bookings:action", args=[booking.pk, "check-in"]), {
        "returned_on": days(12).isoformat(), "condition_notes": "", f"used_{absorbers.pk}": 2,
    })
    booking.refresh_from_db()
    absorbers.refresh_from_db()
    assert booking.status == BookingStatus.RETURNED and absorbers.stock == 18
    cms.post(reverse("kit_bookings:action", args=[booking.pk, "close"]), {"message": ""})
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CLOSED


def test_a_step_that_no_longer_applies_is_refused_with_a_message(cms, booking):
    response = cms.post(reverse("kit_bookings:action", args=[booking.pk, "check-in"]), {"returned_on": days(12).isoformat()})
    assert response.status_code == 200
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.REQUESTED
    assert cms.get(reverse("kit_bookings:action", args=[booking.pk, "nothing"])).status_code == 404


def test_inventory_changes_in_the_cms_are_in_the_audit_trail(cms, coordinator, loggers):
    from equipment_loans.models import KitUnit
    from extranet.models import AuditEvent

    response = cms.post(reverse("wagtailsnippets_equipment_loans_kitunit:add"), {
        "item_type": loggers.pk, "inventory_number": "TH-99", "status": "available", "storage_place": "Lille", "notes": "",
    })
    assert response.status_code == 302
    unit = KitUnit.objects.get(inventory_number="TH-99")
    event = AuditEvent.objects.get(action="kit.unit.created")
    assert (event.actor, event.object_id) == (coordinator, str(unit.pk))
