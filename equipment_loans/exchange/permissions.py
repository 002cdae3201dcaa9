"""Who may see and do what in the equipment exchange, asked in pairs.

Every member sees published listings (and their photos), unless a coordinator hid one
(moderation): then only its museum's staff and the coordinators see it. Only the offering museum's staff
(`can_act_for_museum`, coordinators included) manage a listing and answer its requests.
A request's thread is seen by the staff of the two museums concerned only: not even
coordinators read the museums' correspondence. Anyone else gets 404, never 403.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from extranet.models import Museum
from extranet.permissions import can_act_for_museum, is_coordinator, is_member, museums_acted_for_by

from .models import PUBLIC_STATUSES, ExchangeRequest, Kind, Listing, ListingStatus, Lot, RequestStatus


def _works_for(user, museum_id) -> bool:
    """Staff of the museum itself (coordinators are not, unless they also work there)."""
    if not is_member(user):
        return False
    ids = getattr(user, "_exchange_museum_ids", None)
    if ids is None:
        from extranet.models import Membership

        ids = set(Membership.objects.active().filter(user=user).values_list("museum_id", flat=True))
        user._exchange_museum_ids = ids
    return museum_id in ids


def listings_visible_to(user) -> QuerySet[Listing]:
    """Published listings and their history for every member; drafts for their museum's staff."""
    if not is_member(user):
        return Listing.objects.none()
    if is_coordinator(user):
        return Listing.objects.all()
    return Listing.objects.filter(
        Q(status__in=PUBLIC_STATUSES, hidden_at__isnull=True) | Q(museum__in=museums_acted_for_by(user))
    )


def can_see_listing(user, listing: Listing) -> bool:
    """May `user` see this listing (and its photos)?"""
    if not is_member(user):
        return False
    return (listing.status in PUBLIC_STATUSES and listing.hidden_at is None) or can_act_for_museum(user, listing.museum)


def can_manage_listing(user, listing: Listing) -> bool:
    """May `user` edit, publish, withdraw this listing and answer its requests?"""
    return can_act_for_museum(user, listing.museum)


def lots_visible_to(user) -> QuerySet[Lot]:
    """Lots with a visible listing, and every lot of the user's museums."""
    if not is_member(user):
        return Lot.objects.none()
    if is_coordinator(user):
        return Lot.objects.all()
    return Lot.objects.filter(
        Q(listings__status__in=PUBLIC_STATUSES, listings__hidden_at__isnull=True) | Q(museum__in=museums_acted_for_by(user))
    ).distinct()


def can_manage_lot(user, lot: Lot) -> bool:
    """May `user` add listings to this lot and publish it?"""
    return can_act_for_museum(user, lot.museum)


def can_post_for(user, museum: Museum) -> bool:
    """May `user` post listings in the name of `museum`?"""
    return can_act_for_museum(user, museum)


def can_request(user, listing: Listing, museum: Museum) -> bool:
    """May `user` ask for this offer in the name of `museum` (never the offering museum itself)?"""
    return (
        listing.kind == Kind.OFFER
        and listing.status == ListingStatus.PUBLISHED
        and listing.hidden_at is None
        and listing.quantity_available > 0
        and museum.pk != listing.museum_id
        and can_act_for_museum(user, museum)
    )


def museums_that_may_request(user, listing: Listing) -> QuerySet[Museum]:
    """The museums in whose name `user` may ask for this listing."""
    return museums_acted_for_by(user).exclude(pk=listing.museum_id)


def requests_visible_to(user) -> QuerySet[ExchangeRequest]:
    """Requests (and threads) the user's museums sent or received."""
    if not is_member(user):
        return ExchangeRequest.objects.none()
    from extranet.models import Membership

    mine = Membership.objects.active().filter(user=user).values("museum")
    return ExchangeRequest.objects.filter(Q(museum__in=mine) | Q(listing__museum__in=mine))


def can_see_request(user, request: ExchangeRequest) -> bool:
    """Only the staff of the requesting and of the offering museum see a request's thread."""
    return _works_for(user, request.museum_id) or _works_for(user, request.listing.museum_id)


def can_write_in(user, request: ExchangeRequest) -> bool:
    """Both museums may write in the thread until the request is over."""
    return can_see_request(user, request) and request.status in (
        RequestStatus.PENDING, RequestStatus.PROMISED, RequestStatus.HANDED_OVER,
    )


@dataclass(frozen=True)
class RequestActions:
    promise: bool
    hand_over: bool
    mark_returned: bool
    withdraw: bool

    @property
    def any(self) -> bool:
        return any((self.promise, self.hand_over, self.mark_returned, self.withdraw))


def request_actions(user, request: ExchangeRequest) -> RequestActions:
    """What `user` may do with `request` now, for the thread page to show."""
    listing = request.listing
    offerer = can_manage_listing(user, listing)
    requester = _works_for(user, request.museum_id)
    return RequestActions(
        promise=offerer and request.status == RequestStatus.PENDING and listing.status == ListingStatus.PUBLISHED,
        hand_over=offerer and request.status == RequestStatus.PROMISED,
        mark_returned=offerer and listing.is_loan and request.status == RequestStatus.HANDED_OVER,
        withdraw=requester and request.status in (RequestStatus.PENDING, RequestStatus.PROMISED),
    )


@dataclass(frozen=True)
class ListingActions:
    edit: bool
    publish: bool
    withdraw: bool
    close: bool
    offer_again: bool = False


def listing_actions(user, listing: Listing) -> ListingActions:
    """What `user` may do with `listing` now."""
    manage = can_manage_listing(user, listing)
    return ListingActions(
        edit=manage and listing.status in (ListingStatus.DRAFT, ListingStatus.PUBLISHED),
        publish=manage and listing.status == ListingStatus.DRAFT,
        withdraw=manage and listing.status in (ListingStatus.DRAFT, ListingStatus.PUBLISHED, ListingStatus.PROMISED),
        close=manage and (
            listing.status in (ListingStatus.HANDED_OVER, ListingStatus.RETURNED)
            or (listing.kind == Kind.WANTED and listing.status == ListingStatus.PUBLISHED)
        ),
    )


def can_see_impact_of_network(user) -> bool:
    """Every member may see the network's impact page (coordinators show it at the assembly)."""
    return is_member(user)


def can_moderate_listings(user) -> bool:
    """Coordinators hide a listing from the network (and show it again), saying why."""
    return is_coordinator(user)


def listings_to_moderate(user) -> QuerySet[Listing]:
    """What the moderation page lists: every listing the network sees or saw, and the hidden ones."""
    if not can_moderate_listings(user):
        return Listing.objects.none()
    return Listing.objects.filter(Q(status__in=PUBLIC_STATUSES) | Q(hidden_at__isnull=False))
