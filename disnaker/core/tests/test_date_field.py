"""The one date field of every form: dd/mm/yyyy whatever the browser's language, ISO still accepted."""

from __future__ import annotations

import datetime

import pytest
from django import forms

from disnaker.core.forms import DateField, DateTextInput


class _Form(forms.Form):
    day = DateField(label="Tanggal")
    optional = DateField(label="Opsional", required=False)


def _clean(value: str, field: str = "day"):
    form = _Form({"day": "01/01/2000", field: value})
    form.is_valid()
    return form


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("03/07/1988", datetime.date(1988, 7, 3)),
        ("3/7/1988", datetime.date(1988, 7, 3)),
        (" 03-07-1988 ", datetime.date(1988, 7, 3)),
        ("03.07.1988", datetime.date(1988, 7, 3)),
        ("1988-07-03", datetime.date(1988, 7, 3)),  # old links and bookmarks of the native date input
        ("29/02/2024", datetime.date(2024, 2, 29)),
    ],
)
def test_accepts_day_month_year_and_iso(typed, expected):
    form = _clean(typed)
    assert form.errors == {}
    assert form.cleaned_data["day"] == expected


def test_a_day_that_does_not_exist_is_named():
    form = _clean("31/02/2026")
    assert form.errors["day"] == ["Tanggal 31/02/2026 tidak ada: periksa hari dan bulannya."]
    assert _clean("29/02/2025").errors["day"] == ["Tanggal 29/02/2025 tidak ada: periksa hari dan bulannya."]
    assert _clean("2026-13-01").errors["day"] == ["Tanggal 01/13/2026 tidak ada: periksa hari dan bulannya."]


@pytest.mark.parametrize("typed", ["07/03/88", "3 Juli 1988", "1988/07/03", "abc", "03071988"])
def test_another_shape_is_told_the_format(typed):
    (message,) = _clean(typed).errors["day"]
    assert message.startswith("Tulis tanggal sebagai hh/bb/tttt, contoh 03/07/1988")
    assert typed in message


def test_empty_optional_is_none_and_empty_required_is_an_error():
    form = _Form({"day": "", "optional": ""})
    assert not form.is_valid()
    assert "day" in form.errors and "optional" not in form.errors
    assert form.cleaned_data["optional"] is None


def test_the_box_is_text_with_the_format_and_shows_dd_mm_yyyy():
    html = str(_Form(initial={"day": datetime.date(1988, 7, 3)})["day"])
    assert 'type="text"' in html and 'type="date"' not in html
    assert 'inputmode="numeric"' in html and 'placeholder="hh/bb/tttt"' in html and "data-date-input" in html
    assert 'value="03/07/1988"' in html
    assert _Form.base_fields["day"].help_text == "Format hh/bb/tttt, contoh 03/07/1988."


def test_an_iso_value_from_a_link_is_shown_dd_mm_yyyy_and_a_typo_as_typed():
    assert 'value="03/07/1988"' in str(_Form({"day": "1988-07-03"})["day"])
    assert 'value="31/02/2026"' in str(_Form({"day": "31/02/2026"})["day"])


def test_widget_attributes_can_be_added():
    html = DateTextInput(attrs={"autocomplete": "bday"}).render("d", None)
    assert 'autocomplete="bday"' in html and 'placeholder="hh/bb/tttt"' in html


def test_no_form_uses_the_native_date_input():
    """Every date of the project's forms is the shared field, never Django's DateField/DateInput."""
    import importlib

    modules = [
        "disnaker.training.forms",
        "disnaker.pkwt.forms",
        "disnaker.placement.forms.pak",
        "disnaker.guidance.forms",
        "disnaker.accounts.forms",
    ]
    found = []
    for name in modules:
        module = importlib.import_module(name)
        for form in vars(module).values():
            if isinstance(form, type) and issubclass(form, forms.BaseForm) and form.__module__ == name:
                for field_name, field in form.base_fields.items():
                    if isinstance(field, forms.DateField):
                        assert isinstance(field, DateField), f"{name}.{form.__name__}.{field_name}"
                        assert isinstance(field.widget, DateTextInput)
                        found.append(field_name)
    assert len(found) >= 9
