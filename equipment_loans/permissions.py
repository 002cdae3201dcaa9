"""Who may see and do what with the conservation kit, asked in pairs.

Staff of a museum see and act on that museum's bookings; coordinators decide on, hand over,
check in and close any booking. Anyone else gets 404 (views raise it when `can_see_booking`
is false), never 403.
"""

from dataclasses import dataclass

from django.db.models import QuerySet

from extranet.models import Museum
from extranet.permissions import can_act_for_museum, is_coordinator, is_member, museums_acted_for_by

from .models import Booking, BookingStatus


def bookings_visible_to(user) -> QuerySet[Booking]:
    """The bookings `user` may see: their museums' ones, or all for coordinators."""
    if is_coordinator(user):
        return Booking.objects.all()
    if not is_member(user):
        return Booking.objects.none()
    return Booking.objects.filter(museum__in=museums_acted_for_by(user))


def can_see_booking(user, booking: Booking) -> bool:
    """May `user` see this booking (and its results)?"""
    return can_act_for_museum(user, booking.museum)


def can_see_kit(user) -> bool:
    """Every member may browse the kit and its availability."""
    return is_member(user)


def can_request_for(user, museum: Museum) -> bool:
    """May `user` book the kit in the name of `museum`?"""
    return can_act_for_museum(user, museum)


def can_manage_kit(user) -> bool:
    """Coordinators run the kit: the queue, usage figures, the coordinators' calendar."""
    return is_coordinator(user)


def can_approve(user, booking: Booking) -> bool:
    """May `user` approve this booking now?"""
    return is_coordinator(user) and booking.status == BookingStatus.REQUESTED


def can_decline(user, booking: Booking) -> bool:
    """May `user` decline this booking now?"""
    return is_coordinator(user) and booking.status in (BookingStatus.REQUESTED, BookingStatus.APPROVED)


def can_hand_over(user, booking: Booking) -> bool:
    """May `user` hand this booking's units over now?"""
    return is_coordinator(user) and booking.status == BookingStatus.APPROVED


def can_check_in(user, booking: Booking) -> bool:
    """May `user` record the return of this booking's units now?"""
    return is_coordinator(user) and booking.status == BookingStatus.HANDED_OVER


def can_close(user, booking: Booking) -> bool:
    """May `user` close this booking now?"""
    return is_coordinator(user) and booking.status == BookingStatus.RETURNED


def can_cancel(user, booking: Booking) -> bool:
    """The museum's staff (and coordinators) may cancel before the hand-over."""
    return can_act_for_museum(user, booking.museum) and booking.status in (BookingStatus.REQUESTED, BookingStatus.APPROVED)


def can_attach_results(user, booking: Booking) -> bool:
    """Logger exports and anoxia logs are added once the kit has left, by the museum or a coordinator."""
    return can_act_for_museum(user, booking.museum) and booking.status in (
        BookingStatus.HANDED_OVER, BookingStatus.RETURNED, BookingStatus.CLOSED,
    )


def can_use_museum_feed(user, museum: Museum) -> bool:
    """May `user` see (and renew) the secret calendar address of `museum`?"""
    return can_act_for_museum(user, museum)


@dataclass(frozen=True)
class BookingActions:
    approve: bool
    decline: bool
    hand_over: bool
    check_in: bool
    close: bool
    cancel: bool
    attach_results: bool

    @property
    def any(self) -> bool:
        return any((self.approve, self.decline, self.hand_over, self.check_in, self.close, self.cancel))


def booking_actions(user, booking: Booking) -> BookingActions:
    """Everything `user` may do with `booking` now, for the booking page to show."""
    return BookingActions(
        approve=can_approve(user, booking),
        decline=can_decline(user, booking),
        hand_over=can_hand_over(user, booking),
        check_in=can_check_in(user, booking),
        close=can_close(user, booking),
        cancel=can_cancel(user, booking),
        attach_results=can_attach_results(user, booking),
    )
