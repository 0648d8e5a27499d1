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


#: Signing refusals shown next to the passphrase field (the rest go above the form).
PASSPHRASE_ERROR_CODES = ("bsre_passphrase_missing", "bsre_2031", "bsre_2011", "bsre_unavailable")


class SignConfirmForm(forms.Form):
    """The head's confirmation before a decree is numbered and signed. For an office that signs through
    BSrE it asks for the TTE passphrase: read from this one POST, handed to the signer, never stored,
    logged or re-shown (``render_value=False``)."""

    passphrase = forms.CharField(
        label=_("Passphrase TTE (BSrE)"),
        help_text=_("Passphrase sertifikat elektronik Anda dari BSrE. Tidak disimpan oleh aplikasi ini."),
        strip=False,
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "off", "spellcheck": "false"}, render_value=False),
        error_messages={"required": _("Ketik passphrase TTE Anda untuk menandatangani.")},
    )

    def __init__(self, *args, needs_passphrase: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not needs_passphrase:
            del self.fields["passphrase"]

    def passphrase_value(self) -> str | None:
        return self.cleaned_data.get("passphrase") or None

    def add_signing_error(self, exc: ValidationError) -> None:
        """A refusal of the signer: next to the passphrase field when it is about the passphrase, the
        certificate or the service; above the form otherwise."""
        code = getattr(exc, "code", "") or ""
        # The office's setup (no NIK, no esign-client address) is for the admin, not the passphrase.
        about_setup = code in ("bsre_nik_missing", "bsre_not_configured")
        on_field = (
            "passphrase" in self.fields
            and not about_setup
            and (code in PASSPHRASE_ERROR_CODES or code.startswith("bsre_"))
        )
        self.add_error("passphrase" if on_field else None, exc.messages[0])
