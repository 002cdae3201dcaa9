"""The equipment exchange: listings (offers and wanted ads) of display furniture, lots, the
requests of other museums with their message threads, and one event row per state change.

The guarantee: a listing never promises more than its quantity. `quantity_available` and
`quantity_promised` are changed only by a conditional UPDATE in services.listing_promise,
and the CheckConstraint below refuses any row that would break the sum, whatever the code.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from extranet.files import private_storage
from extranet.models import Museum


class Kind(models.TextChoices):
    OFFER = "offer", _("Offer")
    WANTED = "wanted", _("Wanted")


class OfferType(models.TextChoices):
    DONATION = "donation", _("Donation")
    LOAN = "loan", _("Loan")


class Category(models.TextChoices):
    SHOWCASES = "showcases", _("Showcases")
    PLINTHS = "plinths", _("Plinths and pedestals")
    RAILS_PANELS = "rails_panels", _("Picture rails and panels")
    FURNITURE = "furniture", _("Furniture")
    LIGHTING = "lighting", _("Lighting")
    PACKING = "packing", _("Packing and storage material")
    CONSERVATION = "conservation", _("Conservation equipment")
    SIGNAGE = "signage", _("Signage")
    OTHER = "other", _("Other")


class Material(models.TextChoices):
    """Main material; impact.py gives each an order of magnitude of CO2 per kg."""

    WOOD = "wood", _("Wood, wood panels (MDF, plywood)")
    STEEL = "steel", _("Steel")
    ALUMINIUM = "aluminium", _("Aluminium")
    GLASS = "glass", _("Glass")
    PLASTIC = "plastic", _("Plastics, acrylic (PMMA)")
    TEXTILE = "textile", _("Textile")
    CARDBOARD = "cardboard", _("Paper, cardboard")
    MIXED = "mixed", _("Mixed or other")


class Condition(models.TextChoices):
    NEW = "new", _("As new")
    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair: signs of use")
    REPAIR = "repair", _("Needs repair")


class ListingStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("listing status", "Draft")
    PUBLISHED = "published", pgettext_lazy("listing status", "Published")
    PROMISED = "promised", pgettext_lazy("listing status", "Promised")
    HANDED_OVER = "handed_over", pgettext_lazy("listing status", "Handed over")
    RETURNED = "returned", pgettext_lazy("listing status", "Returned")
    CLOSED = "closed", pgettext_lazy("listing status", "Closed")
    WITHDRAWN = "withdrawn", pgettext_lazy("listing status", "Withdrawn")
    EXPIRED = "expired", pgettext_lazy("listing status", "Expired")


# Listings other members see (drafts stay with their museum; withdrawn and expired are history).
PUBLIC_STATUSES = (
    ListingStatus.PUBLISHED, ListingStatus.PROMISED, ListingStatus.HANDED_OVER, ListingStatus.RETURNED, ListingStatus.CLOSED,
)


class Lot(models.Model):
    """Many listings with one pickup window: a whole exhibition being dismantled."""

    museum = models.ForeignKey(Museum, on_delete=models.PROTECT, related_name="exchange_lots", verbose_name=_("museum"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    exhibition = models.CharField(
        _("exhibition"), max_length=200, blank=True, help_text=_("The exhibition this furniture was made for or served.")
    )
    pickup_from = models.DateField(_("pickup from"))
    pickup_until = models.DateField(_("pickup until"))
    pickup_details = models.TextField(_("pickup conditions"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(pickup_until__gte=F("pickup_from")), name="exchange_lot_window_in_order"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("exchange:lot_detail", kwargs={"pk": self.pk})


class Listing(models.Model):
    """An offer (donation or loan) or a wanted ad of one museum."""

    museum = models.ForeignKey(Museum, on_delete=models.PROTECT, related_name="exchange_listings", verbose_name=_("museum"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    lot = models.ForeignKey(
        Lot, on_delete=models.PROTECT, null=True, blank=True, related_name="listings", verbose_name=_("lot")
    )
    kind = models.CharField(_("offer or wanted"), max_length=10, choices=Kind.choices, default=Kind.OFFER)
    offer_type = models.CharField(_("donation or loan"), max_length=10, choices=OfferType.choices, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    quantity_promised = models.PositiveIntegerField(_("quantity promised"), default=0, editable=False)
    quantity_available = models.PositiveIntegerField(_("quantity available"), default=1, editable=False)
    width_cm = models.DecimalField(_("width (cm)"), max_digits=7, decimal_places=1, null=True, blank=True)
    depth_cm = models.DecimalField(_("depth (cm)"), max_digits=7, decimal_places=1, null=True, blank=True)
    height_cm = models.DecimalField(_("height (cm)"), max_digits=7, decimal_places=1, null=True, blank=True)
    weight_kg = models.DecimalField(
        _("weight per item (kg)"), max_digits=8, decimal_places=1, null=True, blank=True,
        help_text=_("Used to count the equipment reused and the CO2 avoided."),
    )
    material = models.CharField(_("main material"), max_length=20, choices=Material.choices, default=Material.MIXED)
    condition = models.CharField(_("condition"), max_length=10, choices=Condition.choices, default=Condition.GOOD)
    location = models.CharField(
        _("where it is"), max_length=300, blank=True, help_text=_("Leave empty when it is at the museum.")
    )
    available_from = models.DateField(_("available from"), null=True, blank=True)
    available_until = models.DateField(_("available until"), null=True, blank=True)
    dismantling_needed = models.BooleanField(_("dismantling needed"), default=False)
    transport_by_taker = models.BooleanField(_("transport by the taker"), default=True)
    access_constraints = models.TextField(_("access constraints"), blank=True)
    loan_duration_months = models.PositiveSmallIntegerField(_("loan duration (months)"), null=True, blank=True)
    exhibition = models.CharField(_("exhibition it served"), max_length=200, blank=True)
    # Set when a museum offers again what it received: the item's reuse history follows it.
    previous_request = models.ForeignKey(
        "ExchangeRequest", on_delete=models.PROTECT, null=True, blank=True, related_name="reoffers", editable=False
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ListingStatus.choices, default=ListingStatus.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # Moderation (services.listing_hide): a hidden listing is seen by its museum's staff and the
    # coordinators only, whatever its status; unhiding shows it again as it was.
    hidden_at = models.DateTimeField(_("hidden on"), null=True, blank=True, editable=False)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    hidden_reason = models.TextField(_("why it is hidden"), blank=True, editable=False)

    class Meta:
        verbose_name = _("listing")
        verbose_name_plural = _("listings")
        ordering = ["-published_at", "-id"]
        # The marketplace list walks this index newest first and stops at its page: without it
        # every published listing was joined and sorted (10,000 at country scale: 15 ms).
        constraints = [
            # THE guarantee, held by the database: never more promised than there is.
            models.CheckConstraint(
                condition=Q(quantity_promised__lte=F("quantity"))
                & Q(quantity_available__gte=0)
                & Q(quantity_available=F("quantity") - F("quantity_promised")),
                name="exchange_listing_never_promises_more_than_its_quantity",
            ),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="exchange_listing_quantity_at_least_one"),
            models.CheckConstraint(
                condition=Q(available_until__isnull=True)
                | Q(available_from__isnull=True)
                | Q(available_until__gte=F("available_from")),
                name="exchange_listing_dates_in_order",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "status", "category"]),
            models.Index(F("published_at").desc(), F("id").desc(), name="exchange_listing_newest"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("exchange:detail", kwargs={"pk": self.pk})

    @property
    def is_offer(self) -> bool:
        return self.kind == Kind.OFFER

    @property
    def is_loan(self) -> bool:
        return self.kind == Kind.OFFER and self.offer_type == OfferType.LOAN

    @property
    def dimensions(self) -> str:
        parts = [d for d in (self.width_cm, self.depth_cm, self.height_cm) if d is not None]
        return " × ".join(f"{d.normalize():f}" for d in parts)


def _photo_path(instance, filename):
    return f"exchange/{instance.listing.museum_id}/{instance.listing_id}/{filename}"


class ListingPhoto(models.Model):
    """A photo of a listing, in private storage; `thumbnail` is made server-side at upload."""

    museum = models.ForeignKey(Museum, on_delete=models.PROTECT, related_name="+")
    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=_photo_path, storage=private_storage)
    thumbnail = models.ImageField(upload_to=_photo_path, storage=private_storage, blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["position", "id"]

    def __str__(self):
        return f"{self.listing} — {self.pk}"


class RequestStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("request status", "Waiting for an answer")
    PROMISED = "promised", pgettext_lazy("request status", "Promised")
    HANDED_OVER = "handed_over", pgettext_lazy("request status", "Handed over")
    RETURNED = "returned", pgettext_lazy("request status", "Returned")
    NOT_RETAINED = "not_retained", pgettext_lazy("request status", "Not retained")
    WITHDRAWN = "withdrawn", pgettext_lazy("request status", "Withdrawn")


class ExchangeRequest(models.Model):
    """Another museum asks for (part of) an offer; the thread of messages hangs on it."""

    listing = models.ForeignKey(Listing, on_delete=models.PROTECT, related_name="requests", verbose_name=_("listing"))
    museum = models.ForeignKey(
        Museum, on_delete=models.PROTECT, related_name="exchange_requests", verbose_name=_("requesting museum")
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(_("quantity wanted"), default=1)
    quantity_promised = models.PositiveIntegerField(_("quantity promised"), default=0, editable=False)
    intended_use = models.TextField(_("intended use"))
    exhibition = models.CharField(
        _("exhibition"), max_length=200, blank=True, help_text=_("The exhibition it will serve, if you know it.")
    )
    proposed_pickup_date = models.DateField(_("proposed pickup date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.PENDING, db_index=True
    )
    created_at = models.DateTimeField(_("requested on"), default=timezone.now)
    handed_over_at = models.DateTimeField(_("handed over on"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned on"), null=True, blank=True)

    class Meta:
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="exchange_request_quantity_at_least_one"),
            models.CheckConstraint(
                condition=Q(quantity_promised__lte=F("quantity")), name="exchange_request_promise_within_request"
            ),
        ]

    def __str__(self):
        return f"{self.museum.name} → {self.listing.title}"

    def get_absolute_url(self):
        return reverse("exchange:request_detail", kwargs={"pk": self.pk})


class RequestMessage(models.Model):
    """One message of a request's thread; only the two museums concerned read it."""

    request = models.ForeignKey(ExchangeRequest, on_delete=models.PROTECT, related_name="messages")
    museum = models.ForeignKey(Museum, on_delete=models.PROTECT, related_name="+", verbose_name=_("museum"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self):
        return f"{self.author} — {self.created_at:%Y-%m-%d %H:%M}"


class ListingEvent(models.Model):
    """One state change of a listing or of one of its requests: who, what, when."""

    listing = models.ForeignKey(Listing, on_delete=models.PROTECT, related_name="events")
    request = models.ForeignKey(ExchangeRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="events")
    museum = models.ForeignKey(Museum, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    action = models.CharField(max_length=40)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    quantity = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.action} {self.listing_id}"
