"""Form pieces every app's filters share."""

from __future__ import annotations

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
