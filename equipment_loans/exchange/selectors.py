"""Reads of the equipment exchange: browsing and filtering listings, the map, distances,
the requests of a listing, the impact figures and an item's reuse history."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import ASin, Cast, Cos, Power, Radians, Sin, Sqrt
from django.utils import timezone

from extranet.models import Membership, Museum, User

from . import impact
from .models import (
    ExchangeRequest,
    Kind,
    Listing,
    ListingPhoto,
    ListingStatus,
    RequestMessage,
    RequestStatus,
)

EARTH_RADIUS_KM = 6371.0


def haversine_km(lat1, lng1, lat2, lng2) -> float:
    """Great-circle distance in km between two points given in degrees (Python side)."""
    from math import asin, cos, radians, sin, sqrt

    lat1, lng1, lat2, lng2 = (radians(float(v)) for v in (lat1, lng1, lat2, lng2))
    a = sin((lat2 - lat1) / 2) ** 2 + cos(lat1) * cos(lat2) * sin((lng2 - lng1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(sqrt(a))


def distance_expression(*, lat, lng, prefix="museum__"):
    """The haversine distance in km from (lat, lng) to the museum of each row, in SQL.

    Django registers the trigonometric functions on SQLite, so this runs on both databases.
    """
    lat2 = Radians(Cast(F(f"{prefix}latitude"), FloatField()))
    lng2 = Radians(Cast(F(f"{prefix}longitude"), FloatField()))
    lat1 = Radians(Value(float(lat), output_field=FloatField()))
    lng1 = Radians(Value(float(lng), output_field=FloatField()))
    a = Power(Sin((lat2 - lat1) / 2), 2) + Cos(lat1) * Cos(lat2) * Power(Sin((lng2 - lng1) / 2), 2)
    return ExpressionWrapper(2 * EARTH_RADIUS_KM * ASin(Sqrt(a)), output_field=FloatField())


def home_museum_of(user) -> Museum | None:
    """The museum distances are measured from: the user's first museum with coordinates."""
    membership = (
        Membership.objects.active()
        .filter(user=user, museum__latitude__isnull=False, museum__longitude__isnull=False)
        .select_related("museum")
        .order_by("started_at", "pk")
        .first()
    )
    return membership.museum if membership else None


def _first_photo_id():
    return Subquery(ListingPhoto.objects.filter(listing=OuterRef("pk")).order_by("position", "pk").values("pk")[:1])


def matching(
    base: QuerySet[Listing],
    *,
    category: str = "",
    kind: str = "",
    offer_type: str = "",
    department: str = "",
    available_now: bool = False,
    origin: Museum | None = None,
    max_km: int | None = None,
    query: str = "",
    museum: Museum | None = None,
) -> QuerySet[Listing]:
    """Listings of `base` (already limited to what the user may see) that pass the filters of
    the list and of the map, undecorated."""
    qs = base.filter(status__in=(ListingStatus.PUBLISHED, ListingStatus.PROMISED))
    if category:
        qs = qs.filter(category=category)
    if kind:
        qs = qs.filter(kind=kind)
    if offer_type:
        qs = qs.filter(kind=Kind.OFFER, offer_type=offer_type)
    if department:
        qs = qs.filter(museum__department_code=department)
    if museum is not None:
        qs = qs.filter(museum=museum)
    if available_now:
        today = timezone.localdate()
        qs = qs.filter(
            Q(available_from__isnull=True) | Q(available_from__lte=today),
            Q(available_until__isnull=True) | Q(available_until__gte=today),
            status=ListingStatus.PUBLISHED,
        ).exclude(kind=Kind.OFFER, quantity_available=0)
    if query:
        qs = qs.filter(Q(title__icontains=query) | Q(description__icontains=query))
    if origin is not None and origin.latitude is not None and origin.longitude is not None:
        qs = qs.annotate(distance_km=distance_expression(lat=origin.latitude, lng=origin.longitude))
        if max_km:
            qs = qs.filter(museum__latitude__isnull=False, distance_km__lte=max_km)
    return qs


def browse(base: QuerySet[Listing], **filters) -> QuerySet[Listing]:
    """The list's listings: `matching(base, **filters)` with what their cards show, newest first."""
    qs = matching(base, **filters)
    return qs.select_related("museum", "lot").annotate(first_photo_id=_first_photo_id()).order_by("-published_at", "-id")


def map_markers(listings: QuerySet[Listing]) -> tuple[list[dict], int]:
    """The map's markers: one per museum with a position, with how many of `listings` it has,
    in one query bounded by the number of museums, whatever the number of listings. Also
    returns how many listings belong to museums without a position (not on the map)."""
    rows = (
        listings.order_by()
        .values("museum__slug", "museum__name", "museum__city", "museum__latitude", "museum__longitude")
        .annotate(n=Count("pk"))
        .order_by("museum__name", "museum__slug")
    )
    markers, unplaced = [], 0
    for row in rows:
        if row["museum__latitude"] is None or row["museum__longitude"] is None:
            unplaced += row["n"]
            continue
        markers.append({
            "slug": row["museum__slug"], "name": row["museum__name"], "city": row["museum__city"],
            "lat": float(row["museum__latitude"]), "lng": float(row["museum__longitude"]), "count": row["n"],
        })
    return markers, unplaced


def map_popup_listings(listings: QuerySet[Listing]) -> list[list]:
    """What a marker's popup lists (the listings of one museum, newest first): `[id, title,
    kind]` each, one query and nothing else."""
    return [list(row) for row in listings.order_by("-published_at", "-id").values_list("pk", "title", "kind")]


def listing_page(pk: int, base: QuerySet[Listing]) -> Listing:
    """A listing with what its page shows, in a fixed number of queries."""
    return (
        base.select_related("museum", "lot", "created_by", "previous_request__listing__museum")
        .prefetch_related(Prefetch("photos", queryset=ListingPhoto.objects.order_by("position", "pk")))
        .get(pk=pk)
    )


def requests_of(listing: Listing) -> list[ExchangeRequest]:
    """The requests a listing received, with their museum and message count."""
    return list(
        listing.requests.select_related("museum", "requested_by").annotate(message_count=Count("messages")).order_by("created_at")
    )


def own_requests_for(listing: Listing, *, museum_ids) -> list[ExchangeRequest]:
    """The requests the user's museums made for this listing."""
    return list(listing.requests.filter(museum_id__in=museum_ids).select_related("museum"))


def thread_of(request: ExchangeRequest) -> QuerySet[RequestMessage]:
    return request.messages.select_related("author", "museum").order_by("created_at", "pk")


def staff_users(museum_id: int) -> QuerySet[User]:
    """Active people working for a museum (who are told about its listings and requests)."""
    return User.objects.filter(
        is_active=True, memberships__museum_id=museum_id, memberships__ended_at__isnull=True
    ).distinct()


def museum_listings(museum_ids) -> QuerySet[Listing]:
    """Every listing of these museums, drafts included, for the "my museum" page."""
    return (
        Listing.objects.filter(museum_id__in=museum_ids)
        .select_related("museum", "lot")
        .annotate(pending=Count("requests", filter=Q(requests__status=RequestStatus.PENDING)))
        .order_by("-created_at", "-id")
    )


def museum_requests(museum_ids) -> QuerySet[ExchangeRequest]:
    """Requests these museums sent."""
    return (
        ExchangeRequest.objects.filter(museum_id__in=museum_ids)
        .select_related("listing", "listing__museum", "museum")
        .order_by("-created_at", "-id")
    )


def matching_wanted_ads(offer: Listing, *, max_km: int) -> list[Listing]:
    """Published wanted ads of other museums that an offer fits: same category, and the same
    department or within `max_km` of the offering museum."""
    candidates = Listing.objects.filter(
        kind=Kind.WANTED, status=ListingStatus.PUBLISHED, category=offer.category, hidden_at__isnull=True
    ).exclude(museum_id=offer.museum_id).select_related("museum")
    origin = offer.museum
    near = Q(museum__department_code=origin.department_code)
    if origin.latitude is not None and origin.longitude is not None:
        candidates = candidates.annotate(distance_km=distance_expression(lat=origin.latitude, lng=origin.longitude))
        near |= Q(museum__latitude__isnull=False, distance_km__lte=max_km)
    return list(candidates.filter(near))


# --- Impact ---------------------------------------------------------------------------------


@dataclass
class MaterialLine:
    material: str
    label: str
    kg: Decimal = Decimal(0)
    factor: impact.Factor | None = None

    @property
    def co2_kg(self) -> int:
        return impact.round_estimate(self.kg * self.factor.kg_co2e_per_kg)

    @property
    def kg_rounded(self) -> int:
        return int(round(self.kg))


@dataclass
class Impact:
    handovers: int = 0
    items: int = 0
    kg: Decimal = Decimal(0)
    co2: Decimal = Decimal(0)
    unweighed: int = 0  # hand-overs of listings with no weight: counted, not weighed
    lines: list[MaterialLine] = field(default_factory=list)

    @property
    def kg_rounded(self) -> int:
        return int(round(self.kg))

    @property
    def co2_rounded(self) -> int:
        return impact.round_estimate(self.co2)

    @property
    def sources(self) -> list:
        seen = []
        for line in self.lines:
            source = line.factor.source
            if source is not None and str(source) not in [str(s) for s in seen]:
                seen.append(source)
        return seen

    @property
    def has_unsourced(self) -> bool:
        return any(line.factor.source is None for line in self.lines)


def _handed_over():
    return ExchangeRequest.objects.filter(
        status__in=(RequestStatus.HANDED_OVER, RequestStatus.RETURNED), listing__kind=Kind.OFFER
    )


def impact_of(*, museum_id: int | None = None, role: str = "any") -> Impact:
    """kg of equipment reused and CO2 avoided (estimate) by hand-overs: the whole network, or
    one museum's (`role`: "given", "received" or "any")."""
    qs = _handed_over()
    if museum_id is not None:
        if role == "given":
            qs = qs.filter(listing__museum_id=museum_id)
        elif role == "received":
            qs = qs.filter(museum_id=museum_id)
        else:
            qs = qs.filter(Q(listing__museum_id=museum_id) | Q(museum_id=museum_id))
    rows = qs.values("listing__material").annotate(
        handovers=Count("pk"),
        items=Sum("quantity_promised"),
        kg=Sum(
            ExpressionWrapper(F("listing__weight_kg") * F("quantity_promised"), output_field=DecimalField(max_digits=14, decimal_places=1))
        ),
        unweighed=Count("pk", filter=Q(listing__weight_kg__isnull=True)),
    )
    from .models import Material

    labels = dict(Material.choices)
    result = Impact()
    for row in rows:
        kg = Decimal(row["kg"] or 0)
        factor = impact.factor_for(row["listing__material"])
        result.handovers += row["handovers"]
        result.items += row["items"] or 0
        result.unweighed += row["unweighed"]
        result.kg += kg
        result.co2 += kg * factor.kg_co2e_per_kg
        if kg:
            material = row["listing__material"]
            result.lines.append(MaterialLine(material=material, label=labels.get(material, ""), kg=kg, factor=factor))
    result.lines.sort(key=lambda line: -line.kg)
    return result


def impact_by_museum() -> list[dict]:
    """Per museum: kg given and received (only museums with a hand-over)."""
    qs = _handed_over()
    weight = ExpressionWrapper(F("listing__weight_kg") * F("quantity_promised"), output_field=DecimalField(max_digits=14, decimal_places=1))
    given = {r["listing__museum"]: r for r in qs.values("listing__museum").annotate(kg=Sum(weight), n=Count("pk"))}
    received = {r["museum"]: r for r in qs.values("museum").annotate(kg=Sum(weight), n=Count("pk"))}
    museums = Museum.objects.in_bulk(set(given) | set(received))
    rows = []
    for pk, museum in museums.items():
        rows.append({
            "museum": museum,
            "given_kg": int(round(given.get(pk, {}).get("kg") or 0)),
            "given_n": given.get(pk, {}).get("n", 0),
            "received_kg": int(round(received.get(pk, {}).get("kg") or 0)),
            "received_n": received.get(pk, {}).get("n", 0),
        })
    rows.sort(key=lambda r: -(r["given_kg"] + r["received_kg"]))
    return rows


# --- Reuse history --------------------------------------------------------------------------


def reuse_history(listing: Listing) -> list[dict]:
    """The museums (and exhibitions) an item has served, oldest first: the listings it was
    offered again through, and the hand-overs of each."""
    chain = []
    current = listing
    seen = set()
    # Walk back to where the item first came from.
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        chain.append(current)
        previous = current.previous_request
        current = previous.listing if previous is not None else None
    chain.reverse()
    ids = [item.pk for item in chain]
    handovers = {}
    for req in (
        _handed_over().filter(listing_id__in=ids).select_related("museum").order_by("handed_over_at", "pk")
    ):
        handovers.setdefault(req.listing_id, []).append(req)
    entries = []
    for item in chain:
        entries.append({"museum": item.museum, "exhibition": item.exhibition or (item.lot.exhibition if item.lot_id else ""),
                        "listing": item, "date": item.published_at or item.created_at, "kind": "offered"})
        for req in handovers.get(item.pk, []):
            entries.append({"museum": req.museum, "exhibition": req.exhibition, "listing": item,
                            "date": req.handed_over_at, "kind": "received", "request": req})
    return entries
