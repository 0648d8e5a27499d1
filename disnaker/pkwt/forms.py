from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from disnaker.core.captcha import CaptchaFormMixin
from disnaker.core.forms import DateField, DateTextInput, SearchField
from disnaker.core.forms import DecisionForm as CoreDecisionForm
from disnaker.core.uploads import PdfFileField


class ExcelFileField(forms.FileField):
    """Only the size is checked here; the content checks are the import's (a report, not a form error)."""

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["accept"] = (
            ".xlsx,.ods,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,"
            "application/vnd.oasis.opendocument.spreadsheet"
        )
        return attrs

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and upload.size > settings.PKWT_IMPORT_MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("File terlalu besar (batas %(mb)d MB).")
                % {"mb": settings.PKWT_IMPORT_MAX_FILE_BYTES // 2**20}
            )
        return upload


class RegistrationForm(forms.Form):
    """The "Tambah Permohonan PKWT" form: two PDFs and the worker Excel. Fields already saved on the
    registration are not required again."""

    application_letter = PdfFileField(
        label=_("Surat Permohonan (PDF)"),
        required=False,
        help_text=_("Surat permohonan yang sudah ditandatangani dan dicap, hasil pindai dalam PDF."),
    )
    sample_contract = PdfFileField(
        label=_("Scan Sample Kontrak Kerja (PDF)"),
        required=False,
        help_text=_("Contoh perjanjian kerja PKWT yang digunakan, hasil pindai dalam PDF."),
    )
    worker_file = ExcelFileField(
        label=_("Daftar Pekerja (Excel .xlsx atau LibreOffice .ods)"),
        required=False,
        help_text=_(
            "Isi template (.xlsx atau .ods) lalu klik Import Excel. Anda dapat memperbaiki file dan mengimpor lagi."
        ),
    )

    def __init__(self, *args, registration=None, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.registration = registration
        self.action = action

    def clean(self):
        data = super().clean()
        if self.action == "import" and not data.get("worker_file") and "worker_file" not in self.errors:
            self.add_error("worker_file", _("Pilih file daftar pekerja (.xlsx atau .ods) yang akan diimpor."))
        return data


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    q = SearchField(label=_("Cari nama perusahaan atau nomor permohonan"))
    date_from = DateField(label=_("Diajukan sejak"), required=False)
    date_to = DateField(label=_("Diajukan sampai"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .constants import RegistrationStatus

        self.fields["status"].choices = [("", _("Semua"))] + [
            (value, label) for value, label in RegistrationStatus.choices if value != RegistrationStatus.DRAFT
        ]


class DecisionForm(CoreDecisionForm):
    note_help = _("Wajib untuk perbaikan, penolakan dan pengembalian; dikirim ke perusahaan bila relevan.")


class RevokeForm(CoreDecisionForm):
    note_label = _("Alasan pencabutan")
    note_help = _("SK tetap tercatat; halaman verifikasi menampilkannya sebagai dicabut.")
    note_required = True


class AgeExceptionForm(forms.Form):
    """The verifier's exception for one worker under 18 (UU 13/2003 Pasal 69–71)."""

    ground = forms.ChoiceField(label=_("Dasar pengecualian (UU 13/2003)"))
    reason = forms.CharField(
        label=_("Alasan"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Jenis pekerjaan, waktu kerja dan pengawasan yang diperiksa, dengan kata-kata Anda sendiri."
        ),
        error_messages={"required": _("Tuliskan alasan pengecualian.")},
    )
    document = PdfFileField(
        label=_("Dokumen pendukung (PDF)"),
        help_text=_(
            "Misalnya izin tertulis orang tua/wali (Pasal 69), surat sekolah atau lembaga pelatihan (Pasal 70)."
        ),
        error_messages={"required": _("Lampirkan dokumen pendukung (PDF).")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .age_exceptions import AgeExceptionGround

        self.fields["ground"].choices = [("", _("Pilih dasar pengecualian"))] + list(
            AgeExceptionGround.choices
        )
        self.fields["ground"].error_messages["required"] = _(
            "Pilih dasar pengecualian (Pasal 69, 70 atau 71)."
        )


class WorkerCheckForm(CaptchaFormMixin, forms.Form):
    """*Cek Kontrak Saya*: the worker's NIK, birth date (typed dd/mm/yyyy whatever the browser's language)
    and the captcha."""

    nik = forms.RegexField(
        label=_("NIK"),
        regex=r"^\d{16}$",
        max_length=16,
        help_text=_("16 digit angka, sesuai KTP."),
        error_messages={"invalid": _("NIK harus 16 digit angka.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    birth_date = DateField(label=_("Tanggal lahir"), widget=DateTextInput(attrs={"autocomplete": "bday"}))
