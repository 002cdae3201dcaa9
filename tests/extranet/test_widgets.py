"""The museum filter: same choices as Django's select, written without a template per option."""

import re

import pytest
from django import forms

from extranet.fields import MuseumChoiceField
from extranet.models import Museum
from tests.factories import MuseumFactory

pytestmark = pytest.mark.django_db


def options(html):
    return re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', html)


def test_the_museum_filter_offers_every_museum_by_name_and_keeps_the_choice(django_assert_num_queries):
    chosen = MuseumFactory(name="Musée <script>alert(1)</script> & Co")

    class Filter(forms.Form):
        museum = MuseumChoiceField(label="Musée", required=False, empty_label="Tous les musées")

    form = Filter({"museum": str(chosen.pk)})
    assert form.is_valid()
    assert form.cleaned_data["museum"] == chosen
    with django_assert_num_queries(1):
        html = str(form["museum"])

    class Stock(forms.Form):
        museum = forms.ModelChoiceField(queryset=Museum.objects.order_by("search_key"), required=False,
                                        empty_label="Tous les musées")

    assert options(html) == options(str(Stock({"museum": str(chosen.pk)})["museum"]))
    assert ("", "", "Tous les musées") in options(html)
    assert (str(chosen.pk), " selected", f"Musée &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co ({chosen.city})") in options(html)
    assert "<script>" not in html
    assert len(options(html)) == Museum.objects.count() + 1


def test_an_unknown_museum_is_a_form_error():
    class Filter(forms.Form):
        museum = MuseumChoiceField(label="Musée", required=False)

    form = Filter({"museum": "999999"})
    assert not form.is_valid()
    assert "museum" in form.errors
