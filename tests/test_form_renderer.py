"""The portal's form renderer writes drop-down lists in Python (``ocop_portal.form_renderer``): the markup must be
exactly what Django's own templates write, for every kind of choice a form of the portal has."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test import override_settings
from django.utils import translation

from areas.forms import UnitChoiceField
from areas.tests.factories import UnitFactory
from ocop_portal.form_renderer import PortalFormRenderer


class EveryKindOfChoice(forms.Form):
    plain = forms.ChoiceField(choices=[("", "Tất cả"), ("a", "Hợp tác xã"), ("b", 'Công ty "ABC" & <Cộng sự>')])
    grouped = forms.ChoiceField(
        choices=[("", "---"), ("Nhóm 1", [("1", "Một"), ("2", "Hai")]), ("Nhóm <2>", [("3", "Ba")])]
    )
    numbers = forms.TypedChoiceField(choices=[(2026, 2026), (12345, Decimal("12345.5"))], coerce=int)
    dates = forms.ChoiceField(choices=[("d", datetime.date(2026, 6, 15))])
    many = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y")], required=False)
    disabled = forms.ChoiceField(choices=[("a", "A")], disabled=True)
    custom = forms.ChoiceField(
        choices=[("a", "A")], widget=forms.Select(attrs={"class": "wide", "data-x": "1", "required": True})
    )


class EveryKindOfInput(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={"placeholder": 'Tên "HTX" & <cơ sở>', "autofocus": True}))
    empty = forms.CharField(required=False)
    number = forms.DecimalField(required=False)
    localized = forms.DecimalField(required=False, localize=True)
    integer = forms.IntegerField(required=False, widget=forms.NumberInput(attrs={"min": 0, "step": 1}))
    email = forms.EmailField(required=False)
    url = forms.URLField(required=False)
    password = forms.CharField(required=False, widget=forms.PasswordInput(render_value=True))
    hidden = forms.CharField(required=False, widget=forms.HiddenInput)
    day = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    day_text = forms.DateField(required=False)
    moment = forms.DateTimeField(required=False)
    clock = forms.TimeField(required=False)
    search = forms.CharField(required=False, widget=forms.TextInput(attrs={"type": "search", "disabled": False}))
    checked = forms.BooleanField(required=False)
    unchecked = forms.BooleanField(required=False)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))
    blank_note = forms.CharField(required=False, widget=forms.Textarea)
    readonly = forms.CharField(required=False, disabled=True)


INPUT_DATA = {
    "text": 'Hợp tác xã "Sen" & <Hồng>',
    "empty": "",
    "number": "1234.5",
    "localized": "1234,5",
    "integer": "0",
    "email": "a@b.vn",
    "url": "https://ocop.gov.vn/?a=1&b=2",
    "password": "bí mật",
    "hidden": "42",
    "day": "2026-06-15",
    "day_text": "15/06/2026",
    "moment": "15/06/2026 08:30",
    "clock": "08:30",
    "search": "bánh",
    "checked": "on",
    "note": 'Dòng một\nDòng <hai> & "ba"',
    "blank_note": "",
}


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("bound", [True, False])
def test_input_and_textarea_markup_equals_djangos(language, bound):
    initial = {"number": Decimal("1234.50"), "day": datetime.date(2026, 6, 15), "readonly": "cố định", "note": "Có"}
    with translation.override(language):
        fast = _render(
            None, EveryKindOfInput(INPUT_DATA if bound else None, initial=initial, renderer=PortalFormRenderer())
        )
        slow = _render(
            None, EveryKindOfInput(INPUT_DATA if bound else None, initial=initial, renderer=DjangoTemplates())
        )
    assert "<input" in fast and "<textarea" in fast and "checked" in fast and "&quot;" in fast
    assert fast == slow


def _render(renderer, form):
    return "".join(str(form[name].as_widget()) for name in form.fields)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_select_markup_equals_djangos(language):
    data = {"plain": "b", "grouped": "3", "numbers": "12345", "many": ["x", "y"]}
    with translation.override(language):
        fast = _render(None, EveryKindOfChoice(data, renderer=PortalFormRenderer()))
        slow = _render(None, EveryKindOfChoice(data, renderer=DjangoTemplates()))
    assert "<select" in fast and "optgroup" in fast and "selected" in fast and "&quot;ABC&quot;" in fast
    assert fast == slow


@pytest.mark.django_db
def test_unit_picker_markup_equals_djangos():
    commune = UnitFactory()

    class Picker(forms.Form):
        unit = UnitChoiceField(queryset=type(commune).objects.all(), required=False)

    fast = _render(None, Picker({"unit": commune.pk}, renderer=PortalFormRenderer()))
    slow = _render(None, Picker({"unit": commune.pk}, renderer=DjangoTemplates()))
    assert str(commune.pk) in fast and fast == slow


@override_settings(FORM_RENDERER="ocop_portal.form_renderer.PortalFormRenderer")
def test_the_portal_uses_it():
    from django.forms.renderers import get_default_renderer

    get_default_renderer.cache_clear()
    try:
        assert isinstance(get_default_renderer(), PortalFormRenderer)
    finally:
        get_default_renderer.cache_clear()
