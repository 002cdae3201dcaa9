"""Writes of the conservation kit: bookings and their lifecycle, waiting list, results.

The guarantee (docs/kit.md): no unit is ever in two active bookings whose date ranges,
turnaround included, overlap.
- PostgreSQL: an exclusion constraint over (unit, daterange) WHERE active (migration 0002,
  btree_gist) refuses the second insert whatever the code does; an IntegrityError from it
  becomes a refusal the member can read.
- SQLite: every `atomic()` block begins with BEGIN IMMEDIATE (settings: "transaction_mode"),
  so the overlap check and the insert below run while this connection holds the write lock.
On both, the kit's units are also locked (`select_for_update`, a no-op on SQLite) before the
check, so concurrent requests for an item type are given different units instead of colliding.

Every transition runs under a row lock on the booking, writes a BookingEvent and an audit
event, and tells the people concerned after commit.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import formats, timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from extranet.models import Museum, User
from extranet.services import audit_record
from notifications.services import notify

from . import selectors
from .kinds import KIT_BOOKING, KIT_QUEUE, KIT_REMINDER, KIT_WAITING_LIST
from .loggers import LoggerParseError, parse_logger_csv
from .models import (
    AnoxiaTreatment,
    Booking,
    BookingEvent,
    BookingStatus,
    BookingUnit,
    CalendarFeed,
    Consumable,
    ConsumableMovement,
    Handover,
    KitItemType,
    KitUnit,
    LoggerFile,
    LoggerReading,
    OxygenReading,
    Return,
    UnitStatus,
    WaitingListEntry,
    WaitingStatus,
    blocked_until,
)


class BookingError(Exception):
    """A booking request or transition that cannot be done; `messages` say why, for people."""

    def __init__(self, *messages):
        self.messages = [str(m) for m in messages]
        super().__init__(" ".join(self.messages))


@dataclass
class Conflict:
    unit: KitUnit
    starts_on: date
    ends_before: date

    def __str__(self):
        return _("%(unit)s is taken from %(start)s to %(end)s (turnaround included).") % {
            "unit": self.unit,
            "start": formats.date_format(self.starts_on, "SHORT_DATE_FORMAT"),
            "end": formats.date_format(self.ends_before - timedelta(days=1), "SHORT_DATE_FORMAT"),
        }


class BookingRefused(BookingError):
    """The units asked for are taken on these dates: which, when, and the nearest free dates."""

    def __init__(self, *, conflicts: list[Conflict], suggestions: list[tuple[date, date]], shortages=()):
        self.conflicts = conflicts
        self.suggestions = suggestions
        lines = [_("These dates cannot be booked.")]
        lines += [str(s) for s in shortages]
        lines += [str(c) for c in conflicts]
        if suggestions:
            lines.append(
                _("Nearest free dates: %(dates)s.")
                % {
                    "dates": _(" or ").join(
                        _("from %(start)s to %(end)s")
                        % {
                            "start": formats.date_format(s, "SHORT_DATE_FORMAT"),
                            "end": formats.date_format(e, "SHORT_DATE_FORMAT"),
                        }
                        for s, e in suggestions
                    )
                }
            )
        else:
            lines.append(_("No free dates of the same length in the next six months."))
        super().__init__(*lines)


class _Refused(Exception):
    """Raised inside the write transaction to roll it back; turned into BookingRefused outside."""

    def __init__(self, conflicts, shortages):
        self.conflicts, self.shortages = conflicts, shortages
        super().__init__()


# --- Helpers ------------------------------------------------------------------------------------


def _event(booking: Booking, *, action: str, by: User | None, from_status="", message="", request=None, data=None):
    BookingEvent.objects.create(
        booking=booking, actor=by if by is not None and by.pk else None, action=action,
        from_status=from_status, to_status=booking.status, message=message,
    )
    audit_record(
        action=f"kit_booking.{action}", actor=by, obj=booking, museum=booking.museum,
        data={"from": from_status, "to": booking.status, **(data or {})}, request=request,
    )


def _tell(recipients, *, kind: str, title, booking: Booking, by: User | None, body="") -> None:
    """Notify after commit: a rolled-back change tells nobody."""
    recipients = [r for r in recipients if r is not None]
    url = booking.get_absolute_url()

    def send():
        for recipient in {r.pk: r for r in recipients}.values():
            notify(recipient=recipient, kind=kind, title=title, body=body, url=url, actor=by, obj=booking)

    transaction.on_commit(send)


def _title(text, booking: Booking, **kwargs):
    return format_lazy(text, id=booking.pk, museum=booking.museum.name, **kwargs)


def _locked(booking: Booking) -> Booking:
    return Booking.objects.select_for_update().select_related("museum", "requested_by").get(pk=booking.pk)


def _check_status(booking: Booking, allowed) -> None:
    if booking.status not in allowed:
        raise BookingError(
            _("This booking is now “%(status)s”: that is no longer possible.") % {"status": booking.get_status_display()}
        )


def _validate_dates(pickup_date: date, return_date: date) -> None:
    errors = []
    if return_date < pickup_date:
        errors.append(_("The return date must be on or after the pickup date."))
    if pickup_date < timezone.localdate():
        errors.append(_("The pickup date is in the past."))
    days = (return_date - pickup_date).days + 1
    if days > settings.KIT_MAX_BOOKING_DAYS:
        errors.append(
            _("A booking lasts at most %(max)s days; this one would last %(days)s.")
            % {"max": settings.KIT_MAX_BOOKING_DAYS, "days": days}
        )
    if errors:
        raise BookingError(*errors)


# --- Requesting ---------------------------------------------------------------------------------


def _allocate(*, item_types: dict[KitItemType, int], units: list[KitUnit], start: date, end_exclusive: date, exclude_booking_id=None):
    """Pick the units of a request, or raise BookingRefused. Call inside the write transaction."""
    type_ids = [t.pk for t in item_types]
    unit_ids = [u.pk for u in units]
    # Lock every unit that could be chosen, always in the same order (no deadlock): concurrent
    # requests for the same item type then take turns and get different units.
    candidates = list(
        KitUnit.objects.select_for_update(of=("self",))
        .filter(Q(item_type_id__in=type_ids) | Q(pk__in=unit_ids))
        .select_related("item_type")
        .order_by("pk")
    )
    busy = selectors.busy_ranges(
        unit_ids=[u.pk for u in candidates], start=start, end_exclusive=end_exclusive, exclude_booking_id=exclude_booking_id
    )
    conflicts, shortages, chosen = [], [], []
    by_id = {u.pk: u for u in candidates}
    for unit_id in unit_ids:
        unit = by_id[unit_id]
        if unit.status != UnitStatus.AVAILABLE:
            shortages.append(_("%(unit)s is not available for loan (%(status)s).") % {"unit": unit, "status": unit.get_status_display()})
        for s, e, _b in busy.get(unit_id, []):
            conflicts.append(Conflict(unit=unit, starts_on=s, ends_before=e))
        chosen.append(unit)
    for item_type, quantity in item_types.items():
        of_type = sorted(
            (u for u in candidates if u.item_type_id == item_type.pk and u.status == UnitStatus.AVAILABLE and u.pk not in unit_ids),
            key=lambda u: u.inventory_number,
        )
        free = [u for u in of_type if not busy.get(u.pk)]
        if len(free) < quantity:
            shortages.append(
                _("%(type)s: %(wanted)s asked for, %(free)s free on these dates out of %(total)s.")
                % {"type": item_type.name, "wanted": quantity, "free": len(free), "total": len(of_type)}
            )
            for unit in of_type:
                for s, e, _b in busy.get(unit.pk, []):
                    conflicts.append(Conflict(unit=unit, starts_on=s, ends_before=e))
        chosen.extend(free[:quantity])
    if conflicts or shortages:
        return None, conflicts, shortages
    return chosen, [], []


def _suggest(item_types, units, pickup_date, return_date):
    needed = {t.pk: q for t, q in item_types.items()}
    needed.update({("unit", u.pk): 1 for u in units})
    return selectors.nearest_free_dates(units_needed=needed, pickup=pickup_date, return_date=return_date)


def kit_booking_request(
    *,
    museum: Museum,
    pickup_date: date,
    return_date: date,
    purpose: str,
    contact: str,
    collection: str = "",
    item_types: dict[KitItemType, int] | None = None,
    units: list[KitUnit] | None = None,
    by: User,
    request=None,
) -> Booking:
    """Request kit units for a museum: types and quantities (units chosen here) or named units."""
    item_types = {t: q for t, q in (item_types or {}).items() if q}
    units = list(units or [])
    if not item_types and not units:
        raise BookingError(_("Choose at least one item of the kit."))
    if any(q < 0 for q in item_types.values()):
        raise BookingError(_("A quantity cannot be negative."))
    _validate_dates(pickup_date, return_date)
    start, end_exclusive = pickup_date, blocked_until(return_date)
    try:
        with transaction.atomic():  # BEGIN IMMEDIATE on SQLite: we hold the write lock from here
            chosen, conflicts, shortages = _allocate(item_types=item_types, units=units, start=start, end_exclusive=end_exclusive)
            if chosen is None:
                raise _Refused(conflicts, shortages)
            booking = Booking(
                museum=museum, requested_by=by, pickup_date=pickup_date, return_date=return_date,
                purpose=purpose.strip(), collection=collection.strip(), contact=contact.strip(),
            )
            booking.full_clean()
            booking.save()
            BookingUnit.objects.bulk_create(
                [BookingUnit(booking=booking, unit=u, starts_on=start, ends_before=end_exclusive) for u in chosen]
            )
            _event(booking, action="requested", by=by, request=request, data={"units": [u.inventory_number for u in chosen]})
            _tell(
                selectors.coordinators(), kind=KIT_QUEUE, booking=booking, by=by,
                title=_title(gettext_lazy("{museum} requests the kit (booking no. {id})"), booking),
            )
    except _Refused as refused:
        # Suggestions are computed after the write lock is released.
        raise BookingRefused(
            conflicts=refused.conflicts, shortages=refused.shortages,
            suggestions=_suggest(item_types, units, pickup_date, return_date),
        ) from None
    except IntegrityError:
        # PostgreSQL's exclusion constraint caught an overlap the check could not see.
        raise BookingRefused(
            conflicts=[], shortages=[_("Another museum has just booked these units for overlapping dates.")],
            suggestions=_suggest(item_types, units, pickup_date, return_date),
        ) from None
    return booking


# --- Lifecycle ----------------------------------------------------------------------------------


@transaction.atomic
def kit_booking_approve(*, booking: Booking, by: User, message: str = "", request=None) -> Booking:
    """A coordinator accepts a requested booking."""
    booking = _locked(booking)
    _check_status(booking, [BookingStatus.REQUESTED])
    previous, booking.status = booking.status, BookingStatus.APPROVED
    booking.save(update_fields=["status", "updated_at"])
    _event(booking, action="approved", by=by, from_status=previous, message=message, request=request)
    _tell([booking.requested_by], kind=KIT_BOOKING, booking=booking, by=by, body=message,
          title=_title(gettext_lazy("Your kit booking no. {id} is approved"), booking))
    return booking


@transaction.atomic
def kit_booking_decline(*, booking: Booking, by: User, message: str, request=None) -> Booking:
    """A coordinator turns a booking down, saying why; its dates become free."""
    if not message.strip():
        raise BookingError(_("Say why the booking is declined."))
    booking = _locked(booking)
    _check_status(booking, [BookingStatus.REQUESTED, BookingStatus.APPROVED])
    previous, booking.status = booking.status, BookingStatus.DECLINED
    booking.save(update_fields=["status", "updated_at"])
    _free_units(booking)
    _event(booking, action="declined", by=by, from_status=previous, message=message, request=request)
    _tell([booking.requested_by], kind=KIT_BOOKING, booking=booking, by=by, body=message,
          title=_title(gettext_lazy("Your kit booking no. {id} is declined"), booking))
    return booking


@transaction.atomic
def kit_booking_cancel(*, booking: Booking, by: User, message: str = "", request=None) -> Booking:
    """The museum (or a coordinator) cancels before hand-over; its dates become free."""
    booking = _locked(booking)
    _check_status(booking, [BookingStatus.REQUESTED, BookingStatus.APPROVED])
    previous, booking.status = booking.status, BookingStatus.CANCELLED
    booking.save(update_fields=["status", "updated_at"])
    _free_units(booking)
    _event(booking, action="cancelled", by=by, from_status=previous, message=message, request=request)
    _tell([*selectors.coordinators(), booking.requested_by], kind=KIT_QUEUE, booking=booking, by=by, body=message,
          title=_title(gettext_lazy("{museum} cancelled kit booking no. {id}"), booking))
    return booking


def _consumables_map(quantities: dict) -> dict[Consumable, int]:
    return {c: int(q) for c, q in (quantities or {}).items() if q}


@transaction.atomic
def kit_booking_hand_over(
    *, booking: Booking, by: User, handed_over_on: date | None = None, condition_notes: str = "",
    accessories: str = "", consumables: dict[Consumable, int] | None = None, request=None,
) -> Booking:
    """A coordinator hands the units over; consumables given are taken from stock."""
    booking = _locked(booking)
    _check_status(booking, [BookingStatus.APPROVED])
    given = _consumables_map(consumables)
    locked = {c.pk: c for c in Consumable.objects.select_for_update().filter(pk__in=[c.pk for c in given]).order_by("pk")}
    short = [c for c, q in given.items() if locked[c.pk].stock < q]
    if short:
        raise BookingError(*[
            _("Only %(stock)s %(unit)s of %(name)s left in stock.") % {"stock": locked[c.pk].stock, "unit": c.unit_label, "name": c.name}
            for c in short
        ])
    for consumable, quantity in given.items():
        Consumable.objects.filter(pk=consumable.pk).update(stock=F("stock") - quantity)
        ConsumableMovement.objects.create(booking=booking, consumable=consumable, kind=ConsumableMovement.Kind.GIVEN, quantity=quantity)
    Handover.objects.create(
        booking=booking, handed_over_on=handed_over_on or timezone.localdate(), condition_notes=condition_notes,
        accessories=accessories, by=by,
    )
    previous, booking.status = booking.status, BookingStatus.HANDED_OVER
    booking.save(update_fields=["status", "updated_at"])
    _event(booking, action="handed_over", by=by, from_status=previous, message=condition_notes, request=request,
           data={"consumables": {c.name: q for c, q in given.items()}})
    _tell([booking.requested_by], kind=KIT_BOOKING, booking=booking, by=by,
          title=_title(gettext_lazy("Kit booking no. {id} was handed over"), booking))
    return booking


@transaction.atomic
def kit_booking_return(
    *, booking: Booking, by: User, returned_on: date | None = None, condition_notes: str = "",
    consumables_used: dict[Consumable, int] | None = None, request=None,
) -> Booking:
    """A coordinator checks the units back in; consumables given and not used go back to stock."""
    booking = _locked(booking)
    _check_status(booking, [BookingStatus.HANDED_OVER])
    returned_on = returned_on or timezone.localdate()
    used = _consumables_map(consumables_used)
    given: dict[int, int] = {}
    for movement in booking.consumables.filter(kind=ConsumableMovement.Kind.GIVEN):
        given[movement.consumable_id] = given.get(movement.consumable_id, 0) + movement.quantity
    too_many = [c for c, q in used.items() if q > given.get(c.pk, 0)]
    if too_many:
        raise BookingError(*[
            _("%(name)s: more used than given (%(given)s).") % {"name": c.name, "given": given.get(c.pk, 0)} for c in too_many
        ])
    for consumable, quantity in used.items():
        ConsumableMovement.objects.create(booking=booking, consumable=consumable, kind=ConsumableMovement.Kind.USED, quantity=quantity)
    used_by_id = {c.pk: q for c, q in used.items()}
    for consumable_id, quantity in given.items():
        back = quantity - used_by_id.get(consumable_id, 0)
        if back:
            Consumable.objects.filter(pk=consumable_id).update(stock=F("stock") + back)
    Return.objects.create(booking=booking, returned_on=returned_on, condition_notes=condition_notes, by=by)
    late = returned_on > booking.return_date
    if returned_on < booking.return_date and returned_on >= booking.pickup_date:
        # Back early: the units are free again after the turnaround from the real return.
        booking.booking_units.update(ends_before=blocked_until(returned_on))
    previous, booking.status = booking.status, BookingStatus.RETURNED
    booking.save(update_fields=["status", "updated_at"])
    _event(booking, action="returned", by=by, from_status=previous, message=condition_notes, request=request,
           data={"late": late, "consumables_used": {c.name: q for c, q in used.items()}})
    _tell([booking.requested_by], kind=KIT_BOOKING, booking=booking, by=by,
          title=_title(gettext_lazy("Kit booking no. {id} was checked back in"), booking))
    return booking


@transaction.atomic
def kit_booking_close(*, booking: Booking, by: User, message: str = "", request=None) -> Booking:
    """A coordinator closes a returned booking: nothing more is expected of it."""
    booking = _locked(booking)
    _check_status(booking, [BookingStatus.RETURNED])
    previous, booking.status = booking.status, BookingStatus.CLOSED
    booking.save(update_fields=["status", "updated_at"])
    _event(booking, action="closed", by=by, from_status=previous, message=message, request=request)
    return booking


def _free_units(booking: Booking) -> None:
    """Release a booking's units and tell the first waiting request that now fits."""
    freed = list(booking.booking_units.select_related("unit"))
    booking.booking_units.update(active=False)
    if freed:
        _tell_first_waiting(freed)


def _tell_first_waiting(freed: list[BookingUnit]) -> WaitingListEntry | None:
    type_ids = {bu.unit.item_type_id for bu in freed}
    start = min(bu.starts_on for bu in freed)
    end = max(bu.ends_before for bu in freed)
    candidates = (
        WaitingListEntry.objects.select_for_update()
        .filter(status=WaitingStatus.WAITING, item_type_id__in=type_ids, pickup_date__lt=end, return_date__gte=start,
                pickup_date__gte=timezone.localdate())
        .select_related("item_type", "museum", "requested_by")
        .order_by("created_at", "id")
    )
    for entry in candidates:
        free = selectors.bookable_units(start=entry.pickup_date, end=entry.return_date, item_type=entry.item_type)
        if len(free) >= entry.quantity:
            entry.status, entry.told_at = WaitingStatus.TOLD, timezone.now()
            entry.save(update_fields=["status", "told_at"])
            title = format_lazy(
                gettext_lazy("{type} is free from {start} to {end}: you can book it now"),
                type=entry.item_type.name,
                start=formats.date_format(entry.pickup_date, "SHORT_DATE_FORMAT"),
                end=formats.date_format(entry.return_date, "SHORT_DATE_FORMAT"),
            )
            url = entry.item_type.get_absolute_url()
            transaction.on_commit(
                lambda e=entry, t=title, u=url: notify(recipient=e.requested_by, kind=KIT_WAITING_LIST, title=t, url=u, obj=e)
            )
            return entry
    return None


@transaction.atomic
def waiting_list_join(
    *, museum: Museum, item_type: KitItemType, quantity: int, pickup_date: date, return_date: date, note: str = "",
    by: User, request=None,
) -> WaitingListEntry:
    """Put a museum on the waiting list for an item type on dates that are taken."""
    if return_date < pickup_date:
        raise BookingError(_("The return date must be on or after the pickup date."))
    entry = WaitingListEntry.objects.create(
        museum=museum, requested_by=by, item_type=item_type, quantity=max(1, quantity),
        pickup_date=pickup_date, return_date=return_date, note=note,
    )
    audit_record(action="kit_waiting_list.joined", actor=by, obj=entry, museum=museum, request=request,
                 data={"item_type": item_type.pk, "quantity": entry.quantity})
    return entry


@transaction.atomic
def waiting_list_withdraw(*, entry: WaitingListEntry, by: User, request=None) -> None:
    """Leave the waiting list."""
    updated = WaitingListEntry.objects.filter(pk=entry.pk).exclude(status=WaitingStatus.WITHDRAWN).update(
        status=WaitingStatus.WITHDRAWN
    )
    if updated:
        audit_record(action="kit_waiting_list.withdrawn", actor=by, obj=entry, museum=entry.museum, request=request)


# --- Results of the loan ------------------------------------------------------------------------


@transaction.atomic
def logger_file_attach(*, booking: Booking, file, by: User, request=None) -> LoggerFile:
    """Attach a data logger export (CSV: time, temperature, RH); its rows become readings."""
    try:
        rows = parse_logger_csv(file)
    except LoggerParseError as error:
        raise BookingError(str(error)) from None
    file.seek(0)
    logger_file = LoggerFile(booking=booking, file=file, original_name=getattr(file, "name", "")[:200], uploaded_by=by,
                             reading_count=len(rows))
    logger_file.save()
    LoggerReading.objects.bulk_create(
        [LoggerReading(logger_file=logger_file, taken_at=t, temperature=temp, humidity=rh) for t, temp, rh in rows],
        batch_size=1000,
    )
    BookingEvent.objects.create(booking=booking, actor=by, action="logger_attached", to_status=booking.status,
                                message=logger_file.original_name)
    audit_record(action="kit_booking.logger_attached", actor=by, obj=booking, museum=booking.museum, request=request,
                 data={"readings": len(rows), "file": logger_file.original_name})
    return logger_file


@transaction.atomic
def anoxia_treatment_record(
    *, booking: Booking, started_at: datetime, ended_at: datetime, readings: list[tuple[datetime, float]],
    notes: str = "", by: User, request=None,
) -> AnoxiaTreatment:
    """Record the log of an anoxia treatment: start, end and the oxygen readings."""
    if ended_at < started_at:
        raise BookingError(_("The treatment must end after it starts."))
    treatment = AnoxiaTreatment.objects.create(booking=booking, started_at=started_at, ended_at=ended_at, notes=notes,
                                               recorded_by=by)
    OxygenReading.objects.bulk_create([OxygenReading(treatment=treatment, taken_at=t, oxygen_percent=o) for t, o in readings])
    BookingEvent.objects.create(booking=booking, actor=by, action="anoxia_recorded", to_status=booking.status)
    audit_record(action="kit_booking.anoxia_recorded", actor=by, obj=booking, museum=booking.museum, request=request,
                 data={"readings": len(readings)})
    return treatment


# --- Reminders ----------------------------------------------------------------------------------


def kit_reminders_send(*, today: date | None = None) -> dict[str, int]:
    """Pickup reminders two days ahead, return-day reminders, late flags. Safe to rerun."""
    today = today or timezone.localdate()
    now = timezone.now()
    sent = {"pickup": 0, "return": 0, "late": 0}
    pickup_day = today + timedelta(days=2)
    for booking in Booking.objects.filter(status=BookingStatus.APPROVED, pickup_date=pickup_day,
                                          pickup_reminder_sent_at__isnull=True).select_related("museum", "requested_by"):
        with transaction.atomic():
            # The conditional update claims the reminder: two runs at once send it once.
            if Booking.objects.filter(pk=booking.pk, pickup_reminder_sent_at__isnull=True).update(pickup_reminder_sent_at=now):
                _tell([booking.requested_by], kind=KIT_REMINDER, booking=booking, by=None,
                      title=_title(gettext_lazy("Reminder: you pick up the kit (booking no. {id}) in two days"), booking))
                sent["pickup"] += 1
    for booking in Booking.objects.filter(status=BookingStatus.HANDED_OVER, return_date=today,
                                          return_reminder_sent_at__isnull=True).select_related("museum", "requested_by"):
        with transaction.atomic():
            if Booking.objects.filter(pk=booking.pk, return_reminder_sent_at__isnull=True).update(return_reminder_sent_at=now):
                _tell([booking.requested_by], kind=KIT_REMINDER, booking=booking, by=None,
                      title=_title(gettext_lazy("Reminder: the kit (booking no. {id}) is due back today"), booking))
                sent["return"] += 1
    for booking in selectors.late_bookings(today=today).filter(late_flagged_at__isnull=True).select_related("museum", "requested_by"):
        with transaction.atomic():
            if Booking.objects.filter(pk=booking.pk, late_flagged_at__isnull=True).update(late_flagged_at=now):
                BookingEvent.objects.create(booking=booking, action="late", to_status=booking.status)
                audit_record(action="kit_booking.late", obj=booking, museum=booking.museum)
                _tell([booking.requested_by, *selectors.coordinators()], kind=KIT_REMINDER, booking=booking, by=None,
                      title=_title(gettext_lazy("Kit booking no. {id} ({museum}) is late: it was due back"), booking))
                sent["late"] += 1
    return sent


# --- Calendar feeds -----------------------------------------------------------------------------


def calendar_feed_for(*, museum: Museum | None) -> CalendarFeed:
    """The feed of a museum (or the coordinators' feed when `museum` is None), created once."""
    import secrets

    scope = CalendarFeed.COORDINATORS if museum is None else f"museum-{museum.pk}"
    feed = CalendarFeed.objects.filter(scope=scope).first()
    if feed is None:
        try:
            with transaction.atomic():
                feed = CalendarFeed.objects.create(scope=scope, museum=museum, token=secrets.token_urlsafe(32))
        except IntegrityError:
            feed = CalendarFeed.objects.get(scope=scope)
    return feed


@transaction.atomic
def calendar_feed_renew(*, museum: Museum | None, by: User, request=None) -> CalendarFeed:
    """Give a feed a new secret address; the old one stops working at once."""
    import secrets

    feed = calendar_feed_for(museum=museum)
    feed.token = secrets.token_urlsafe(32)
    feed.created_at = timezone.now()
    feed.save(update_fields=["token", "created_at"])
    audit_record(action="kit_calendar.renewed", actor=by, obj=feed, museum=museum, request=request)
    return feed
