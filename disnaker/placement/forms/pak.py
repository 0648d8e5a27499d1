from __future__ import annotations

import datetime

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from disnaker.core.formats import normalize_phone
from disnaker.core.forms import DateField, DateTextInput, DecisionForm, SearchField
from disnaker.core.uploads import ImageFileField, PdfFileField

from .. import services
from ..constants import AppointmentStatus, EducationLevel, ProfileStatus, ProposalStatus, Sex


class CandidateForm(forms.Form):
    """One PAK candidate with the proposal letter and one evidence file per checklist item."""

    name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    nik = forms.CharField(
        label=_("NIK"),
        max_length=32,
        help_text=_("16 digit sesuai KTP."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    email = forms.EmailField(label=_("E-mail"), help_text=_("Undangan registrasi PAK dikirim ke alamat ini."))
    phone = forms.CharField(
        label=_("No WhatsApp/telepon"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    position = forms.CharField(label=_("Jabatan di lembaga"), max_length=150)
    education_level = forms.ChoiceField(
        label=_("Pendidikan terakhir"), choices=[("", _("— pilih —")), *EducationLevel.choices]
    )
    education_major = forms.CharField(label=_("Jurusan/program studi"), max_length=150, required=False)
    proposal_letter = PdfFileField(label=_("Surat usulan dari kepala lembaga (PDF)"))

    def __init__(self, *args, requirements=(), officer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.requirements = list(requirements)
        have = set(officer.evidence.values_list("requirement_id", flat=True)) if officer else set()
        if officer is not None and officer.proposal_letter:
            self.fields["proposal_letter"].required = False
            self.fields["proposal_letter"].help_text = _("Kosongkan untuk memakai surat yang sudah diunggah.")
        for requirement in self.requirements:
            field = PdfFileField(
                label=_("Bukti: %(text)s (PDF)") % {"text": requirement.text},
                required=requirement.pk not in have,
                help_text=(requirement.evidence_hint + (" " if requirement.evidence_hint else ""))
                + (
                    str(_("Sudah diunggah; kosongkan untuk memakai yang lama."))
                    if requirement.pk in have
                    else ""
                ),
            )
            self.fields[f"evidence_{requirement.pk}"] = field

    def evidence_fields(self):
        return [self[f"evidence_{r.pk}"] for r in self.requirements]

    def clean_nik(self):
        return services.validate_candidate_nik(self.cleaned_data["nik"])

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_phone(self):
        return normalize_phone(self.cleaned_data["phone"])

    def evidence(self) -> dict:
        return {r.pk: self.cleaned_data.get(f"evidence_{r.pk}") for r in self.requirements
                if self.cleaned_data.get(f"evidence_{r.pk}")}  # fmt: skip


class ProposalLetterForm(forms.Form):
    """The institution's letter proposing the candidates, cited by the SK's Memperhatikan (issue 13 §2)."""

    letter_number = forms.CharField(
        label=_("Nomor surat usulan"), max_length=100,
        help_text=_("Nomor surat kepala lembaga yang mengusulkan calon PAK, mis. 421.5/123/SMKN3/XII/2026."),
        error_messages={"required": _("Isi nomor surat usulan dari kepala lembaga; nomor ini dikutip dalam SK.")},
    )  # fmt: skip
    letter_date = DateField(
        label=_("Tanggal surat usulan"),
        error_messages={"required": _("Isi tanggal surat usulan dari kepala lembaga.")},
    )

    def clean_letter_number(self):
        return " ".join(self.cleaned_data["letter_number"].split())

    def clean_letter_date(self):
        value = self.cleaned_data["letter_date"]
        if value > timezone.localdate():
            raise ValidationError(_("Tanggal surat usulan tidak boleh setelah hari ini."), code="future")
        return value


class NoteForm(DecisionForm):
    note_label = _("Catatan / alasan")
    note_help = _("Wajib untuk perbaikan, penolakan dan pengembalian.")


class EndAppointmentForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status baru"),
        choices=[(AppointmentStatus.INACTIVE, _("Tidak aktif")), (AppointmentStatus.REVOKED, _("Dicabut"))],
    )
    ended_on = DateField(label=_("Tanggal berakhir"))
    reason = forms.CharField(label=_("Alasan"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class QueueForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    q = SearchField(label=_("Cari nama BKK atau nama PAK"))

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Semua status")), *choices]


PROPOSAL_QUEUE_CHOICES = [c for c in ProposalStatus.choices if c[0] != ProposalStatus.DRAFT]
PROFILE_QUEUE_CHOICES = list(ProfileStatus.choices)


class InvitationPasswordForm(forms.Form):
    password1 = forms.CharField(
        label=_("Kata sandi baru"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )  # fmt: skip
    password2 = forms.CharField(
        label=_("Ulangi kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        elif p1:
            try:
                password_validation.validate_password(p1, self.user)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data


class ProfileForm(forms.Form):
    phone = forms.CharField(
        label=_("No WhatsApp/telepon"), max_length=20, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    birth_place = forms.CharField(label=_("Tempat lahir"), max_length=100, required=False)
    birth_date = DateField(
        label=_("Tanggal lahir"), required=False, widget=DateTextInput(attrs={"autocomplete": "bday"})
    )
    sex = forms.ChoiceField(
        label=_("Jenis kelamin"), required=False, choices=[("", _("— pilih —")), *Sex.choices]
    )
    address = forms.CharField(
        label=_("Alamat domisili"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    education_level = forms.ChoiceField(label=_("Pendidikan terakhir"), choices=EducationLevel.choices)
    education_major = forms.CharField(label=_("Jurusan/program studi"), max_length=150, required=False)
    education_institution = forms.CharField(
        label=_("Nama perguruan tinggi/sekolah"), max_length=200, required=False
    )
    graduation_year = forms.IntegerField(label=_("Tahun lulus"), required=False, min_value=1950)
    work_history = forms.CharField(
        label=_("Riwayat pekerjaan"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Satu baris per pekerjaan: tahun, jabatan, tempat."),
    )  # fmt: skip
    trainings_attended = forms.CharField(
        label=_("Pelatihan layanan penempatan yang pernah diikuti"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Satu baris per pelatihan: tahun, nama pelatihan, penyelenggara. Bimtek yang dicatat Disnaker tampil otomatis."),
    )  # fmt: skip
    photo = ImageFileField(label=_("Pas foto (JPG/PNG)"), required=False)

    def clean_phone(self):
        return normalize_phone(self.cleaned_data["phone"])

    def clean_graduation_year(self):
        year = self.cleaned_data.get("graduation_year")
        if year and year > datetime.date.today().year:
            raise ValidationError(_("Tahun lulus tidak boleh di masa depan."))
        return year

    def clean_birth_date(self):
        day = self.cleaned_data.get("birth_date")
        if day and day > datetime.date.today() - datetime.timedelta(days=17 * 365):
            raise ValidationError(_("Tanggal lahir tidak masuk akal untuk seorang pegawai."))
        return day


class ReportForm(forms.Form):
    note = forms.CharField(
        label=_("Catatan dalam surat (opsional)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
