"""The kit's services on a real database: allocation, the guarantee, the lifecycle."""

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from equipment_loans import services
from equipment_loans.models import (
    Booking,
    BookingEvent,
    BookingStatus,
    BookingUnit,
    UnitStatus,
    WaitingListEntry,
    WaitingStatus,
    blocked_until,
)
from extranet.models import AuditEvent
from notifications.models import Notification

from .conftest import days, request_booking

pytestmark = pytest.mark.django_db


def status_of(booking) -> str:
    return Booking.objects.get(pk=booking.pk).status


# --- Allocation and the guarantee ---------------------------------------------------------------


def test_units_of_a_type_are_chosen_by_the_system(museum_a, member_a, loggers):
    booking = request_booking(museum_a, member_a, item_types={loggers: 2})
    assert booking.status == BookingStatus.REQUESTED
    assert sorted(booking.booking_units.values_list("unit__inventory_number", flat=True)) == ["TH-01", "TH-02"]
    other = request_booking(museum_a, member_a, item_types={loggers: 3})
    assert sorted(other.booking_units.values_list("unit__inventory_number", flat=True)) == ["TH-03", "TH-04", "TH-05"]


def test_a_unit_cannot_be_booked_twice_for_overlapping_dates(museum_a, museum_b, member_a, manager_b, vacuum_unit):
    request_booking(museum_a, member_a, start=10, end=15, units=[vacuum_unit])
    with pytest.raises(services.BookingRefused) as refused:
        request_booking(museum_b, manager_b, start=14, end=20, units=[vacuum_unit])
    assert Booking.objects.count() == 1
    message = " ".join(refused.value.messages)
    assert "ASP" in message  # which unit…
    assert days(10).strftime("%d/%m/%Y") in message and days(16).strftime("%d/%m/%Y") in message  # …taken when (turnaround incl.)


def test_a_refusal_proposes_the_nearest_free_dates(museum_a, museum_b, member_a, manager_b, vacuum_unit):
    request_booking(museum_a, member_a, start=10, end=15, units=[vacuum_unit])
    with pytest.raises(services.BookingRefused) as refused:
        request_booking(museum_b, manager_b, start=12, end=14, units=[vacuum_unit])
    # Same length (3 days): before, it must be back with a day to spare before the 10th; after, from the 17th.
    assert refused.value.suggestions == [(days(6), days(8)), (days(17), days(19))]
    request_booking(museum_b, manager_b, start=17, end=19, units=[vacuum_unit])  # and the suggestion does fit


def test_adjacent_ranges_respecting_the_turnaround_are_both_accepted(museum_a, museum_b, member_a, manager_b, vacuum_unit):
    first = request_booking(museum_a, member_a, start=10, end=15, units=[vacuum_unit])
    # Returned on day 15, checked on day 16: it leaves again on day 17.
    second = request_booking(museum_b, manager_b, start=17, end=20, units=[vacuum_unit])
    assert first.pk and second.pk
    with pytest.raises(services.BookingRefused):
        request_booking(museum_b, manager_b, start=16, end=16, units=[vacuum_unit])
    assert blocked_until(days(15)) == days(17)


def test_a_quantity_larger_than_what_is_free_is_refused_with_the_count(museum_a, member_a, loggers):
    request_booking(museum_a, member_a, item_types={loggers: 5})
    with pytest.raises(services.BookingRefused) as refused:
        request_booking(museum_a, member_a, item_types={loggers: 2})
    assert "1" in refused.value.messages[1] and "6" in refused.value.messages[1]
    assert Booking.objects.count() == 1


def test_units_in_maintenance_are_never_lent(museum_a, member_a, vacuum_unit):
    vacuum_unit.status = UnitStatus.MAINTENANCE
    vacuum_unit.save()
    with pytest.raises(services.BookingRefused):
        request_booking(museum_a, member_a, units=[vacuum_unit])
    with pytest.raises(services.BookingRefused):
        request_booking(museum_a, member_a, item_types={vacuum_unit.item_type: 1})


def test_a_booking_longer_than_the_maximum_or_in_the_past_is_refused(museum_a, member_a, vacuum_unit, settings):
    settings.KIT_MAX_BOOKING_DAYS = 10
    with pytest.raises(services.BookingError, match="10"):
        request_booking(museum_a, member_a, start=1, end=11, units=[vacuum_unit])
    with pytest.raises(services.BookingError):
        request_booking(museum_a, member_a, start=-2, end=3, units=[vacuum_unit])
    assert not Booking.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the exclusion constraint exists on PostgreSQL only")
def test_postgresql_refuses_an_overlap_even_when_the_code_does_not_check(museum_a, member_a, vacuum_unit):
    booking = request_booking(museum_a, member_a, start=10, end=15, units=[vacuum_unit])
    with pytest.raises(IntegrityError), transaction.atomic():
        BookingUnit.objects.create(booking=request_booking(museum_a, member_a, start=30, end=31, units=[vacuum_unit]),
                                   unit=vacuum_unit, starts_on=days(12), ends_before=days(13))
    # An inactive row (a cancelled booking) may overlap: only active bookings hold their units.
    BookingUnit.objects.filter(booking=booking).update(active=False)
    request_booking(museum_a, member_a, start=11, end=12, units=[vacuum_unit])


# --- Lifecycle ---------------------------------------------------------------------------------


def test_a_booking_goes_from_request_to_close_with_an_event_and_an_audit_record_per_step(
    museum_a, member_a, coordinator, vacuum_unit, absorbers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking = request_booking(museum_a, member_a, start=0, end=3, units=[vacuum_unit])
        services.kit_booking_approve(booking=booking, by=coordinator, message="Retrait à Lille")
        services.kit_booking_hand_over(booking=booking, by=coordinator, condition_notes="Bon état",
                                       accessories="2 micro-embouts", consumables={absorbers: 8})
        services.kit_booking_return(booking=booking, by=coordinator, condition_notes="RAS", consumables_used={absorbers: 5})
        services.kit_booking_close(booking=booking, by=coordinator)
    assert status_of(booking) == BookingStatus.CLOSED
    assert list(BookingEvent.objects.filter(booking=booking).values_list("action", flat=True)) == [
        "requested", "approved", "handed_over", "returned", "closed",
    ]
    assert AuditEvent.objects.filter(object_type="equipment_loans.booking", object_id=str(booking.pk)).count() == 5
    absorbers.refresh_from_db()
    assert absorbers.stock == 20 - 8 + 3  # given 8, used 5: 3 come back
    # The coordinator was told of the request; the member of the approval, hand-over and return.
    assert Notification.objects.filter(recipient=coordinator, kind="kit_queue").count() == 1
    assert Notification.objects.filter(recipient=member_a, kind="kit_booking").count() == 3


@pytest.mark.parametrize(
    "prepare, transition",
    [
        ([], "hand_over"),
        ([], "close"),
        (["approve", "hand_over"], "cancel"),
        (["decline"], "approve"),
        (["approve"], "approve"),
        (["cancel"], "hand_over"),
    ],
)
def test_illegal_transitions_change_nothing(museum_a, member_a, coordinator, vacuum_unit, prepare, transition):
    booking = request_booking(museum_a, member_a, start=0, end=3, units=[vacuum_unit])
    calls = {
        "approve": lambda: services.kit_booking_approve(booking=booking, by=coordinator),
        "decline": lambda: services.kit_booking_decline(booking=booking, by=coordinator, message="Non"),
        "hand_over": lambda: services.kit_booking_hand_over(booking=booking, by=coordinator),
        "close": lambda: services.kit_booking_close(booking=booking, by=coordinator),
        "cancel": lambda: services.kit_booking_cancel(booking=booking, by=member_a),
    }
    for step in prepare:
        calls[step]()
    before = (status_of(booking), BookingEvent.objects.count(), AuditEvent.objects.count())
    with pytest.raises(services.BookingError):
        calls[transition]()
    assert (status_of(booking), BookingEvent.objects.count(), AuditEvent.objects.count()) == before


def test_cancelling_frees_the_dates(museum_a, museum_b, member_a, manager_b, vacuum_unit):
    booking = request_booking(museum_a, member_a, start=10, end=15, units=[vacuum_unit])
    with pytest.raises(services.BookingRefused):
        request_booking(museum_b, manager_b, start=12, end=13, units=[vacuum_unit])
    services.kit_booking_cancel(booking=booking, by=member_a, message="Exposition reportée")
    assert not BookingUnit.objects.filter(booking=booking, active=True).exists()
    assert request_booking(museum_b, manager_b, start=12, end=13, units=[vacuum_unit]).pk


def test_declining_needs_a_message_and_frees_the_dates(museum_a, member_a, coordinator, vacuum_unit):
    booking = request_booking(museum_a, member_a, start=10, end=15, units=[vacuum_unit])
    with pytest.raises(services.BookingError):
        services.kit_booking_decline(booking=booking, by=coordinator, message=" ")
    assert status_of(booking) == BookingStatus.REQUESTED
    services.kit_booking_decline(booking=booking, by=coordinator, message="En révision chez le fabricant")
    assert request_booking(museum_a, member_a, start=10, end=15, units=[vacuum_unit]).pk


def test_the_first_waiting_request_that_now_fits_is_told_when_dates_are_freed(
    museum_a, museum_b, member_a, manager_b, vacuum, vacuum_unit, django_capture_on_commit_callbacks
):
    booking = request_booking(museum_a, member_a, start=10, end=15, units=[vacuum_unit])
    too_long = services.waiting_list_join(museum=museum_b, item_type=vacuum, quantity=1, pickup_date=days(12),
                                          return_date=days(40), by=manager_b)  # still clashes with another booking
    request_booking(museum_a, member_a, start=30, end=32, units=[vacuum_unit])
    fits = services.waiting_list_join(museum=museum_b, item_type=vacuum, quantity=1, pickup_date=days(11),
                                      return_date=days(14), by=manager_b)
    later = services.waiting_list_join(museum=museum_b, item_type=vacuum, quantity=1, pickup_date=days(12),
                                       return_date=days(13), by=manager_b)
    with django_capture_on_commit_callbacks(execute=True):
        services.kit_booking_cancel(booking=booking, by=member_a)
    statuses = dict(WaitingListEntry.objects.values_list("pk", "status"))
    assert statuses == {too_long.pk: WaitingStatus.WAITING, fits.pk: WaitingStatus.TOLD, later.pk: WaitingStatus.WAITING}
    told = Notification.objects.get(recipient=manager_b, kind="kit_waiting_list")
    assert "Aspirateur" in told.title and told.url == vacuum.get_absolute_url()


def test_hand_over_refuses_more_consumables_than_in_stock(museum_a, member_a, coordinator, vacuum_unit, absorbers):
    booking = request_booking(museum_a, member_a, start=0, end=3, units=[vacuum_unit])
    services.kit_booking_approve(booking=booking, by=coordinator)
    with pytest.raises(services.BookingError, match="20"):
        services.kit_booking_hand_over(booking=booking, by=coordinator, consumables={absorbers: 21})
    absorbers.refresh_from_db()
    assert absorbers.stock == 20 and status_of(booking) == BookingStatus.APPROVED


# --- Reminders ---------------------------------------------------------------------------------


def test_reminders_go_two_days_before_pickup_and_on_the_return_date_once(
    museum_a, member_a, coordinator, loggers, django_capture_on_commit_callbacks
):
    soon = request_booking(museum_a, member_a, start=2, end=5, item_types={loggers: 1})
    services.kit_booking_approve(booking=soon, by=coordinator)
    due = request_booking(museum_a, member_a, start=0, end=0, item_types={loggers: 1})
    services.kit_booking_approve(booking=due, by=coordinator)
    services.kit_booking_hand_over(booking=due, by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("kit_reminders", stdout=open("/dev/null", "w"))
        call_command("kit_reminders", stdout=open("/dev/null", "w"))
    reminders = Notification.objects.filter(recipient=member_a, kind="kit_reminder")
    assert reminders.count() == 2
    assert {n.object_id for n in reminders} == {str(soon.pk), str(due.pk)}


def test_late_returns_are_flagged_once_and_coordinators_told(
    museum_a, member_a, coordinator, loggers, django_capture_on_commit_callbacks
):
    booking = request_booking(museum_a, member_a, start=0, end=1, item_types={loggers: 1})
    services.kit_booking_approve(booking=booking, by=coordinator)
    services.kit_booking_hand_over(booking=booking, by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        services.kit_reminders_send(today=days(3))
        services.kit_reminders_send(today=days(4))
    booking.refresh_from_db()
    assert booking.late_flagged_at is not None
    assert Notification.objects.filter(recipient=coordinator, kind="kit_reminder").count() == 1
    assert BookingEvent.objects.filter(booking=booking, action="late").count() == 1
