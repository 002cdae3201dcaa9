"""Reads of the conservation kit: availability, calendars, queues, usage."""

import calendar as pycalendar
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from extranet.models import Museum, User

from .models import (
    ACTIVE_STATUSES,
    Booking,
    BookingStatus,
    BookingUnit,
    KitItemType,
    KitUnit,
    LoggerReading,
    UnitStatus,
    blocked_until,
)


def bookable_units_qs() -> QuerySet[KitUnit]:
    """Units that may be lent at all (neither in maintenance nor retired)."""
    return KitUnit.objects.filter(status=UnitStatus.AVAILABLE)


def busy_ranges(*, unit_ids, start: date, end_exclusive: date, exclude_booking_id=None) -> dict[int, list[tuple]]:
    """Active reservations of these units overlapping [start, end_exclusive), by unit id.

    Each value is a list of (starts_on, ends_before, booking_id).
    """
    rows = BookingUnit.objects.filter(
        unit_id__in=list(unit_ids), active=True, starts_on__lt=end_exclusive, ends_before__gt=start
    )
    if exclude_booking_id:
        rows = rows.exclude(booking_id=exclude_booking_id)
    result: dict[int, list[tuple]] = defaultdict(list)
    for unit_id, starts_on, ends_before, booking_id in rows.values_list("unit_id", "starts_on", "ends_before", "booking_id"):
        result[unit_id].append((starts_on, ends_before, booking_id))
    return result


def _is_free(ranges, start: date, end_exclusive: date) -> bool:
    return all(not (s < end_exclusive and e > start) for s, e, _b in ranges)


def bookable_units(*, start: date, end: date, item_type: KitItemType | None = None) -> list[KitUnit]:
    """Units free for a loan from `start` to `end` (both included), turnaround respected."""
    units = bookable_units_qs().select_related("item_type")
    if item_type is not None:
        units = units.filter(item_type=item_type)
    units = list(units)
    end_exclusive = blocked_until(end)
    busy = busy_ranges(unit_ids=[u.pk for u in units], start=start, end_exclusive=end_exclusive)
    return [u for u in units if _is_free(busy.get(u.pk, []), start, end_exclusive)]


@dataclass
class TypeAvailability:
    item_type: KitItemType
    total: int
    free_units: list = field(default_factory=list)

    @property
    def free(self) -> int:
        return len(self.free_units)


def availability_between(*, start: date, end: date) -> list[TypeAvailability]:
    """What is free between two dates, across the whole kit, by item type."""
    types = list(KitItemType.objects.order_by("name"))
    units = list(bookable_units_qs().order_by("inventory_number"))
    end_exclusive = blocked_until(end)
    busy = busy_ranges(unit_ids=[u.pk for u in units], start=start, end_exclusive=end_exclusive)
    by_type = {t.pk: TypeAvailability(item_type=t, total=0) for t in types}
    for unit in units:
        entry = by_type[unit.item_type_id]
        entry.total += 1
        if _is_free(busy.get(unit.pk, []), start, end_exclusive):
            entry.free_units.append(unit)
    return list(by_type.values())


def nearest_free_dates(*, units_needed: dict, pickup: date, return_date: date, horizon_days: int = 180) -> list[tuple[date, date]]:
    """The nearest dates, before and after, with the same length, when the request fits.

    `units_needed` maps an item type id to a quantity, or ("unit", id) to 1 for a named unit.
    Returns up to two (pickup, return) pairs: the nearest earlier (not in the past) and the
    nearest later one.
    """
    length = (return_date - pickup).days
    today = timezone.localdate()
    window_start = max(today, pickup - timedelta(days=horizon_days))
    window_end = blocked_until(return_date + timedelta(days=horizon_days))
    type_ids = [k for k in units_needed if not isinstance(k, tuple)]
    unit_ids = [k[1] for k in units_needed if isinstance(k, tuple)]
    units = list(bookable_units_qs().filter(Q(item_type_id__in=type_ids) | Q(pk__in=unit_ids)))
    busy = busy_ranges(unit_ids=[u.pk for u in units], start=window_start, end_exclusive=window_end)

    def fits(day: date) -> bool:
        end_exclusive = blocked_until(day + timedelta(days=length))
        free = {u.pk for u in units if _is_free(busy.get(u.pk, []), day, end_exclusive)}
        for key, quantity in units_needed.items():
            if isinstance(key, tuple):
                if key[1] not in free:
                    return False
            elif sum(1 for u in units if u.item_type_id == key and u.pk in free) < quantity:
                return False
        return True

    found = []
    for offset in range(1, horizon_days + 1):
        day = pickup - timedelta(days=offset)
        if day < today:
            break
        if fits(day):
            found.append((day, day + timedelta(days=length)))
            break
    for offset in range(1, horizon_days + 1):
        day = pickup + timedelta(days=offset)
        if fits(day):
            found.append((day, day + timedelta(days=length)))
            break
    return found


# --- Calendars ---------------------------------------------------------------------------------


@dataclass
class CalendarDay:
    day: date
    free: int
    total: int
    in_month: bool = True

    @property
    def state(self) -> str:
        if self.day < timezone.localdate():
            return "past"
        if self.total == 0 or self.free == 0:
            return "taken"
        return "free" if self.free == self.total else "partial"


def availability_calendar(*, item_type: KitItemType, months: int = 3, first_day: date | None = None) -> list[dict]:
    """Month grids (weeks from Monday) of free units per day for the coming months."""
    first_day = (first_day or timezone.localdate()).replace(day=1)
    month_starts = []
    current = first_day
    for _i in range(months):
        month_starts.append(current)
        current = (current + timedelta(days=32)).replace(day=1)
    last_day = current  # exclusive
    unit_ids = list(bookable_units_qs().filter(item_type=item_type).values_list("pk", flat=True))
    busy = busy_ranges(unit_ids=unit_ids, start=first_day, end_exclusive=last_day)
    taken_per_day: dict[date, int] = defaultdict(int)
    for ranges in busy.values():
        days = set()
        for s, e, _b in ranges:
            d = max(s, first_day)
            while d < min(e, last_day):
                days.add(d)
                d += timedelta(days=1)
        for d in days:
            taken_per_day[d] += 1
    total = len(unit_ids)
    result = []
    cal = pycalendar.Calendar(firstweekday=0)
    for start in month_starts:
        weeks = []
        for week in cal.monthdatescalendar(start.year, start.month):
            weeks.append([
                CalendarDay(day=d, free=total - taken_per_day[d], total=total, in_month=d.month == start.month) for d in week
            ])
        result.append({"month": start, "weeks": weeks})
    return result


# --- Bookings ----------------------------------------------------------------------------------


def with_details(bookings: QuerySet[Booking]) -> QuerySet[Booking]:
    """Bookings with what list pages show of them, in a fixed number of queries."""
    return bookings.select_related("museum", "requested_by").prefetch_related(
        Prefetch("booking_units", queryset=BookingUnit.objects.select_related("unit__item_type").order_by("unit__inventory_number"))
    )


def bookings_of_museum(museum: Museum) -> QuerySet[Booking]:
    return with_details(Booking.objects.filter(museum=museum)).order_by("-pickup_date", "-id")


def upcoming_bookings(*, museums, limit: int = 5) -> list[Booking]:
    """Active bookings of these museums that are not over yet, soonest first."""
    today = timezone.localdate()
    qs = Booking.objects.filter(
        Q(return_date__gte=today) | Q(status=BookingStatus.HANDED_OVER),
        museum__in=museums,
        status__in=[BookingStatus.REQUESTED, BookingStatus.APPROVED, BookingStatus.HANDED_OVER],
    )
    return list(with_details(qs).order_by("pickup_date", "id")[:limit])


def coordinator_queue() -> dict[str, list[Booking]]:
    """What coordinators have to handle: to decide, to hand over, out (late first), to close."""
    qs = list(
        with_details(
            Booking.objects.filter(
                status__in=[BookingStatus.REQUESTED, BookingStatus.APPROVED, BookingStatus.HANDED_OVER, BookingStatus.RETURNED]
            )
        ).order_by("pickup_date", "id")
    )
    queue = {"requested": [], "approved": [], "handed_over": [], "returned": []}
    for booking in qs:
        queue[booking.status].append(booking)
    queue["handed_over"].sort(key=lambda b: (not b.is_late, b.return_date))
    return queue


def late_bookings(*, today: date | None = None) -> QuerySet[Booking]:
    """Handed over and not back on their return date."""
    return Booking.objects.filter(status=BookingStatus.HANDED_OVER, return_date__lt=today or timezone.localdate())


def coordinators() -> QuerySet[User]:
    return User.objects.filter(is_active=True, profile__is_coordinator=True)


def feed_bookings(*, museum: Museum | None = None) -> QuerySet[Booking]:
    """Bookings shown in an iCalendar feed: active ones of the last year and the future."""
    since = timezone.localdate() - timedelta(days=365)
    qs = Booking.objects.filter(status__in=ACTIVE_STATUSES, return_date__gte=since)
    if museum is not None:
        qs = qs.filter(museum=museum)
    return with_details(qs).order_by("pickup_date")


def booking_page_data(booking: Booking) -> dict:
    """Everything the booking page shows beside the booking itself."""
    events = list(booking.events.select_related("actor").order_by("created_at", "id"))
    logger_files = list(booking.logger_files.order_by("uploaded_at"))
    readings = list(
        LoggerReading.objects.filter(logger_file__booking=booking)
        .order_by("taken_at")
        .values_list("taken_at", "temperature", "humidity")
    )
    treatments = list(booking.anoxia_treatments.prefetch_related("readings").order_by("started_at"))
    consumables = list(booking.consumables.select_related("consumable").order_by("kind", "consumable__name"))
    return {
        "events": events,
        "logger_files": logger_files,
        "readings": readings,
        "treatments": treatments,
        "consumables": consumables,
    }


def usage_by_year(*, year: int) -> list[dict]:
    """Per item type and museum: bookings and loan days in `year` (approved or later)."""
    used = [BookingStatus.APPROVED, BookingStatus.HANDED_OVER, BookingStatus.RETURNED, BookingStatus.CLOSED]
    rows = (
        BookingUnit.objects.filter(booking__status__in=used, booking__pickup_date__year=year)
        .values("unit__item_type__name", "booking__museum__name", "booking_id", "booking__pickup_date", "booking__return_date")
        .order_by("unit__item_type__name", "booking__museum__name")
    )
    table: dict[tuple, dict] = {}
    for row in rows:
        key = (row["unit__item_type__name"], row["booking__museum__name"])
        entry = table.setdefault(key, {"item_type": key[0], "museum": key[1], "bookings": set(), "unit_days": 0})
        entry["bookings"].add(row["booking_id"])
        entry["unit_days"] += (row["booking__return_date"] - row["booking__pickup_date"]).days + 1
    return [
        {"item_type": e["item_type"], "museum": e["museum"], "bookings": len(e["bookings"]), "unit_days": e["unit_days"]}
        for e in table.values()
    ]


def years_with_bookings() -> list[int]:
    years = {d.year for d in Booking.objects.dates("pickup_date", "year")}
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


def item_types_with_counts() -> QuerySet[KitItemType]:
    return KitItemType.objects.annotate(
        unit_count=Count("units", filter=Q(units__status=UnitStatus.AVAILABLE))
    ).order_by("name")


def max_booking_days() -> int:
    return settings.KIT_MAX_BOOKING_DAYS
