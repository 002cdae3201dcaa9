"""The shared multiple-choice field: a hand-made id the database cannot hold is an ordinary form
error (the member sees "invalid choice"), never a server error."""

import importlib
import inspect

import pytest
from django import forms
from django.utils import translation

from extranet.fields import ModelMultipleChoiceField
from extranet.models import Museum
from tests.factories import MuseumFactory

PAST_64_BITS = ["99999999999999999999", "-99999999999999999999", str(2**63)]

# Forms of the forum and search apps belong to their own helpers; machina's poll vote form is listed
# in the report.
FORM_MODULES = [
    "equipment_loans.forms",
    "equipment_loans.exchange.forms",
    "extranet.forms",
    "notifications.forms",
    "resources.forms",
    "skills_directory.forms",
]


class MuseumsForm(forms.Form):
    museums = ModelMultipleChoiceField(queryset=Museum.objects.all())


class OneMuseumForm(forms.Form):
    museum = forms.ModelChoiceField(queryset=Museum.objects.all())


@pytest.fixture
def museums(db):
    return [MuseumFactory(name="La Piscine", slug="la-piscine"), MuseumFactory(name="Louvre-Lens", slug="louvre-lens")]


@pytest.mark.parametrize("big", PAST_64_BITS)
def test_an_id_past_64_bits_among_several_choices_is_an_invalid_choice_in_french(museums, big):
    with translation.override("fr"):
        form = MuseumsForm({"museums": [str(museums[0].pk), big]})
        assert not form.is_valid()
        assert form.errors["museums"] == [f"Sélectionnez un choix valide. {big} n’en fait pas partie."]


def test_the_largest_64_bit_id_is_simply_not_found(museums):
    form = MuseumsForm({"museums": [str(2**63 - 1)]})
    assert not form.is_valid()
    assert form.errors.as_data()["museums"][0].code == "invalid_choice"


def test_several_existing_ids_still_select_their_museums(museums):
    form = MuseumsForm({"museums": [str(museum.pk) for museum in museums]})
    assert form.is_valid(), form.errors
    assert set(form.cleaned_data["museums"]) == set(museums)


@pytest.mark.parametrize("junk", ["abc", "1e309", "1.5"])
def test_a_value_that_is_not_an_id_is_still_refused_as_not_a_valid_value(museums, junk):
    form = MuseumsForm({"museums": [junk]})
    assert not form.is_valid()
    assert form.errors.as_data()["museums"][0].code == "invalid_pk_value"


@pytest.mark.parametrize("big", PAST_64_BITS)
def test_a_single_model_choice_refuses_an_id_past_64_bits_without_crashing(museums, big):
    # Django's own `exact` lookup knows the integer range, so the single choice needs no subclass.
    with translation.override("fr"):
        form = OneMuseumForm({"museum": big})
        assert not form.is_valid()
        assert form.errors.as_data()["museum"][0].code == "invalid_choice"


def test_every_form_with_several_model_choices_uses_the_shared_field():
    unsafe = []
    for module_name in FORM_MODULES:
        module = importlib.import_module(module_name)
        for name, form_class in inspect.getmembers(module, inspect.isclass):
            if not issubclass(form_class, forms.BaseForm) or form_class.__module__ != module_name:
                continue
            for field_name, field in form_class.base_fields.items():
                if isinstance(field, forms.ModelMultipleChoiceField) and not isinstance(
                    field, ModelMultipleChoiceField
                ):
                    unsafe.append(f"{module_name}.{name}.{field_name}")
    assert not unsafe, f"use extranet.fields.ModelMultipleChoiceField in: {unsafe}"
