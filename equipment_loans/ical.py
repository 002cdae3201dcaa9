"""iCalendar feeds of kit bookings (RFC 5545, written with the icalendar library)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from .models import BookingStatus, CalendarFeed

PRODID = "-//Musenor//Kit de conservation//FR"


def feed_path(feed: CalendarFeed) -> str:
    return reverse("equipment_loans:calendar_feed", kwargs={"token": feed.token})


def bookings_calendar(bookings, *, name: str, base_url: str) -> bytes:
    """One all-day event per booking, from pickup to return (DTEND is exclusive)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    now = timezone.now()
    for booking in bookings:
        units = ", ".join(bu.unit.inventory_number for bu in booking.booking_units.all())
        event = Event()
        event.add("uid", f"kit-booking-{booking.pk}@musenor")
        event.add("dtstamp", now)
        event.add("dtstart", booking.pickup_date)
        event.add("dtend", booking.return_date + timedelta(days=1))
        event.add("summary", f"{booking.museum.name} — {units}")
        event.add("description", f"{booking.get_status_display()}\n{booking.purpose}\n{booking.contact}")
        event.add("url", base_url + booking.get_absolute_url())
        event.add("status", "TENTATIVE" if booking.status == BookingStatus.REQUESTED else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()
