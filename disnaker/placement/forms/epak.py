"""Forms of the e-pengantarkerja channel: one PAK's status, and the upload of the list exported there."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..constants import EPAK_STATUSES
from ..epak_excel import MAX_BYTES


class EpakStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status di e-pengantarkerja"),
        choices=[("", _("— pilih —")), *EPAK_STATUSES.items()],
        error_messages={"required": _("Pilih status yang tampil di e-pengantarkerja.")},
    )
    note = forms.CharField(
        label=_("Catatan (opsional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Misalnya alasan penolakan yang tertulis di e-pengantarkerja."),
    )


class EpakUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas Excel dari e-pengantarkerja (.xlsx)"),
        help_text=_("Minimal kolom NIK dan Status; kolom lain diabaikan. Paling besar 2 MB."),
        error_messages={"required": _("Pilih berkas Excel yang diunduh dari e-pengantarkerja.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Berkas lebih dari 2 MB."))
        return upload
