from __future__ import annotations

import hashlib

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from disnaker.core.uploads import ImageFileField

from .models import DecreeSettings


class CompareForm(forms.Form):
    """Upload a PDF to learn whether it is byte for byte the decree that was issued. Nothing is stored."""

    file = forms.FileField(
        label=_("Berkas PDF yang ingin dicocokkan"),
        help_text=_(
            "Berkas tidak disimpan; sidik SHA-256-nya dibandingkan dan tanda tangan digitalnya diperiksa."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )

    def __init__(self, *args, max_bytes: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes or settings.UPLOAD_DOCUMENT_MAX_BYTES

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.max_bytes:
            raise ValidationError(
                _("Berkas terlalu besar (%(size)s). Ukuran maksimum %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(self.max_bytes)},
                code="too_large",
            )
        data = b"".join(upload.chunks())  # at most max_bytes: its signature is checked too
        self.cleaned_data["sha256"] = hashlib.sha256(data).hexdigest()
        self.cleaned_data["data"] = data
        return upload


class DecreeSettingsAdminForm(forms.ModelForm):
    """The logo goes through the image checks (real PNG/JPEG, re-encoded without metadata)."""

    logo = ImageFileField(label=_("Logo baru"), required=False, widget=forms.FileInput,
                          help_text=DecreeSettings._meta.get_field("logo").help_text)  # fmt: skip
    remove_logo = forms.BooleanField(label=_("Hapus logo yang ada"), required=False)

    class Meta:
        model = DecreeSettings
        fields = [
            "office",
            "letterhead_government",
            "letterhead_office",
            "letterhead_address",
            "letterhead_contact",
            "logo",
            "place",
            "signer_position",
            "signer_name",
            "signer_rank",
            "signer_nip",
            "copies_to",
            "signer_backend",
            "bsre_nik",
            "pkcs12_path",
            "pkcs12_password_env",
        ]

    def save(self, commit=True):
        instance = super().save(commit=False)
        if self.cleaned_data.get("remove_logo") and not self.cleaned_data.get("logo"):
            instance.logo = ""
        if commit:
            instance.save()
        return instance
