"""Forms of the equipment exchange. Each lists its fields explicitly: a `museum`, `status` or
quantity field posted by hand is ignored."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from extranet.models import Museum

from .models import Category, Kind, Listing, Lot, OfferType
from .services import MAX_PHOTOS


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.ImageField):
    """Several photos in one input (each checked by Pillow)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleImageInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            files = [single(d, initial) for d in data if d]
        else:
            files = [single(data, initial)] if data else []
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(_("At most %(max)s photos."), params={"max": MAX_PHOTOS})
        return files


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ListingForm(forms.ModelForm):
    photos = MultipleImageField(label=_("Photos"), required=False, help_text=_("JPEG, PNG or WebP; several at once."))

    class Meta:
        model = Listing
        fields = [
            "kind", "offer_type", "category", "title", "description", "quantity", "width_cm", "depth_cm", "height_cm",
            "weight_kg", "material", "condition", "location", "available_from", "available_until", "dismantling_needed",
            "transport_by_taker", "access_constraints", "loan_duration_months", "exhibition",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "offer_type": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
            "access_constraints": forms.Textarea(attrs={"rows": 2}),
            "available_from": DateInput(),
            "available_until": DateInput(),
        }

    def __init__(self, *args, in_lot=False, lock_kind=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer_type"].choices = [("", _("(wanted ad)"))] + list(OfferType.choices)
        self.fields["offer_type"].required = False
        if in_lot:
            for name in ("kind", "available_from", "available_until"):
                del self.fields[name]
        elif lock_kind:
            del self.fields["kind"]
        for name in ("quantity", "width_cm", "depth_cm", "height_cm", "weight_kg", "loan_duration_months"):
            if name in self.fields:
                self.fields[name].widget.attrs.setdefault("inputmode", "decimal")
                self.fields[name].widget.attrs["min"] = 0

    def clean(self):
        data = super().clean()
        kind = data.get("kind", self.instance.kind if self.instance.pk else Kind.OFFER)
        if kind == Kind.OFFER and not data.get("offer_type"):
            self.add_error("offer_type", _("Say whether the offer is a donation or a loan."))
        if kind == Kind.WANTED:
            data["offer_type"] = ""
        start, end = data.get("available_from"), data.get("available_until")
        if start and end and end < start:
            self.add_error("available_until", _("The end of availability must be on or after its start."))
        return data

    def listing_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "photos"}


class LotForm(forms.ModelForm):
    class Meta:
        model = Lot
        fields = ["title", "exhibition", "description", "pickup_from", "pickup_until", "pickup_details"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "pickup_details": forms.Textarea(attrs={"rows": 3}),
            "pickup_from": DateInput(),
            "pickup_until": DateInput(),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("pickup_from"), data.get("pickup_until")
        if start and end and end < start:
            self.add_error("pickup_until", _("The end of the pickup window must be on or after its start."))
        return data


class MuseumChoiceMixin:
    def _museum_field(self, museums):
        self.fields["museum"] = forms.ModelChoiceField(
            queryset=museums, label=_("For the museum"), empty_label=None, initial=museums.first()
        )
        if museums.count() <= 1:
            self.fields["museum"].widget = forms.HiddenInput()


class RequestForm(MuseumChoiceMixin, forms.Form):
    quantity = forms.IntegerField(label=_("Quantity wanted"), min_value=1)
    intended_use = forms.CharField(label=_("Intended use"), widget=forms.Textarea(attrs={"rows": 3}), max_length=3000)
    exhibition = forms.CharField(label=_("Exhibition"), required=False, max_length=200,
                                 help_text=_("The exhibition it will serve, if you know it."))
    proposed_pickup_date = forms.DateField(label=_("Proposed pickup date"), required=False, widget=DateInput())
    message = forms.CharField(label=_("Message to the offering museum"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)

    def __init__(self, *args, museums, listing, **kwargs):
        super().__init__(*args, **kwargs)
        self._museum_field(museums)
        self.fields["quantity"].max_value = listing.quantity_available
        self.fields["quantity"].widget.attrs["max"] = listing.quantity_available
        self.fields["quantity"].initial = 1
        self.order_fields(["museum"])

    def clean_proposed_pickup_date(self):
        value = self.cleaned_data.get("proposed_pickup_date")
        if value and value < timezone.localdate():
            raise forms.ValidationError(_("This date is in the past."))
        return value


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Your message"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class PromiseForm(forms.Form):
    quantity = forms.IntegerField(label=_("Quantity to promise"), min_value=1)


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=100)
    category = forms.ChoiceField(label=_("Category"), required=False)
    kind = forms.ChoiceField(label=_("Offers or wanted ads"), required=False)
    offer_type = forms.ChoiceField(label=_("Donation or loan"), required=False)
    department = forms.ChoiceField(label=_("Department"), required=False)
    distance = forms.TypedChoiceField(label=_("Distance from my museum"), required=False, coerce=int, empty_value=None)
    available_now = forms.BooleanField(label=_("Available now"), required=False)
    # One museum's listings: the map's popups ask for them, and link to the list with it.
    museum = forms.ModelChoiceField(queryset=Museum.objects.all(), to_field_name="slug", required=False,
                                    widget=forms.HiddenInput)

    def __init__(self, *args, departments, has_origin, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["category"].choices = everything + list(Category.choices)
        self.fields["kind"].choices = everything + list(Kind.choices)
        self.fields["offer_type"].choices = everything + list(OfferType.choices)
        self.fields["department"].choices = everything + [(code, f"{name} ({code})") for code, name in departments]
        if has_origin:
            self.fields["distance"].choices = [("", _("Any distance"))] + [
                (str(km), _("Within %(km)s km") % {"km": km}) for km in (25, 50, 100, 200)
            ]
        else:
            del self.fields["distance"]
