"""iCalendar feeds of the exhibitions calendar (RFC 5545, with the icalendar library)."""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event


def exhibitions_calendar(exhibitions, *, museum=None, request=None) -> bytes:
    """A calendar of all-day events, one per exhibition, that calendar apps can subscribe to."""
    calendar = Calendar()
    calendar.add("prodid", "-//Musenor//Exhibitions calendar//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    name = _("Exhibitions — %(museum)s") % {"museum": museum.name} if museum else _("Exhibitions of the Musenor network")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", datetime.timedelta(hours=12), parameters={"VALUE": "DURATION"})
    host = request.get_host() if request is not None else "musenor"
    stamp = timezone.now()
    for exhibition in exhibitions:
        event = Event()
        event.add("uid", f"exhibition-{exhibition.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("last-modified", exhibition.updated_at)
        event.add("summary", f"{exhibition.title} — {exhibition.museum.name}")
        event.add("dtstart", exhibition.start)
        # All-day events: DTEND is the day after the last day (exclusive).
        event.add("dtend", exhibition.end + datetime.timedelta(days=1))
        event.add("location", f"{exhibition.museum.name}, {exhibition.museum.city}")
        if exhibition.description:
            event.add("description", exhibition.description)
        if exhibition.link:
            event.add("url", exhibition.link)
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
