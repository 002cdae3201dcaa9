"""Form fields shared by the apps.

`ModelMultipleChoiceField` is Django's, except that an id the database cannot hold is a form error.
Django checks each posted id on its own (an `exact` lookup, which knows the integer range) and then
fetches them all with `pk__in`, which does not: on SQLite an id past 64 bits makes sqlite3 raise
OverflowError, a server error. Every form of ours with several model choices uses this field
(`tests/security/test_fields.py` checks it).
"""

from django import forms
from django.db import connections, models

SIGNED_64_BITS = (-(2**63), 2**63 - 1)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several objects of a queryset; an id out of the database's integer range is an invalid choice."""

    def _check_values(self, value):
        if isinstance(value, (list, tuple, set, frozenset)):
            for pk in value:
                if self._out_of_range(pk):
                    raise forms.ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                    )
        return super()._check_values(value)

    def _out_of_range(self, pk) -> bool:
        opts = self.queryset.model._meta
        field = opts.get_field(self.to_field_name) if self.to_field_name else opts.pk
        if not isinstance(field, models.IntegerField):
            return False
        try:
            number = int(pk)
        except (TypeError, ValueError, OverflowError):
            return False  # not a number at all: Django answers "not a valid value"
        low, high = connections[self.queryset.db].ops.integer_field_range(field.get_internal_type())
        low = SIGNED_64_BITS[0] if low is None else max(low, SIGNED_64_BITS[0])
        high = SIGNED_64_BITS[1] if high is None else min(high, SIGNED_64_BITS[1])
        return not low <= number <= high


class _NameChoiceIterator(forms.models.ModelChoiceIterator):
    """(pk, label) pairs labelled as Museum.__str__, straight from the database: no model
    instance per option."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        label = self.queryset.model.name_with_town
        for pk, name, city in self.queryset.values_list("pk", "name", "city"):
            yield (pk, label(name, city))


class MuseumChoiceField(forms.ModelChoiceField):
    """A museum filter: one option per museum, rendered by `QuickSelect`.

    At country scale (1,200 museums) Django's ModelChoiceField built a Museum per option and a
    template per option: most of the time of the library, the skills directory and the agenda.
    """

    iterator = _NameChoiceIterator

    def __init__(self, **kwargs):
        from .models import Museum
        from .widgets import QuickSelect

        kwargs.setdefault("queryset", Museum.objects.order_by("search_key"))
        kwargs.setdefault("widget", QuickSelect)
        super().__init__(**kwargs)
