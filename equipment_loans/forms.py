from datetime import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from extranet.fields import ModelMultipleChoiceField
from extranet.permissions import museums_acted_for_by

from .models import Consumable, KitItemType, KitUnit, UnitStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
MAX_LOGGER_BYTES = 10 * 1024 * 1024


class DateRangeForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DATE)
    end = forms.DateField(label=_("To"), widget=DATE)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end date must be on or after the start date."))
        return data


class BookingRequestForm(forms.Form):
    museum = forms.ModelChoiceField(label=_("For the museum"), queryset=None, empty_label=None)
    pickup_date = forms.DateField(label=_("Pickup date"), widget=DATE)
    return_date = forms.DateField(label=_("Return date"), widget=DATE)
    units = ModelMultipleChoiceField(
        label=_("Or these particular units"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Only if you need a given unit; otherwise ask for a quantity above and units are chosen for you."),
    )
    purpose = forms.CharField(label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    collection = forms.CharField(label=_("Collection concerned"), max_length=300, required=False)
    contact = forms.CharField(
        label=_("Contact"), max_length=300, help_text=_("Name and phone number of the person the coordinators can call.")
    )

    def __init__(self, *args, user, item_types, **kwargs):
        super().__init__(*args, **kwargs)
        self.item_types = list(item_types)
        self.fields["museum"].queryset = museums_acted_for_by(user).order_by("search_key")
        self.fields["units"].queryset = (
            KitUnit.objects.filter(status=UnitStatus.AVAILABLE).select_related("item_type").order_by("item_type__name", "inventory_number")
        )
        self.fields["units"].label_from_instance = lambda unit: str(unit)
        self.fields["pickup_date"].help_text = _("A booking lasts at most %(days)s days.") % {"days": settings.KIT_MAX_BOOKING_DAYS}
        self.quantity_fields = []
        for item_type in self.item_types:
            name = f"qty_{item_type.pk}"
            self.fields[name] = forms.IntegerField(
                label=item_type.name, min_value=0, max_value=max(getattr(item_type, "unit_count", 0), 0) or 0,
                required=False, initial=0, widget=forms.NumberInput(attrs={"class": "qty"}),
            )
            self.quantity_fields.append(name)
        # Quantities come right after the dates, in the order of the catalogue.
        order = ["museum", "pickup_date", "return_date", *self.quantity_fields, "units", "purpose", "collection", "contact"]
        self.order_fields(order)

    def clean(self):
        data = super().clean()
        if data.get("pickup_date") and data.get("return_date") and data["return_date"] < data["pickup_date"]:
            self.add_error("return_date", _("The return date must be on or after the pickup date."))
        if not self.errors and not self.quantities() and not data.get("units"):
            raise forms.ValidationError(_("Choose at least one item of the kit: a quantity, or particular units."))
        return data

    def quantities(self) -> dict[KitItemType, int]:
        return {t: self.cleaned_data.get(f"qty_{t.pk}") or 0 for t in self.item_types if self.cleaned_data.get(f"qty_{t.pk}")}

    def quantity_bound_fields(self):
        return [self[name] for name in self.quantity_fields]

    def other_fields(self):
        return [self[name] for name in self.fields if name not in self.quantity_fields]


class WaitingListForm(forms.Form):
    museum = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    item_type = forms.ModelChoiceField(queryset=KitItemType.objects.all(), widget=forms.HiddenInput)
    quantity = forms.IntegerField(min_value=1, max_value=50, widget=forms.HiddenInput)
    pickup_date = forms.DateField(widget=forms.HiddenInput)
    return_date = forms.DateField(widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["museum"].queryset = museums_acted_for_by(user)


class MessageForm(forms.Form):
    message = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000)


class DeclineForm(forms.Form):
    message = forms.CharField(label=_("Why is it declined?"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


def _consumable_fields(form, prefix: str, label_suffix):
    form.consumable_fields = []
    for consumable in Consumable.objects.order_by("name"):
        name = f"{prefix}_{consumable.pk}"
        form.fields[name] = forms.IntegerField(
            label=f"{consumable.name} ({label_suffix}, {consumable.unit_label})", min_value=0, required=False, initial=0,
        )
        form.fields[name].consumable = consumable
        form.consumable_fields.append(name)


class HandOverForm(forms.Form):
    handed_over_on = forms.DateField(label=_("Handed over on"), widget=DATE, initial=timezone.localdate)
    condition_notes = forms.CharField(label=_("Condition of the units"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    accessories = forms.CharField(label=_("Accessories given"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _consumable_fields(self, "given", _("given"))

    def consumables(self) -> dict:
        return {self.fields[n].consumable: self.cleaned_data.get(n) or 0 for n in self.consumable_fields}


class ReturnForm(forms.Form):
    returned_on = forms.DateField(label=_("Returned on"), widget=DATE, initial=timezone.localdate)
    condition_notes = forms.CharField(label=_("Condition on return"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _consumable_fields(self, "used", _("used"))

    def consumables(self) -> dict:
        return {self.fields[n].consumable: self.cleaned_data.get(n) or 0 for n in self.consumable_fields}


class LoggerFileForm(forms.Form):
    file = forms.FileField(
        label=_("Data logger export (CSV)"),
        help_text=_("Columns: time, temperature (°C), relative humidity (%). Comma or semicolon separated."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,text/csv"}),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_LOGGER_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        if not file.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(_("Send the CSV export of the logger."))
        return file


class AnoxiaForm(forms.Form):
    started_at = forms.DateTimeField(label=_("Start of the treatment"), widget=DATETIME)
    ended_at = forms.DateTimeField(label=_("End of the treatment"), widget=DATETIME)
    readings = forms.CharField(
        label=_("Oxygen readings"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
        help_text=_("One reading a line: date and time, then the oxygen level in %, e.g. “2025-03-04 10:00; 0.3”."),
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def clean_readings(self):
        readings = []
        for number, line in enumerate(self.cleaned_data["readings"].splitlines(), start=1):
            if not line.strip():
                continue
            try:
                when, value = [p.strip() for p in line.replace("\t", ";").rsplit(";", 1)]
                taken_at = datetime.fromisoformat(when)
                if timezone.is_naive(taken_at):
                    taken_at = timezone.make_aware(taken_at)
                readings.append((taken_at, float(value.replace(",", ".").rstrip("%").strip())))
            except ValueError:
                raise forms.ValidationError(_("Line %(n)s cannot be read: %(line)s") % {"n": number, "line": line[:80]}) from None
        return readings

    def clean(self):
        data = super().clean()
        if data.get("started_at") and data.get("ended_at") and data["ended_at"] < data["started_at"]:
            self.add_error("ended_at", _("The treatment must end after it starts."))
        return data
