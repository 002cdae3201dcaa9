"""Writes of the equipment exchange: listings and lots, requests and their threads, promises,
hand-overs and returns.

The guarantee (docs/exchange.md): a listing never promises more than its quantity, even when
museums click at the same moment. `listing_promise` locks the listing row, then takes the
quantity with one conditional UPDATE (`quantity_available = quantity_available - n WHERE quantity_available >= n AND
status = 'published'`): the database applies concurrent updates of one row one after the
other and re-checks the condition for each, so the one that comes too late updates no row and
is told that someone was faster. A CheckConstraint (quantity_promised <= quantity,
quantity_available >= 0, and their sum) refuses any write that would break it anyway. On
SQLite every atomic block also starts with BEGIN IMMEDIATE (settings).

Every transition is a conditional update from the states it may leave, writes a ListingEvent
and an audit event, and tells the people concerned after commit.
"""

import io
from datetime import date
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps, UnidentifiedImageError

from extranet.models import Museum, User
from extranet.services import audit_record
from notifications.services import notify

from . import selectors
from .kinds import EXCHANGE_LISTING, EXCHANGE_MATCH, EXCHANGE_MODERATION, EXCHANGE_MY_REQUESTS, EXCHANGE_REQUESTS
from .models import (
    ExchangeRequest,
    Kind,
    Listing,
    ListingEvent,
    ListingPhoto,
    ListingStatus,
    Lot,
    OfferType,
    RequestMessage,
    RequestStatus,
)

PHOTO_MAX_PX = 1600
THUMBNAIL_PX = 480
MAX_PHOTOS = 12


class ExchangeError(Exception):
    """A change that cannot be made; `messages` say why, for people."""

    def __init__(self, *messages):
        self.messages = [str(m) for m in messages]
        super().__init__(" ".join(self.messages))


class SomeoneWasFaster(ExchangeError):
    """Another promise took the quantity first."""


# Fields a listing's form may set; everything else is kept by the services.
LISTING_FIELDS = (
    "kind", "offer_type", "category", "title", "description", "quantity", "width_cm", "depth_cm", "height_cm",
    "weight_kg", "material", "condition", "location", "available_from", "available_until", "dismantling_needed",
    "transport_by_taker", "access_constraints", "loan_duration_months", "exhibition",
)
LOT_FIELDS = ("title", "description", "exhibition", "pickup_from", "pickup_until", "pickup_details")


# --- Helpers ------------------------------------------------------------------------------------


def _event(listing: Listing, *, action: str, by: User | None, from_status: str = "", to_status: str = "",
           exchange_request: ExchangeRequest | None = None, quantity: int | None = None, http_request=None,
           extra: dict | None = None) -> None:
    by = by if by is not None and by.pk else None
    ListingEvent.objects.create(
        listing=listing, request=exchange_request, museum=listing.museum, actor=by, action=action,
        from_status=from_status, to_status=to_status, quantity=quantity,
    )
    data = {"from": from_status, "to": to_status, "listing": listing.pk}
    if exchange_request is not None:
        data.update(request=exchange_request.pk, requesting_museum=exchange_request.museum_id)
    if quantity is not None:
        data["quantity"] = quantity
    data.update(extra or {})
    audit_record(
        action=f"exchange.{action}", actor=by, obj=exchange_request or listing, museum=listing.museum,
        data=data, request=http_request,
    )


def _tell(museum_ids, *, kind: str, title, url: str, by: User | None, obj, body="") -> None:
    """Notify the staff of these museums after commit: a rolled-back change tells nobody."""
    museum_ids = [m for m in museum_ids if m is not None]

    def send():
        recipients = {}
        for museum_id in museum_ids:
            for user in selectors.staff_users(museum_id):
                recipients[user.pk] = user
        for user in recipients.values():
            notify(recipient=user, kind=kind, title=title, body=body, url=url, actor=by, obj=obj)

    transaction.on_commit(send)


def _validate_listing(listing: Listing) -> None:
    errors = []
    if listing.kind == Kind.OFFER and not listing.offer_type:
        errors.append(_("Say whether the offer is a donation or a loan."))
    if listing.kind == Kind.WANTED:
        listing.offer_type = listing.offer_type or ""
    if listing.offer_type != OfferType.LOAN:
        listing.loan_duration_months = None
    if listing.available_from and listing.available_until and listing.available_until < listing.available_from:
        errors.append(_("The end of availability must be on or after its start."))
    if errors:
        raise ExchangeError(*errors)


def _store_photo(listing: Listing, upload, position: int) -> ListingPhoto:
    """Re-encode the upload (strips metadata, caps its size) and make the thumbnail."""
    try:
        with Image.open(upload) as original:
            original.load()
            image = ImageOps.exif_transpose(original).convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ExchangeError(_("“%(name)s” is not a photo we can read (JPEG, PNG or WebP).") % {"name": upload.name}) from error
    image.thumbnail((PHOTO_MAX_PX, PHOTO_MAX_PX))
    full = io.BytesIO()
    image.save(full, "JPEG", quality=85, optimize=True)
    thumb_image = image.copy()
    thumb_image.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX))
    thumb = io.BytesIO()
    thumb_image.save(thumb, "JPEG", quality=80, optimize=True)
    photo = ListingPhoto(museum_id=listing.museum_id, listing=listing, position=position,
                         width=image.width, height=image.height)
    stem = f"{listing.pk}-{position}-{timezone.now():%Y%m%d%H%M%S%f}"
    photo.image.save(f"{stem}.jpg", ContentFile(full.getvalue()), save=False)
    photo.thumbnail.save(f"{stem}-thumb.jpg", ContentFile(thumb.getvalue()), save=False)
    photo.full_clean()
    photo.save()
    return photo


def _add_photos(listing: Listing, photos) -> None:
    if not photos:
        return
    existing = listing.photos.count()
    if existing + len(photos) > MAX_PHOTOS:
        raise ExchangeError(_("A listing has at most %(max)s photos.") % {"max": MAX_PHOTOS})
    for i, upload in enumerate(photos):
        _store_photo(listing, upload, existing + i)


def _reindex(listing: Listing) -> None:
    """Conditional updates send no post_save: queue the search index update ourselves."""
    from search.signals import enqueue_index_update

    transaction.on_commit(partial(enqueue_index_update, "exchange.listing", listing.pk, False), robust=True)


def _transition(listing: Listing, *, allowed, to: str, by, action: str, http_request=None, **extra) -> Listing:
    """Move `listing` to `to` only from one of `allowed`, by a conditional update."""
    from_status = listing.status
    updated = Listing.objects.filter(pk=listing.pk, status__in=allowed).update(status=to, updated_at=timezone.now(), **extra)
    if not updated:
        listing.refresh_from_db()
        raise ExchangeError(
            _("This listing is now “%(status)s”: that is no longer possible.") % {"status": listing.get_status_display()}
        )
    listing.refresh_from_db()
    _event(listing, action=action, by=by, from_status=from_status, to_status=to, http_request=http_request)
    _reindex(listing)
    return listing


# --- Listings and lots --------------------------------------------------------------------------


@transaction.atomic
def listing_create(*, museum: Museum, by: User, data: dict, lot: Lot | None = None, photos=(), http_request=None) -> Listing:
    """A draft listing of `museum` (in `lot` if given: its dates are the lot's pickup window)."""
    if lot is not None and lot.museum_id != museum.pk:
        raise ExchangeError(_("A lot only holds listings of its own museum."))
    listing = Listing(museum=museum, created_by=by, lot=lot, **{k: v for k, v in data.items() if k in LISTING_FIELDS})
    if lot is not None:
        listing.kind = Kind.OFFER
        listing.available_from, listing.available_until = lot.pickup_from, lot.pickup_until
        listing.exhibition = listing.exhibition or lot.exhibition
    listing.quantity_promised = 0
    listing.quantity_available = listing.quantity
    _validate_listing(listing)
    listing.status = ListingStatus.DRAFT
    listing.full_clean()
    listing.save()
    _add_photos(listing, photos)
    _event(listing, action="listing.created", by=by, to_status=listing.status, http_request=http_request)
    return listing


@transaction.atomic
def listing_update(*, listing: Listing, by: User, data: dict, photos=(), remove_photo_ids=(), http_request=None) -> Listing:
    """Edit a draft or published listing; the quantity never drops below what is promised."""
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    if listing.status not in (ListingStatus.DRAFT, ListingStatus.PUBLISHED):
        raise ExchangeError(
            _("This listing is now “%(status)s”: it can no longer be changed.") % {"status": listing.get_status_display()}
        )
    for key, value in data.items():
        if key in LISTING_FIELDS and not (key == "kind" and listing.status != ListingStatus.DRAFT):
            setattr(listing, key, value)
    if listing.lot_id:
        listing.kind = Kind.OFFER
    if listing.quantity < listing.quantity_promised:
        raise ExchangeError(
            _("%(n)s are already promised: the quantity cannot be less.") % {"n": listing.quantity_promised}
        )
    listing.quantity_available = listing.quantity - listing.quantity_promised
    _validate_listing(listing)
    listing.full_clean()
    listing.save()
    if remove_photo_ids:
        listing.photos.filter(pk__in=list(remove_photo_ids)).delete()
    _add_photos(listing, photos)
    _event(listing, action="listing.edited", by=by, from_status=listing.status, to_status=listing.status, http_request=http_request)
    return listing


def _match_wanted_ads(offer: Listing, *, by: User | None) -> None:
    """Tell the museums whose wanted ads this new offer fits (category, and nearby)."""
    if offer.kind != Kind.OFFER:
        return
    ads = selectors.matching_wanted_ads(offer, max_km=settings.EXCHANGE_MATCH_DISTANCE_KM)
    museum_ids = sorted({ad.museum_id for ad in ads})
    if museum_ids:
        _tell(
            museum_ids, kind=EXCHANGE_MATCH, by=by, obj=offer, url=offer.get_absolute_url(),
            title=format_lazy(gettext_lazy("{museum} offers “{title}”, which matches your wanted ad"),
                              museum=offer.museum.name, title=offer.title),
        )


@transaction.atomic
def listing_publish(*, listing: Listing, by: User, http_request=None) -> Listing:
    """Show a draft to the network; matching wanted ads are told."""
    listing = _transition(
        listing, allowed=(ListingStatus.DRAFT,), to=ListingStatus.PUBLISHED, by=by, action="listing.published",
        http_request=http_request, published_at=timezone.now(),
    )
    _match_wanted_ads(listing, by=by)
    return listing


def _release_requests(listing: Listing, *, statuses, by: User | None, title) -> None:
    """Requests still open when a listing goes away are not retained; their museums are told."""
    open_requests = list(listing.requests.filter(status__in=statuses).select_related("museum"))
    for req in open_requests:
        ExchangeRequest.objects.filter(pk=req.pk).update(status=RequestStatus.NOT_RETAINED, quantity_promised=0)
        _event(listing, action="request.not_retained", by=by, from_status=req.status, to_status=RequestStatus.NOT_RETAINED,
               exchange_request=req)
    if open_requests:
        _tell([r.museum_id for r in open_requests], kind=EXCHANGE_MY_REQUESTS, by=by, obj=listing,
              url=listing.get_absolute_url(), title=title)


@transaction.atomic
def listing_withdraw(*, listing: Listing, by: User, http_request=None) -> Listing:
    """Take a listing back before anything was handed over; promises and requests lapse."""
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    if listing.requests.filter(status__in=(RequestStatus.HANDED_OVER, RequestStatus.RETURNED)).exists():
        raise ExchangeError(_("Part of it was already handed over: close the listing instead."))
    listing = _transition(
        listing, allowed=(ListingStatus.DRAFT, ListingStatus.PUBLISHED, ListingStatus.PROMISED),
        to=ListingStatus.WITHDRAWN, by=by, action="listing.withdrawn", http_request=http_request,
        quantity_available=F("quantity"), quantity_promised=0,
    )
    _release_requests(listing, statuses=(RequestStatus.PENDING, RequestStatus.PROMISED), by=by,
                      title=format_lazy(gettext_lazy("{museum} withdrew “{title}”"), museum=listing.museum.name, title=listing.title))
    return listing


@transaction.atomic
def listing_close(*, listing: Listing, by: User, http_request=None) -> Listing:
    """Close a listing whose story is over (handed over, returned, or a wanted ad fulfilled)."""
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    if listing.requests.filter(status=RequestStatus.PROMISED).exists():
        raise ExchangeError(_("Something promised has not been handed over yet."))
    allowed = [ListingStatus.HANDED_OVER, ListingStatus.RETURNED]
    if listing.kind == Kind.WANTED or listing.requests.filter(
        status__in=(RequestStatus.HANDED_OVER, RequestStatus.RETURNED)
    ).exists():
        allowed.append(ListingStatus.PUBLISHED)
    if listing.is_loan and listing.requests.filter(status=RequestStatus.HANDED_OVER).exists():
        raise ExchangeError(_("Part of the loan has not come back yet."))
    listing = _transition(listing, allowed=allowed, to=ListingStatus.CLOSED, by=by, action="listing.closed", http_request=http_request)
    _release_requests(listing, statuses=(RequestStatus.PENDING,), by=by,
                      title=format_lazy(gettext_lazy("“{title}” is no longer available"), title=listing.title))
    return listing


@transaction.atomic
def listing_hide(*, listing: Listing, by: User, reason: str, http_request=None) -> Listing:
    """A coordinator hides a listing from the network (moderation), saying why; its museum's staff
    are told. Nothing else changes: its status, requests and photos stay as they were."""
    reason = (reason or "").strip()
    if not reason:
        raise ExchangeError(_("Say why the listing is hidden: its museum is told."))
    now = timezone.now()
    hidden = Listing.objects.filter(pk=listing.pk, hidden_at__isnull=True).update(
        hidden_at=now, hidden_by=by, hidden_reason=reason, updated_at=now
    )
    listing.refresh_from_db()
    if not hidden:
        raise ExchangeError(_("This listing is already hidden."))
    _event(listing, action="listing.hidden", by=by, from_status=listing.status, to_status=listing.status,
           http_request=http_request, extra={"reason": reason})
    _reindex(listing)
    _tell([listing.museum_id], kind=EXCHANGE_MODERATION, by=by, obj=listing, url=listing.get_absolute_url(), body=reason,
          title=format_lazy(gettext_lazy("The network's coordinators hid your listing “{title}”"), title=listing.title))
    return listing


@transaction.atomic
def listing_unhide(*, listing: Listing, by: User, http_request=None) -> Listing:
    """Show a hidden listing to the network again; its museum's staff are told."""
    now = timezone.now()
    shown = Listing.objects.filter(pk=listing.pk, hidden_at__isnull=False).update(
        hidden_at=None, hidden_by=None, hidden_reason="", updated_at=now
    )
    listing.refresh_from_db()
    if not shown:
        raise ExchangeError(_("This listing is not hidden."))
    _event(listing, action="listing.unhidden", by=by, from_status=listing.status, to_status=listing.status,
           http_request=http_request)
    _reindex(listing)
    _tell([listing.museum_id], kind=EXCHANGE_MODERATION, by=by, obj=listing, url=listing.get_absolute_url(),
          title=format_lazy(gettext_lazy("Your listing “{title}” is shown to the network again"), title=listing.title))
    return listing


def listings_expire(*, today: date | None = None) -> int:
    """Expire listings past their availability that nothing was handed over from; returns how many."""
    today = today or timezone.localdate()
    count = 0
    for pk in Listing.objects.filter(
        status__in=(ListingStatus.DRAFT, ListingStatus.PUBLISHED, ListingStatus.PROMISED), available_until__lt=today
    ).values_list("pk", flat=True):
        with transaction.atomic():
            listing = Listing.objects.select_for_update().get(pk=pk)
            if listing.requests.filter(status__in=(RequestStatus.PROMISED, RequestStatus.HANDED_OVER, RequestStatus.RETURNED)).exists():
                continue  # a promise is being honoured: the offering museum closes it
            try:
                listing = _transition(
                    listing, allowed=(ListingStatus.DRAFT, ListingStatus.PUBLISHED), to=ListingStatus.EXPIRED, by=None,
                    action="listing.expired",
                )
            except ExchangeError:
                continue
            _release_requests(listing, statuses=(RequestStatus.PENDING,), by=None,
                              title=format_lazy(gettext_lazy("“{title}” expired"), title=listing.title))
            _tell([listing.museum_id], kind=EXCHANGE_LISTING, by=None, obj=listing, url=listing.get_absolute_url(),
                  title=format_lazy(gettext_lazy("Your listing “{title}” expired"), title=listing.title))
            count += 1
    return count


@transaction.atomic
def lot_create(*, museum: Museum, by: User, data: dict, http_request=None) -> Lot:
    """A lot: many listings of one museum with one pickup window."""
    lot = Lot(museum=museum, created_by=by, **{k: v for k, v in data.items() if k in LOT_FIELDS})
    if lot.pickup_from and lot.pickup_until and lot.pickup_until < lot.pickup_from:
        raise ExchangeError(_("The end of the pickup window must be on or after its start."))
    lot.full_clean()
    lot.save()
    audit_record(action="exchange.lot.created", actor=by, obj=lot, museum=museum, request=http_request)
    return lot


@transaction.atomic
def lot_publish(*, lot: Lot, by: User, http_request=None) -> int:
    """Publish every draft listing of a lot at once; returns how many."""
    count = 0
    for listing in lot.listings.filter(status=ListingStatus.DRAFT).order_by("pk"):
        listing_publish(listing=listing, by=by, http_request=http_request)
        count += 1
    if not count:
        raise ExchangeError(_("This lot has no draft listing to publish."))
    return count


# --- Requests and threads -----------------------------------------------------------------------


@transaction.atomic
def request_create(*, listing: Listing, museum: Museum, by: User, quantity: int, intended_use: str, message: str = "",
                   exhibition: str = "", proposed_pickup_date: date | None = None, http_request=None) -> ExchangeRequest:
    """Another museum asks for (part of) a published offer; the offering museum is told."""
    listing = Listing.objects.select_related("museum").get(pk=listing.pk)
    if museum.pk == listing.museum_id:
        raise ExchangeError(_("Your museum cannot ask for its own listing."))
    if (listing.kind != Kind.OFFER or listing.status != ListingStatus.PUBLISHED or listing.quantity_available < 1
            or listing.hidden_at is not None):
        raise ExchangeError(_("This listing can no longer be requested."))
    if quantity < 1:
        raise ExchangeError(_("Ask for at least one."))
    if quantity > listing.quantity_available:
        raise ExchangeError(
            _("Only %(n)s still available: ask for %(n)s at most.") % {"n": listing.quantity_available}
        )
    if listing.requests.filter(museum=museum, status=RequestStatus.PENDING).exists():
        raise ExchangeError(_("Your museum already asked for this listing: write in that request's thread."))
    req = ExchangeRequest(
        listing=listing, museum=museum, requested_by=by, quantity=quantity, intended_use=intended_use,
        exhibition=exhibition, proposed_pickup_date=proposed_pickup_date,
    )
    req.full_clean()
    req.save()
    if message.strip():
        RequestMessage.objects.create(request=req, museum=museum, author=by, body=message.strip())
    _event(listing, action="request.created", by=by, to_status=req.status, exchange_request=req, quantity=quantity,
           http_request=http_request)
    _tell([listing.museum_id], kind=EXCHANGE_REQUESTS, by=by, obj=req, url=req.get_absolute_url(),
          title=format_lazy(gettext_lazy("{museum} asks for “{title}”"), museum=museum.name, title=listing.title))
    return req


@transaction.atomic
def request_message_add(*, exchange_request: ExchangeRequest, by: User, museum: Museum, body: str) -> RequestMessage:
    """Write in a request's thread; the other museum is told."""
    body = body.strip()
    if not body:
        raise ExchangeError(_("The message is empty."))
    req = exchange_request
    if museum.pk not in (req.museum_id, req.listing.museum_id):
        raise ExchangeError(_("Only the two museums concerned write in this thread."))
    message = RequestMessage(request=req, museum=museum, author=by, body=body)
    message.full_clean()
    message.save()
    other = req.listing.museum_id if museum.pk == req.museum_id else req.museum_id
    kind = EXCHANGE_REQUESTS if other == req.listing.museum_id else EXCHANGE_MY_REQUESTS
    _tell([other], kind=kind, by=by, obj=req, url=req.get_absolute_url(),
          title=format_lazy(gettext_lazy("New message from {museum} about “{title}”"), museum=museum.name, title=req.listing.title))
    return message


@transaction.atomic
def listing_promise(*, exchange_request: ExchangeRequest, quantity: int, by: User, http_request=None) -> ExchangeRequest:
    """Promise `quantity` of a listing to one requesting museum. Never more than there is:
    the loser of a race gets SomeoneWasFaster and nothing changes."""
    listing, req = _locked(exchange_request)
    if req.museum_id == listing.museum_id:
        raise ExchangeError(_("A museum cannot promise its own equipment to itself."))
    if req.status == RequestStatus.NOT_RETAINED and listing.quantity_available < quantity:
        # The request lapsed because another promise just took what was left.
        raise SomeoneWasFaster(_("Someone was faster: it has just been promised to another museum."))
    if req.status != RequestStatus.PENDING:
        raise ExchangeError(
            _("This request is now “%(status)s”: it cannot be promised.") % {"status": req.get_status_display()}
        )
    if not 1 <= quantity <= req.quantity:
        raise ExchangeError(_("Promise between 1 and %(n)s.") % {"n": req.quantity})
    try:
        with transaction.atomic():
            taken = Listing.objects.filter(
                pk=listing.pk, status=ListingStatus.PUBLISHED, quantity_available__gte=quantity
            ).update(
                quantity_available=F("quantity_available") - quantity,
                quantity_promised=F("quantity_promised") + quantity,
                updated_at=timezone.now(),
            )
    except IntegrityError:  # the constraint held what the condition should have: same answer
        taken = 0
    if not taken:
        listing.refresh_from_db()
        if listing.status not in (ListingStatus.PUBLISHED, ListingStatus.PROMISED):
            raise ExchangeError(
                _("This listing is now “%(status)s”: nothing can be promised.") % {"status": listing.get_status_display()}
            )
        raise SomeoneWasFaster(
            _("Someone was faster: only %(n)s left, promised meanwhile to another museum.") % {"n": listing.quantity_available}
            if listing.quantity_available
            else _("Someone was faster: it has just been promised to another museum.")
        )
    listing.refresh_from_db()
    ExchangeRequest.objects.filter(pk=req.pk, status=RequestStatus.PENDING).update(
        status=RequestStatus.PROMISED, quantity_promised=quantity
    )
    req.refresh_from_db()
    _event(listing, action="request.promised", by=by, from_status=RequestStatus.PENDING, to_status=RequestStatus.PROMISED,
           exchange_request=req, quantity=quantity, http_request=http_request)
    _tell([req.museum_id], kind=EXCHANGE_MY_REQUESTS, by=by, obj=req, url=req.get_absolute_url(),
          title=format_lazy(gettext_lazy("{museum} promised you {n} × “{title}”"), museum=listing.museum.name, n=quantity,
                            title=listing.title))
    if listing.quantity_available == 0:
        _transition(listing, allowed=(ListingStatus.PUBLISHED,), to=ListingStatus.PROMISED, by=by, action="listing.promised",
                    http_request=http_request)
        _release_requests(listing, statuses=(RequestStatus.PENDING,), by=by,
                          title=format_lazy(gettext_lazy("“{title}” went to another museum"), title=listing.title))
    return req


def _locked(exchange_request: ExchangeRequest) -> tuple[Listing, ExchangeRequest]:
    """Lock the listing row, then the request row: always in this order, so that concurrent
    promises, hand-overs and withdrawals queue on the listing instead of deadlocking."""
    listing = Listing.objects.select_for_update().select_related("museum").get(pk=exchange_request.listing_id)
    req = ExchangeRequest.objects.select_for_update().select_related("museum").get(pk=exchange_request.pk)
    return listing, req


def _settle(listing: Listing, *, by: User, http_request=None) -> None:
    """Move the listing on once every promise is handed over (and, for a loan, back)."""
    listing.refresh_from_db()
    if listing.quantity_available:
        return
    statuses = set(listing.requests.exclude(quantity_promised=0).values_list("status", flat=True))
    if RequestStatus.PROMISED in statuses:
        return
    if listing.status == ListingStatus.PROMISED:
        _transition(listing, allowed=(ListingStatus.PROMISED,), to=ListingStatus.HANDED_OVER, by=by,
                    action="listing.handed_over", http_request=http_request)
    if listing.is_loan and listing.status == ListingStatus.HANDED_OVER and statuses <= {RequestStatus.RETURNED}:
        _transition(listing, allowed=(ListingStatus.HANDED_OVER,), to=ListingStatus.RETURNED, by=by,
                    action="listing.returned", http_request=http_request)


@transaction.atomic
def request_hand_over(*, exchange_request: ExchangeRequest, by: User, http_request=None) -> ExchangeRequest:
    """The requesting museum took what was promised to it."""
    listing, req = _locked(exchange_request)
    updated = ExchangeRequest.objects.filter(pk=req.pk, status=RequestStatus.PROMISED).update(
        status=RequestStatus.HANDED_OVER, handed_over_at=timezone.now()
    )
    if not updated:
        raise ExchangeError(_("Only something promised can be handed over (this request is “%(status)s”).")
                            % {"status": req.get_status_display()})
    req.refresh_from_db()
    _event(listing, action="request.handed_over", by=by, from_status=RequestStatus.PROMISED,
           to_status=RequestStatus.HANDED_OVER, exchange_request=req, quantity=req.quantity_promised, http_request=http_request)
    _tell([req.museum_id, listing.museum_id], kind=EXCHANGE_MY_REQUESTS, by=by, obj=req, url=req.get_absolute_url(),
          title=format_lazy(gettext_lazy("“{title}” was handed over to {museum}"), title=listing.title, museum=req.museum.name))
    _settle(listing, by=by, http_request=http_request)
    return req


@transaction.atomic
def request_mark_returned(*, exchange_request: ExchangeRequest, by: User, http_request=None) -> ExchangeRequest:
    """A loan came back to the offering museum."""
    listing, req = _locked(exchange_request)
    if not listing.is_loan:
        raise ExchangeError(_("Only a loan comes back."))
    updated = ExchangeRequest.objects.filter(pk=req.pk, status=RequestStatus.HANDED_OVER).update(
        status=RequestStatus.RETURNED, returned_at=timezone.now()
    )
    if not updated:
        raise ExchangeError(_("Only something handed over can come back."))
    req.refresh_from_db()
    _event(listing, action="request.returned", by=by, from_status=RequestStatus.HANDED_OVER,
           to_status=RequestStatus.RETURNED, exchange_request=req, quantity=req.quantity_promised, http_request=http_request)
    _tell([req.museum_id], kind=EXCHANGE_MY_REQUESTS, by=by, obj=req, url=req.get_absolute_url(),
          title=format_lazy(gettext_lazy("{museum} recorded the return of “{title}”"), museum=listing.museum.name,
                            title=listing.title))
    _settle(listing, by=by, http_request=http_request)
    return req


@transaction.atomic
def request_withdraw(*, exchange_request: ExchangeRequest, by: User, http_request=None) -> ExchangeRequest:
    """The requesting museum no longer wants it; a promised quantity becomes available again."""
    listing, req = _locked(exchange_request)
    from_status = req.status
    updated = ExchangeRequest.objects.filter(
        pk=req.pk, status__in=(RequestStatus.PENDING, RequestStatus.PROMISED)
    ).update(status=RequestStatus.WITHDRAWN, quantity_promised=0)
    if not updated:
        raise ExchangeError(_("This request is now “%(status)s”: it cannot be withdrawn.") % {"status": req.get_status_display()})
    if from_status == RequestStatus.PROMISED and req.quantity_promised:
        Listing.objects.filter(pk=listing.pk).update(
            quantity_available=F("quantity_available") + req.quantity_promised,
            quantity_promised=F("quantity_promised") - req.quantity_promised,
        )
        Listing.objects.filter(pk=listing.pk, status=ListingStatus.PROMISED).update(status=ListingStatus.PUBLISHED)
        listing.refresh_from_db()
    req.refresh_from_db()
    _event(listing, action="request.withdrawn", by=by, from_status=from_status, to_status=RequestStatus.WITHDRAWN,
           exchange_request=req, http_request=http_request)
    _tell([listing.museum_id], kind=EXCHANGE_REQUESTS, by=by, obj=req, url=req.get_absolute_url(),
          title=format_lazy(gettext_lazy("{museum} withdrew its request for “{title}”"), museum=req.museum.name,
                            title=listing.title))
    return req


@transaction.atomic
def listing_offer_again(*, exchange_request: ExchangeRequest, by: User, http_request=None) -> Listing:
    """The museum that received an item offers it on: a draft that carries the item's history."""
    req = ExchangeRequest.objects.select_related("listing").get(pk=exchange_request.pk)
    if req.status != RequestStatus.HANDED_OVER or req.listing.is_loan:
        raise ExchangeError(_("Only equipment your museum received as a donation can be offered again."))
    source = req.listing
    data = {key: getattr(source, key) for key in LISTING_FIELDS}
    data.update(quantity=req.quantity_promised, exhibition=req.exhibition, location="", available_from=None, available_until=None)
    listing = listing_create(museum=req.museum, by=by, data=data, http_request=http_request)
    Listing.objects.filter(pk=listing.pk).update(previous_request=req)
    listing.refresh_from_db()
    return listing
