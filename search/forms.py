from django import forms
from django.utils.translation import gettext_lazy as _

from extranet.models import Department

from .registry import kind_choices


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    museum = forms.IntegerField(label=_("Museum"), required=False, min_value=1)
    department = forms.ChoiceField(label=_("Department"), required=False, choices=[("", "")] + Department.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds"))] + kind_choices()
