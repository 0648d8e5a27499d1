"""BKK (Bursa Kerja Khusus), the PAK (Petugas Antar Kerja) appointed at them, and the reports to the province.

Each workflow object keeps its ``status`` in one field moved only by :func:`disnaker.core.workflow.status_transition`:
:class:`Bkk`, :class:`PakProposal` (a batch of candidates), :class:`PlacementOfficer` (one PAK's appointment) and
:class:`PakProfile` (the PAK's own registration, verified by the province).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

from disnaker.core.models import Office, Region
from disnaker.core.uploads import private_file_field

from .constants import (
    EPAK_STATUSES,
    AppointmentStatus,
    BkkStatus,
    EducationLevel,
    InstitutionType,
    ProfileStatus,
    ProposalStatus,
    Sex,
)
from .decree_text import (
    DEFAULT_MEMPERHATIKAN,
    DEFAULT_MENETAPKAN,
    DEFAULT_MENGINGAT,
    DEFAULT_MENIMBANG,
    DEFAULT_TEMBUSAN,
    text_problems,
)


class Bkk(models.Model):
    """A school's, university's or LPK's job-placement unit, from its application to its closure."""

    tracking_code = models.CharField(_("kode lacak"), max_length=20, unique=True)
    office = models.ForeignKey(
        Office, verbose_name=_("kantor"), on_delete=models.PROTECT, related_name="bkks"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("kabupaten/kota"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("nama BKK"), max_length=200)
    institution_name = models.CharField(_("nama lembaga"), max_length=200)
    institution_type = models.CharField(_("jenis lembaga"), max_length=12, choices=InstitutionType.choices)
    institution_code = models.CharField(
        _("NPSN / kode lembaga"), max_length=20, help_text=_("NPSN 8 digit untuk sekolah.")
    )
    address = models.TextField(_("alamat"))
    head_name = models.CharField(_("nama kepala lembaga"), max_length=150)
    contact_name = models.CharField(_("nama operator/kontak"), max_length=150)
    email = models.EmailField(_("e-mail operator"))
    phone = models.CharField(_("no WhatsApp/telepon"), max_length=20)
    operating_permit = private_file_field(_("izin operasional lembaga"), "bkk")
    founding_decree = private_file_field(_("SK pembentukan BKK dan struktur organisasi"), "bkk")
    placement_plan = private_file_field(_("rencana penempatan minimal 1 tahun"), "bkk")
    status = models.CharField(_("status"), max_length=20, choices=BkkStatus.choices, default=BkkStatus.DRAFT)
    office_note = models.TextField(_("catatan kantor"), blank=True)
    edit_token = models.CharField(_("token perbaikan"), max_length=64, unique=True)
    operator = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun operator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bkk",
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    registered_at = models.DateTimeField(_("terdaftar sejak"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status berubah"), null=True, blank=True)
    last_report_at = models.DateTimeField(
        _("laporan penempatan terakhir"),
        null=True,
        blank=True,
        help_text=_("Diisi otomatis saat BKK mengirim laporan penempatan."),
    )
    inactivation_proposed_at = models.DateTimeField(_("diusulkan nonaktif"), null=True, blank=True)
    report_reminded_at = models.DateTimeField(_("pengingat laporan terakhir"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("BKK")
        verbose_name_plural = _("BKK")
        indexes = [
            models.Index(fields=["office", "status"]),
            models.Index(fields=["status", "submitted_at"]),
        ]

    def __str__(self) -> str:
        return self.name


class PakRequirement(models.Model):
    """One item of the PAK requirement checklist. Items without an office apply to every office that has
    none of its own. DOMAIN.md: the 2025 guideline is not public, so the list is edited in the admin."""

    office = models.ForeignKey(
        Office,
        verbose_name=_("kantor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pak_requirements",
        help_text=_("Kosongkan untuk daftar bawaan semua kantor."),
    )
    text = models.CharField(_("persyaratan"), max_length=250)
    evidence_hint = models.CharField(_("contoh bukti"), max_length=250, blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("persyaratan PAK")
        verbose_name_plural = _("persyaratan PAK")

    def __str__(self) -> str:
        return self.text


class PakProposal(models.Model):
    """The BKK's proposal of one or more PAK candidates, decided by one SK Penetapan PAK."""

    bkk = models.ForeignKey(Bkk, verbose_name=_("BKK"), on_delete=models.PROTECT, related_name="proposals")
    office = models.ForeignKey(
        Office, verbose_name=_("kantor"), on_delete=models.PROTECT, related_name="pak_proposals"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    office_note = models.TextField(_("catatan kantor"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("dibuat oleh"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    # The institution's own letter proposing the candidates, cited in the SK's Memperhatikan (issue 13 §2).
    letter_number = models.CharField(_("nomor surat usulan"), max_length=100, blank=True)
    letter_date = models.DateField(_("tanggal surat usulan"), null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("usulan PAK")
        verbose_name_plural = _("usulan PAK")
        indexes = [models.Index(fields=["office", "status"])]

    def __str__(self) -> str:
        return f"Usulan PAK #{self.pk} {self.bkk}"


class PlacementOfficer(models.Model):
    """A PAK candidate and, once the SK is signed, an appointed PAK (``status`` is the appointment)."""

    proposal = models.ForeignKey(
        PakProposal, verbose_name=_("usulan"), on_delete=models.PROTECT, related_name="candidates"
    )
    bkk = models.ForeignKey(Bkk, verbose_name=_("BKK"), on_delete=models.PROTECT, related_name="officers")
    office = models.ForeignKey(
        Office, verbose_name=_("kantor"), on_delete=models.PROTECT, related_name="placement_officers"
    )
    name = models.CharField(_("nama lengkap"), max_length=150)
    nik = models.CharField(_("NIK"), max_length=16)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("no WhatsApp/telepon"), max_length=20)
    position = models.CharField(_("jabatan di lembaga"), max_length=150)
    education_level = models.CharField(_("pendidikan terakhir"), max_length=4, choices=EducationLevel.choices)
    education_major = models.CharField(_("jurusan/program studi"), max_length=150, blank=True)
    proposal_letter = private_file_field(_("surat usulan kepala lembaga"), "pak")
    status = models.CharField(
        _("status penetapan"),
        max_length=20,
        choices=AppointmentStatus.choices,
        default=AppointmentStatus.DRAFT,
    )
    appointed_at = models.DateTimeField(_("ditetapkan"), null=True, blank=True)
    ended_on = models.DateField(_("tanggal berakhir"), null=True, blank=True)
    end_reason = models.TextField(_("alasan berakhir"), blank=True)
    last_report = models.ForeignKey(
        "placement.ProvinceReport",
        verbose_name=_("laporan ke provinsi terakhir"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_reported_at = models.DateTimeField(_("dilaporkan ke provinsi"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("Petugas Antar Kerja")
        verbose_name_plural = _("Petugas Antar Kerja")
        indexes = [
            models.Index(fields=["office", "status"]),
            models.Index(fields=["nik"]),
        ]

    def __str__(self) -> str:
        return self.name


class RequirementEvidence(models.Model):
    """A candidate's evidence for one checklist item (the item's text is copied: the list may change)."""

    officer = models.ForeignKey(
        PlacementOfficer, verbose_name=_("calon PAK"), on_delete=models.CASCADE, related_name="evidence"
    )
    requirement = models.ForeignKey(
        PakRequirement, verbose_name=_("persyaratan"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requirement_text = models.CharField(_("persyaratan"), max_length=250)
    file = private_file_field(_("bukti"), "pak-evidence")

    class Meta:
        ordering = ["pk"]
        verbose_name = _("bukti persyaratan")
        verbose_name_plural = _("bukti persyaratan")

    def __str__(self) -> str:
        return self.requirement_text

    @property
    def document_key(self) -> str:
        """The ``kind`` of this file in the URL of ``placement:candidate_document``."""
        return f"bukti-{self.pk}"


class PakProfile(models.Model):
    """The PAK's own registration: account, profile and the province's verification (``status``)."""

    officer = models.OneToOneField(
        PlacementOfficer, verbose_name=_("PAK"), on_delete=models.PROTECT, related_name="profile"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pak_profile",
    )
    status = models.CharField(
        _("status registrasi"),
        max_length=24,
        choices=ProfileStatus.choices,
        default=ProfileStatus.NOT_REGISTERED,
    )
    birth_place = models.CharField(_("tempat lahir"), max_length=100, blank=True)
    birth_date = models.DateField(_("tanggal lahir"), null=True, blank=True)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices, blank=True)
    address = models.TextField(_("alamat domisili"), blank=True)
    education_institution = models.CharField(_("nama perguruan tinggi/sekolah"), max_length=200, blank=True)
    graduation_year = models.PositiveSmallIntegerField(_("tahun lulus"), null=True, blank=True)
    work_history = models.TextField(
        _("riwayat pekerjaan"), blank=True, help_text=_("Satu baris per pekerjaan: tahun, jabatan, tempat.")
    )
    trainings_attended = models.TextField(
        _("pelatihan layanan penempatan yang pernah diikuti"),
        blank=True,
        help_text=_("Satu baris per pelatihan: tahun, nama pelatihan, penyelenggara."),
    )
    photo = private_file_field(_("pas foto"), "pak-photo", blank=True)
    invited_at = models.DateTimeField(_("undangan dikirim"), null=True, blank=True)
    registered_at = models.DateTimeField(_("registrasi"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("diajukan untuk verifikasi"), null=True, blank=True)
    verified_at = models.DateTimeField(_("diverifikasi"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diverifikasi oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rejection_reason = models.TextField(_("alasan penolakan"), blank=True)
    # The e-pengantarkerja channel: when the office last looked the PAK up there, and who (``status`` then holds
    # what e-pengantarkerja showed: belum registrasi, menunggu verifikasi, terverifikasi or ditolak).
    checked_at = models.DateTimeField(_("diperiksa di e-pengantarkerja"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diperiksa oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("registrasi PAK")
        verbose_name_plural = _("registrasi PAK")
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self) -> str:
        return str(self.officer)


class EpakStatusCheck(models.Model):
    """One look-up of a PAK's status at e-pengantarkerja, recorded by an office (one at a time or from the list
    exported there): the audit of the statuses the portal shows."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("Dicatat satu per satu")
        UPLOAD = "upload", _("Unggahan Excel e-pengantarkerja")

    profile = models.ForeignKey(
        PakProfile, verbose_name=_("PAK"), on_delete=models.CASCADE, related_name="epak_checks"
    )
    from_status = models.CharField(_("status sebelumnya"), max_length=24, choices=ProfileStatus.choices)
    to_status = models.CharField(_("status e-pengantarkerja"), max_length=24, choices=ProfileStatus.choices)
    source = models.CharField(_("sumber"), max_length=8, choices=Source.choices)
    file_name = models.CharField(_("nama berkas"), max_length=200, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    checked_at = models.DateTimeField(_("diperiksa"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("diperiksa oleh"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-checked_at", "-pk"]
        verbose_name = _("pemeriksaan status e-pengantarkerja")
        verbose_name_plural = _("pemeriksaan status e-pengantarkerja")

    def __str__(self) -> str:
        return f"{self.profile} {self.to_status} {self.checked_at:%Y-%m-%d}"

    @property
    def to_label(self) -> str:
        return str(EPAK_STATUSES.get(self.to_status) or self.get_to_status_display())  # type: ignore[call-overload]


class ProvinceReport(models.Model):
    """The kab/kota office's numbered letter to the province listing PAK with their BKK (a decree kind)."""

    office = models.ForeignKey(
        Office, verbose_name=_("kantor pengirim"), on_delete=models.PROTECT, related_name="province_reports"
    )
    province_office = models.ForeignKey(
        Office, verbose_name=_("kantor provinsi"), on_delete=models.PROTECT, related_name="received_reports"
    )
    officer_count = models.PositiveIntegerField(_("jumlah PAK"), default=0)
    note = models.TextField(_("catatan"), blank=True)
    excel = private_file_field(_("daftar PAK (Excel)"), "province-report", blank=True)
    sent_at = models.DateTimeField(_("dikirim"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dikirim oleh"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    read_at = models.DateTimeField(_("dibaca provinsi"), null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("laporan PAK ke provinsi")
        verbose_name_plural = _("laporan PAK ke provinsi")
        indexes = [
            models.Index(fields=["province_office", "sent_at"]),
            models.Index(fields=["office", "sent_at"]),
        ]

    def __str__(self) -> str:
        return (
            f"Laporan PAK {self.office} {self.sent_at:%Y-%m-%d}"
            if self.sent_at
            else f"Laporan PAK #{self.pk}"
        )


class ProvinceReportItem(models.Model):
    """One PAK in a report, as it stood when the report was sent."""

    report = models.ForeignKey(ProvinceReport, on_delete=models.CASCADE, related_name="items")
    officer = models.ForeignKey(PlacementOfficer, on_delete=models.PROTECT, related_name="report_items")
    name = models.CharField(_("nama"), max_length=150)
    bkk_name = models.CharField(_("BKK"), max_length=200)
    institution_name = models.CharField(_("lembaga"), max_length=200)
    appointment_status = models.CharField(
        _("status penetapan"), max_length=20, choices=AppointmentStatus.choices
    )
    profile_status = models.CharField(_("status registrasi"), max_length=24, choices=ProfileStatus.choices)
    profile_checked_at = models.DateTimeField(_("diperiksa di e-pengantarkerja"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("PAK dalam laporan")
        verbose_name_plural = _("PAK dalam laporan")

    def __str__(self) -> str:
        return self.name


def _validate_part(value: str) -> None:
    problems = text_problems(value)
    if problems:
        raise ValidationError(problems)


def _validate_menetapkan(value: str) -> None:
    problems = text_problems(value, menetapkan=True)
    if problems:
        raise ValidationError(problems)


class PakOfficeSettingsManager(models.Manager["PakOfficeSettings"]):
    def current(self, office: Office) -> PakOfficeSettings:
        """The office's settings as they stand, without writing: an unsaved row of defaults when none."""
        return self.filter(office=office).first() or self.model(office=office)

    def for_office(self, office: Office) -> PakOfficeSettings:
        """The office's settings, created with the defaults the first time (safe when two requests race)."""
        found = self.filter(office=office).first()
        if found is not None:
            return found
        try:
            with transaction.atomic():
                return self.create(office=office)
        except IntegrityError:
            return self.get(office=office)


class PakOfficeSettings(models.Model):
    """The text of an office's SK Penetapan Petugas Antar Kerja (a Keputusan Kepala Dinas), with placeholders
    (``decree_text.PLACEHOLDERS``). The defaults are the form of issue 13 §2; edited in the admin."""

    office = models.OneToOneField(
        Office, verbose_name=_("kantor"), on_delete=models.PROTECT, related_name="pak_settings"
    )
    decree_menimbang = models.TextField(
        _("Menimbang"), default=DEFAULT_MENIMBANG, validators=[_validate_part],
        help_text=_("Satu pertimbangan per baris; diberi huruf a., b., … otomatis."),
    )  # fmt: skip
    decree_mengingat = models.TextField(
        _("Mengingat"), default=DEFAULT_MENGINGAT, validators=[_validate_part],
        help_text=_("Satu peraturan per baris; dinomori 1., 2., … otomatis."),
    )  # fmt: skip
    decree_memperhatikan = models.TextField(
        _("Memperhatikan"), default=DEFAULT_MEMPERHATIKAN, validators=[_validate_part],
        help_text=_("Satu surat/keputusan per baris; dinomori otomatis. {proposal_letter} mencetak nomor dan "
                    "tanggal surat usulan lembaga."),
    )  # fmt: skip
    decree_menetapkan = models.TextField(
        _("Menetapkan (diktum)"), default=DEFAULT_MENETAPKAN, validators=[_validate_menetapkan],
        help_text=_("Satu diktum per baris: KESATU, KEDUA, … otomatis. Wajib memuat {registration_clause}; "
                    "**teks** dicetak tebal."),
    )  # fmt: skip
    decree_tembusan = models.TextField(
        _("Tembusan"), default=DEFAULT_TEMBUSAN, blank=True, validators=[_validate_part],
        help_text=_("Satu penerima per baris, dinomori otomatis. {office_copies} mencetak tembusan umum kantor "
                    "(Pengaturan surat), satu per baris."),
    )  # fmt: skip
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    objects = PakOfficeSettingsManager()

    class Meta:
        verbose_name = _("teks SK Penetapan PAK kantor")
        verbose_name_plural = _("teks SK Penetapan PAK kantor")

    def __str__(self) -> str:
        return str(self.office)
