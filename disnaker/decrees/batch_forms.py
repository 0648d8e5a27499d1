"""The head's batch-signing form (``decrees.batch``): which items, and the BSrE passphrase."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class BatchSignForm(forms.Form):
    items = forms.MultipleChoiceField(
        label=_("Item yang ditandatangani"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Pilih minimal satu item untuk ditandatangani.")},
    )
    passphrase = forms.CharField(
        label=_("Passphrase TTE (BSrE)"),
        required=False,
        strip=False,
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "off", "spellcheck": "false"}, render_value=False),
        help_text=_(
            "Passphrase sertifikat elektronik Anda. Tidak disimpan dan hanya dipakai untuk antrean ini."
        ),
    )

    def __init__(self, *args, queue=(), needs_passphrase: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_queue(queue)
        self.needs_passphrase = needs_passphrase
        if needs_passphrase:
            self.fields["passphrase"].required = True
            self.fields["passphrase"].error_messages["required"] = _(
                "Ketik passphrase TTE Anda untuk menandatangani."
            )
        else:
            del self.fields["passphrase"]

    def set_queue(self, queue) -> None:
        self.fields["items"].choices = [(item.key, f"{item.label} — {item.subject}") for item in queue]

    def clean_items(self):
        # The queue's order, not the order the browser sent: it is the numbering order.
        chosen = set(self.cleaned_data["items"])
        return [key for key, _label in self.fields["items"].choices if key in chosen]
