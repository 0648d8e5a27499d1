"""Form pieces every app's filters share."""

from __future__ import annotations

import datetime
import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

SEARCH_MAX_LENGTH = 100


def refuse_control_characters(value: str) -> None:
    """Refuse C0/C1 control characters (NUL, tab, line breaks, escape…): nothing a person searches for, and
    a NUL would make PostgreSQL fail the query."""
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        raise ValidationError(
            _(
                "Kata pencarian berisi karakter kontrol (misalnya tab, baris baru atau NUL) yang tidak "
                "dapat dicari. Ketik ulang kata pencarian tanpa karakter tersebut."
            ),
            code="control_characters",
        )


class SearchField(forms.CharField):
    """The free-text box of a list's filter: optional, trimmed, at most 100 characters, no control
    characters. An invalid value is a form error the page shows next to the box (answered with 400)."""

    default_validators = [refuse_control_characters]

    def __init__(self, *, label, max_length: int = SEARCH_MAX_LENGTH, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("strip", True)
        kwargs.setdefault(
            "error_messages",
            {
                "max_length": _(
                    "Kata pencarian paling banyak %(limit_value)d karakter (Anda mengetik %(show_value)d)."
                )
            },
        )
        super().__init__(label=label, max_length=max_length, **kwargs)
        # Our check covers NUL too; Django's own would add a second, English-sounding message.
        self.validators = [v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)]


class DecisionForm(forms.Form):
    """The officer's note (catatan) of a review step: required or not is the step's rule (``core.flows``).
    Each workflow's form names the field and says where the note goes (``note_label``, ``note_help``). A
    decision taken outside a flow (a revocation, a follow-up done) requires its note (``note_required``)."""

    note_label = _("Catatan")
    note_help = ""
    note_required = False
    note_rows = 3

    note = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["note"]
        field.label = self.note_label
        field.help_text = self.note_help
        field.required = field.widget.is_required = self.note_required
        field.widget.attrs["rows"] = self.note_rows


DATE_PLACEHOLDER = "hh/bb/tttt"
DATE_HELP = _("Format hh/bb/tttt, contoh 03/07/1988.")
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")  # old links and bookmarks of the native date inputs


def parse_date(value: str) -> datetime.date:
    """``03/07/1988`` (also ``3/7/1988``, ``03-07-1988``, ``03.07.1988``) or ISO ``1988-07-03`` → a date, or a
    ``ValidationError`` saying in Indonesian what is wrong."""
    text = (value or "").strip()
    if match := _DMY.match(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _ISO.match(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise ValidationError(
            _("Tulis tanggal sebagai hh/bb/tttt, contoh 03/07/1988 (Anda menulis “%(value)s”)."),
            code="invalid",
            params={"value": text[:20]},
        )
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValidationError(
            _("Tanggal %(value)s tidak ada: periksa hari dan bulannya."),
            code="invalid_date",
            params={"value": f"{day:02d}/{month:02d}/{year:04d}"},
        ) from None


class DateTextInput(forms.TextInput):
    """A plain text box for a date, always shown dd/mm/yyyy whatever the browser's language (a native
    ``<input type="date">`` shows mm/dd/yyyy in an English browser). ``static/js/date_input.js`` inserts the
    slashes while typing and shows the month name under the box."""

    def __init__(self, attrs=None):
        base = {
            "inputmode": "numeric",
            "placeholder": DATE_PLACEHOLDER,
            "autocomplete": "off",
            "maxlength": "10",
            "data-date-input": "",
        }
        super().__init__(attrs={**base, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return value.strftime("%d/%m/%Y")
        if isinstance(value, str) and (match := _ISO.match(value.strip())):
            year, month, day = match.groups()
            return f"{day}/{month}/{year}"
        return super().format_value(value)


class DateField(forms.DateField):
    """Every date a user types: dd/mm/yyyy (ISO yyyy-mm-dd still accepted), with the help text and a clear
    Indonesian error next to the field."""

    widget = DateTextInput

    def __init__(self, **kwargs):
        if not kwargs.get("help_text"):
            kwargs["help_text"] = DATE_HELP
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        return parse_date(str(value))
