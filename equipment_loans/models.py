"""The conservation kit: item types, physical units, consumables, and the bookings of units
by member museums, with what was handed over, returned and measured during each loan.

The marketplace (loans and donations between museums) will live beside this, clearly apart.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from extranet.models import Museum


class KitItemType(models.Model):
    """A kind of equipment in the kit (data logger, luxmeter, static anoxia kit…)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    category = models.CharField(_("category"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    # A document of the shared documentation replaces this file when that feature exists.
    user_guide = models.FileField(_("user guide"), upload_to="kit/guides/", blank=True)
    is_anoxia_kit = models.BooleanField(
        _("anoxia treatment kit"), default=False, help_text=_("Bookings of it record an anoxia treatment log.")
    )

    class Meta:
        verbose_name = _("kit item type")
        verbose_name_plural = _("kit item types")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("equipment_loans:item_type", kwargs={"slug": self.slug})


class UnitStatus(models.TextChoices):
    AVAILABLE = "available", _("Available")
    MAINTENANCE = "maintenance", _("In maintenance")
    RETIRED = "retired", _("Retired")


class KitUnit(models.Model):
    """One physical unit of an item type: thermo-hygrometer no. 3, anoxia kit B."""

    item_type = models.ForeignKey(KitItemType, on_delete=models.PROTECT, related_name="units", verbose_name=_("item type"))
    inventory_number = models.CharField(_("inventory number"), max_length=60, unique=True)
    status = models.CharField(_("status"), max_length=20, choices=UnitStatus.choices, default=UnitStatus.AVAILABLE)
    storage_place = models.CharField(_("storage place"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("kit unit")
        verbose_name_plural = _("kit units")
        ordering = ["item_type__name", "inventory_number"]

    def __str__(self):
        return f"{self.item_type.name} — {self.inventory_number}"


class Consumable(models.Model):
    """Something used up during loans (oxygen absorbers, barrier film), with its stock."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    unit_label = models.CharField(_("counted in"), max_length=40, default="pièces")
    stock = models.PositiveIntegerField(_("stock"), default=0)
    item_type = models.ForeignKey(
        KitItemType, on_delete=models.SET_NULL, null=True, blank=True, related_name="consumables",
        verbose_name=_("used with"),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("consumable")
        verbose_name_plural = _("consumables")
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=models.Q(stock__gte=0), name="kit_consumable_stock_not_negative")]

    def __str__(self):
        return self.name


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    HANDED_OVER = "handed_over", _("Handed over")
    RETURNED = "returned", _("Returned")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


# The statuses in which a booking holds its units; the others have freed them.
ACTIVE_STATUSES = (BookingStatus.REQUESTED, BookingStatus.APPROVED, BookingStatus.HANDED_OVER, BookingStatus.RETURNED)


class Booking(models.Model):
    """A museum's booking of kit units for a date range, from request to return."""

    museum = models.ForeignKey(Museum, on_delete=models.PROTECT, related_name="kit_bookings", verbose_name=_("museum"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="kit_bookings", verbose_name=_("requested by")
    )
    pickup_date = models.DateField(_("pickup date"))
    return_date = models.DateField(_("return date"))
    purpose = models.TextField(_("purpose"))
    collection = models.CharField(_("collection concerned"), max_length=300, blank=True)
    contact = models.CharField(_("contact"), max_length=300, help_text=_("Name and phone number of the person to call."))
    status = models.CharField(
        _("status"), max_length=20, choices=BookingStatus.choices, default=BookingStatus.REQUESTED, db_index=True
    )
    created_at = models.DateTimeField(_("requested on"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # Flags set once, so the reminders command can run any number of times a day.
    pickup_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    return_reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    late_flagged_at = models.DateTimeField(_("flagged late"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("kit booking")
        verbose_name_plural = _("kit bookings")
        ordering = ["-pickup_date", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(return_date__gte=models.F("pickup_date")), name="kit_booking_dates_in_order")
        ]
        indexes = [models.Index(fields=["museum", "-pickup_date"], name="kit_booking_museum_idx")]

    def __str__(self):
        return _("Kit booking no. %(id)s (%(museum)s)") % {"id": self.pk, "museum": self.museum.name}

    def get_absolute_url(self):
        return reverse("equipment_loans:booking_detail", kwargs={"pk": self.pk})

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def days(self) -> int:
        return (self.return_date - self.pickup_date).days + 1

    @property
    def is_late(self) -> bool:
        """Handed over and not back on its return date."""
        return self.status == BookingStatus.HANDED_OVER and self.return_date < timezone.localdate()


def blocked_until(return_date, turnaround_days: int | None = None):
    """First day a unit is free again after a loan ending on `return_date` (exclusive bound).

    The turnaround is whole days between the return and the next pickup, for checking and
    cleaning: returned on the 10th with one day of turnaround, the unit leaves again on the 12th.
    """
    if turnaround_days is None:
        turnaround_days = settings.KIT_TURNAROUND_DAYS
    return return_date + timedelta(days=turnaround_days + 1)


class BookingUnit(models.Model):
    """One unit reserved by one booking, for [starts_on, ends_before), turnaround included.

    `active` mirrors the booking's status. On PostgreSQL an exclusion constraint (added by
    migration 0002, btree_gist) forbids two active rows of one unit with overlapping ranges.
    """

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="booking_units", verbose_name=_("booking"))
    unit = models.ForeignKey(KitUnit, on_delete=models.PROTECT, related_name="booking_units", verbose_name=_("unit"))
    starts_on = models.DateField(_("from"))
    ends_before = models.DateField(_("free again on"))
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("booked unit")
        verbose_name_plural = _("booked units")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_before__gt=models.F("starts_on")), name="kit_booking_unit_range_not_empty"),
            models.UniqueConstraint(fields=["booking", "unit"], name="kit_booking_unit_once"),
        ]
        indexes = [models.Index(fields=["unit", "starts_on"], condition=models.Q(active=True), name="kit_active_unit_idx")]

    def __str__(self):
        return f"{self.unit} {self.starts_on}–{self.ends_before}"


class BookingEvent(models.Model):
    """One step of a booking's life: who did what, when, with which message."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="events")
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("who")
    )
    action = models.CharField(_("action"), max_length=40)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    message = models.TextField(_("message"), blank=True)

    class Meta:
        verbose_name = _("booking event")
        verbose_name_plural = _("booking events")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.booking_id} {self.action}"


class WaitingStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    TOLD = "told", _("Told the dates are free")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class WaitingListEntry(models.Model):
    """A museum waiting for dates that were taken; told first-come first-served when freed."""

    museum = models.ForeignKey(Museum, on_delete=models.PROTECT, related_name="kit_waiting", verbose_name=_("museum"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    item_type = models.ForeignKey(KitItemType, on_delete=models.PROTECT, related_name="waiting", verbose_name=_("item type"))
    quantity = models.PositiveSmallIntegerField(_("quantity"), default=1)
    pickup_date = models.DateField(_("pickup date"))
    return_date = models.DateField(_("return date"))
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(max_length=20, choices=WaitingStatus.choices, default=WaitingStatus.WAITING)
    created_at = models.DateTimeField(default=timezone.now)
    told_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("waiting list entry")
        verbose_name_plural = _("waiting list")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.museum.name}: {self.quantity} × {self.item_type.name} {self.pickup_date}–{self.return_date}"


class Handover(models.Model):
    """What was handed over to the museum, in which condition."""

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="handover")
    handed_over_on = models.DateField(_("handed over on"))
    condition_notes = models.TextField(_("condition"), blank=True)
    accessories = models.TextField(_("accessories given"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("hand-over")

    def __str__(self):
        return f"{self.booking_id} {self.handed_over_on}"


class Return(models.Model):
    """What came back, in which condition."""

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="kit_return")
    returned_on = models.DateField(_("returned on"))
    condition_notes = models.TextField(_("condition"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("return")

    def __str__(self):
        return f"{self.booking_id} {self.returned_on}"


class ConsumableMovement(models.Model):
    """Consumables given with a booking (taken from stock) or used during it."""

    class Kind(models.TextChoices):
        GIVEN = "given", _("Given")
        USED = "used", _("Used")

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="consumables")
    consumable = models.ForeignKey(Consumable, on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    quantity = models.PositiveIntegerField(_("quantity"))

    class Meta:
        verbose_name = _("consumable movement")

    def __str__(self):
        return f"{self.kind} {self.quantity} {self.consumable_id}"


class LoggerFile(models.Model):
    """A data logger export attached to a booking; its rows are kept as readings."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="logger_files")
    file = models.FileField(_("file"), upload_to="kit/loggers/%Y/")
    original_name = models.CharField(max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    reading_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("data logger export")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.original_name or self.file.name


class LoggerReading(models.Model):
    logger_file = models.ForeignKey(LoggerFile, on_delete=models.CASCADE, related_name="readings")
    taken_at = models.DateTimeField()
    temperature = models.FloatField(null=True)
    humidity = models.FloatField(null=True)

    class Meta:
        ordering = ["taken_at"]
        indexes = [models.Index(fields=["logger_file", "taken_at"], name="kit_reading_file_time_idx")]

    def __str__(self):
        return f"{self.taken_at} {self.temperature} {self.humidity}"


class AnoxiaTreatment(models.Model):
    """The log of an anoxia treatment run with the kit."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="anoxia_treatments")
    started_at = models.DateTimeField(_("start"))
    ended_at = models.DateTimeField(_("end"))
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("anoxia treatment")
        ordering = ["started_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ended_at__gte=models.F("started_at")), name="kit_anoxia_in_order")
        ]

    def __str__(self):
        return f"{self.booking_id} {self.started_at}"


class OxygenReading(models.Model):
    treatment = models.ForeignKey(AnoxiaTreatment, on_delete=models.CASCADE, related_name="readings")
    taken_at = models.DateTimeField()
    oxygen_percent = models.FloatField()

    class Meta:
        ordering = ["taken_at"]

    def __str__(self):
        return f"{self.taken_at} {self.oxygen_percent}"


class CalendarFeed(models.Model):
    """The secret address of an iCalendar feed: one per museum, one for the coordinators.

    Calendar apps cannot sign in, so the feed is reached by a secret token in its URL;
    renewing the token cuts off every old subscription.
    """

    COORDINATORS = "coordinators"

    scope = models.CharField(max_length=40, unique=True)  # "coordinators" or "museum-<id>"
    museum = models.ForeignKey(Museum, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.scope
