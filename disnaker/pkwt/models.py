from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

from disnaker.accounts.models import Company
from disnaker.core.models import Office, Region
from disnaker.core.uploads import PrivateUploadTo, private_file_field, private_storage

from .age_exceptions import GROUND_SHORT, AgeExceptionGround
from .constants import EDITABLE_STATUSES, ImportStatus, PkwtBasis, PkwtKind, RegistrationStatus, WageUnit
from .office_settings import (
    DEFAULT_BASIS,
    DEFAULT_BODY,
    DEFAULT_TITLE,
    RegistrationChannel,
    template_problems,
)
from .rules import person_key, validation_report


class MinimumWage(models.Model):
    """UMK (Upah Minimum Kabupaten/Kota) per region and year; editable by the admin."""

    region = models.ForeignKey(Region, verbose_name=_("kabupaten/kota"), on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField(_("tahun"))
    amount = models.PositiveBigIntegerField(_("UMK (Rp)"))
    decree = models.CharField(_("dasar hukum"), max_length=120, blank=True)

    class Meta:
        ordering = ["region", "-year"]
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="minimum_wage_region_year")]
        verbose_name = _("UMK")
        verbose_name_plural = _("UMK")

    def __str__(self) -> str:
        return f"{self.region} {self.year}: {self.amount}"


def _check_text(value: str, *, details: bool = False) -> None:
    problems = template_problems(value, details=details)
    if problems:
        raise ValidationError(problems)


def validate_decree_title(value: str) -> None:
    _check_text(value)


def validate_decree_body(value: str) -> None:
    _check_text(value, details=True)


class PkwtOfficeSettingsManager(models.Manager["PkwtOfficeSettings"]):
    def for_office(self, office: Office) -> PkwtOfficeSettings:
        """The office's settings, created with the defaults the first time (safe when two requests race)."""
        found = self.filter(office=office).first()
        if found is not None:
            return found
        try:
            with transaction.atomic():
                return self.create(office=office)
        except IntegrityError:
            return self.get(office=office)

    def current(self, office: Office) -> PkwtOfficeSettings:
        """The office's settings as they stand, without writing: an unsaved row of defaults when none."""
        return self.filter(office=office).first() or self.model(office=office)


class PkwtOfficeSettings(models.Model):
    """An office's PKWT settings: the registration channel (the ayat of PP 35/2021 Pasal 14 and its deadline)
    and the text of its SK Pencatatan PKWT. Created with these defaults the first time the office needs them
    (``services.pkwt_settings_for``); edited in the admin. A kab/kota whose format differs changes the text,
    not the code. A decree already issued keeps the text it was signed with (its PDF is stored)."""

    office = models.OneToOneField(
        Office, verbose_name=_("kantor"), on_delete=models.PROTECT, related_name="pkwt_settings"
    )
    registration_channel = models.CharField(
        _("cara pencatatan PKWT"),
        max_length=10,
        choices=RegistrationChannel.choices,
        default=RegistrationChannel.ONLINE,
        help_text=_(
            "Menentukan ayat Pasal 14 PP 35/2021 yang dikutip SK dan batas hari kerja sejak penandatanganan "
            "perjanjian yang dipakai saat permohonan diajukan."
        ),
    )
    decree_title = models.TextField(
        _("judul SK"),
        default=DEFAULT_TITLE,
        validators=[validate_decree_title],
        help_text=_("Satu baris per baris judul; placeholder seperti di isi SK."),
    )
    decree_basis = models.TextField(
        _("dasar hukum (Mengingat)"),
        default=DEFAULT_BASIS,
        blank=True,
        validators=[validate_decree_title],
        help_text=_(
            "Satu peraturan per baris, dinomori otomatis. Kosongkan bila format SK kantor tanpa Mengingat."
        ),
    )
    decree_body = models.TextField(
        _("isi SK"),
        default=DEFAULT_BODY,
        validators=[validate_decree_body],
        help_text=_(
            "Paragraf dipisah baris kosong; **teks** dicetak tebal. Paragraf {company_details} saja mencetak "
            "tabel nama, alamat, NPWP dan nomor permohonan. Placeholder yang dapat dipakai tertera di atas."
        ),
    )
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    objects = PkwtOfficeSettingsManager()

    class Meta:
        verbose_name = _("pengaturan PKWT kantor")
        verbose_name_plural = _("pengaturan PKWT kantor")

    def __str__(self) -> str:
        return str(self.office)


class PkwtRegistration(models.Model):
    """A company's request to register a batch of PKWT ("Permohonan Pencatatan PKWT")."""

    number = models.CharField(_("nomor permohonan"), max_length=30, unique=True, null=True, blank=True)
    company = models.ForeignKey(
        Company, verbose_name=_("perusahaan"), on_delete=models.PROTECT, related_name="pkwt_registrations"
    )
    office = models.ForeignKey(
        Office, verbose_name=_("kantor"), on_delete=models.PROTECT, related_name="pkwt_registrations"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RegistrationStatus.choices, default=RegistrationStatus.DRAFT
    )
    application_letter = models.FileField(
        _("surat permohonan"),
        storage=private_storage,
        upload_to=PrivateUploadTo("pkwt"),
        max_length=200,
        blank=True,
    )
    sample_contract = models.FileField(
        _("sample kontrak kerja"),
        storage=private_storage,
        upload_to=PrivateUploadTo("pkwt"),
        max_length=200,
        blank=True,
    )
    worker_count = models.PositiveIntegerField(_("jumlah PKWT"), default=0)
    current_import = models.ForeignKey(
        "PkwtImport",
        verbose_name=_("impor terakhir"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("dibuat oleh"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True, db_index=True)
    # Judged at each submission (``registration_submit``) against the office's channel at that moment: the
    # channel as it was, and how many contracts were registered after its deadline (a warning only).
    registration_channel = models.CharField(
        _("cara pencatatan saat diajukan"), max_length=10, choices=RegistrationChannel.choices, blank=True
    )
    late_contracts = models.PositiveIntegerField(_("kontrak melewati batas pencatatan"), default=0)

    # A large decree is rendered and signed by a background task; these show its progress to the head.
    signing_state = models.CharField(_("penandatanganan"), max_length=10, blank=True)  # queued/running/failed
    signing_stage = models.CharField(_("tahap penandatanganan"), max_length=120, blank=True)
    signing_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # "Saya periksa": the verifier who took the registration, so two verifiers do not review the same one
    # (issue 16, the verifier's workbench). Taken by a conditional UPDATE: of two at once, one wins.
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diperiksa oleh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewer_since = models.DateTimeField(_("diperiksa sejak"), null=True, blank=True)

    DOCUMENTS = (
        ("application_letter", _("Surat Permohonan")),
        ("sample_contract", _("Sample Kontrak Kerja")),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("permohonan pencatatan PKWT")
        verbose_name_plural = _("permohonan pencatatan PKWT")
        indexes = [
            models.Index(fields=["office", "status", "submitted_at"]),
            models.Index(fields=["company", "status"]),
        ]

    def __str__(self) -> str:
        return self.number or f"#{self.pk}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class PkwtImport(models.Model):
    """One upload of the worker Excel and its validation report.

    The contracts of a registration are replaced only by an import without errors, in one transaction;
    an import with errors keeps its report and saves no rows.
    """

    registration = models.ForeignKey(
        PkwtRegistration, verbose_name=_("permohonan"), on_delete=models.CASCADE, related_name="imports"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("diunggah oleh"), on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(
        _("file Excel"), storage=private_storage, upload_to=PrivateUploadTo("pkwt-excel"), max_length=200
    )
    original_name = models.CharField(_("nama file"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    stage = models.CharField(_("tahap"), max_length=80, blank=True)
    rows = models.PositiveIntegerField(_("jumlah baris"), default=0)
    valid_rows = models.PositiveIntegerField(_("baris valid"), default=0)
    error_count = models.PositiveIntegerField(_("jumlah kesalahan"), default=0)
    warning_count = models.PositiveIntegerField(_("jumlah peringatan"), default=0)
    file_errors = models.JSONField(_("kesalahan file"), default=list, blank=True)
    findings = models.JSONField(_("temuan"), default=list, blank=True)
    saved = models.BooleanField(_("data pekerja disimpan"), default=False)
    background = models.BooleanField(_("diproses di latar belakang"), default=False)
    # The background task's id: the page asks whether that task's worker is still alive.
    task_id = models.CharField(_("ID tugas latar belakang"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("diunggah"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("impor Excel PKWT")
        verbose_name_plural = _("impor Excel PKWT")

    def __str__(self) -> str:
        return f"{self.registration} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)

    def report(self) -> dict:
        """The validator's JSON shape, shared by the page, the command and the API."""
        return validation_report(
            file_errors=self.file_errors, rows=self.rows, valid_rows=self.valid_rows, findings=self.findings
        )


class PkwtContract(models.Model):
    """One worker's contract line in a registration ("data pekerja")."""

    # Indexed with ``row`` (Meta.indexes) rather than alone: the pages read a registration's rows in file
    # order, which PostgreSQL otherwise sorts on disk for 100,000 rows (issue 15), and the pair still serves
    # every lookup by registration, with no more indexes for the import to fill.
    registration = models.ForeignKey(
        PkwtRegistration,
        verbose_name=_("permohonan"),
        on_delete=models.CASCADE,
        related_name="contracts",
        db_index=False,
    )
    row = models.PositiveIntegerField(_("baris Excel"))
    nik = models.CharField(_("NIK"), max_length=16, blank=True)  # "" for a foreign worker (TKA)
    name = models.CharField(_("nama pegawai"), max_length=150)
    birth_date = models.DateField(_("tanggal lahir"))
    birth_place = models.CharField(_("tempat lahir"), max_length=150)
    sex = models.CharField(_("jenis kelamin"), max_length=1)
    position = models.CharField(_("jabatan"), max_length=150)
    start_date = models.DateField(_("awal kontrak"))
    end_date = models.DateField(_("akhir kontrak"))
    sequence = models.PositiveIntegerField(_("PKWT ke"))
    wage = models.PositiveBigIntegerField(_("upah"))
    bpjs_health = models.CharField(_("no BPJS Kesehatan"), max_length=20, blank=True)
    bpjs_employment = models.CharField(_("no BPJS Ketenagakerjaan"), max_length=20, blank=True)
    note = models.CharField(_("keterangan"), max_length=500, blank=True)
    warnings = models.JSONField(_("peringatan"), default=list, blank=True)
    warning_codes = models.CharField(_("kode peringatan"), max_length=200, blank=True)
    # The optional columns of template v2 (issue 12); see disnaker/pkwt/columns.py.
    signed_date = models.DateField(_("tanggal perjanjian"), null=True, blank=True)
    kind = models.CharField(
        _("jenis PKWT"), max_length=20, choices=PkwtKind.choices, default=PkwtKind.JANGKA_WAKTU
    )
    basis = models.CharField(_("dasar PKWT"), max_length=30, choices=PkwtBasis.choices, blank=True)
    wage_unit = models.CharField(
        _("satuan upah"), max_length=10, choices=WageUnit.choices, default=WageUnit.MONTHLY
    )
    days_per_week = models.PositiveSmallIntegerField(_("hari kerja per minggu"), null=True, blank=True)
    days_per_month = models.PositiveSmallIntegerField(_("hari kerja per bulan"), null=True, blank=True)
    job_scope = models.CharField(_("lingkup pekerjaan"), max_length=500, blank=True)
    completion_condition = models.CharField(_("syarat selesai"), max_length=500, blank=True)
    nationality = models.CharField(_("kewarganegaraan"), max_length=60, blank=True)  # blank: WNI
    passport_number = models.CharField(_("no. paspor"), max_length=20, blank=True)
    rptka_number = models.CharField(_("no. RPTKA/notifikasi"), max_length=60, blank=True)
    # Set at submission, only when over the channel's deadline: working days from the signing date (else
    # the start date) to the submission date. Not a column of the import (the import never judges lateness).
    late_working_days = models.PositiveIntegerField(_("hari kerja sampai diajukan"), null=True, blank=True)

    class Meta:
        ordering = ["registration", "row"]
        indexes = [models.Index(fields=["registration", "row"], name="pkwt_contract_registration_row")]
        verbose_name = _("data pekerja PKWT")
        verbose_name_plural = _("data pekerja PKWT")

    def __str__(self) -> str:
        return f"{self.registration} baris {self.row}"

    @property
    def is_foreign(self) -> bool:
        """A foreign worker (TKA), identified by nationality and passport instead of a NIK."""
        return bool(self.passport_number)

    @property
    def person_key(self) -> str:
        """The worker's identity across registrations (the NIK, or the TKA's nationality and passport)."""
        return person_key(self.nik, self.nationality, self.passport_number)


class AgeException(models.Model):
    """The verifier's exception to the ban on employing a worker under 18 (UU 13/2003 Pasal 68) for one row:
    the legal ground (Pasal 69–71), the reason and a supporting document (``age_exceptions.py``).

    The contract's link is ``DO_NOTHING`` on purpose: replacing a worker list deletes its contracts with one
    fast query, which a cascading relation would turn into loading every row. ``contracts_replace`` removes the
    registration's exceptions first (``services.age_exceptions_drop``)."""

    registration = models.ForeignKey(
        PkwtRegistration,
        verbose_name=_("permohonan"),
        on_delete=models.CASCADE,
        related_name="age_exceptions",
    )
    contract = models.OneToOneField(
        PkwtContract,
        verbose_name=_("data pekerja"),
        on_delete=models.DO_NOTHING,
        related_name="age_exception",
    )
    ground = models.CharField(_("dasar pengecualian"), max_length=10, choices=AgeExceptionGround.choices)
    reason = models.TextField(_("alasan"), max_length=1000)
    document = private_file_field(_("dokumen pendukung"), "pkwt-usia")
    age = models.PositiveSmallIntegerField(_("umur pada awal kontrak"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("dicatat oleh"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("dicatat"), auto_now=True)

    class Meta:
        ordering = ["registration", "contract__row"]
        verbose_name = _("pengecualian usia")
        verbose_name_plural = _("pengecualian usia")

    def __str__(self) -> str:
        return f"{self.registration} baris {self.contract.row}: {self.ground_short}"

    @property
    def ground_short(self) -> str:
        """The ground as "Pasal 69": what the review page and the decree's appendix print."""
        return GROUND_SHORT.get(self.ground, self.ground)


class CompensationReminder(models.Model):
    """A contract listed in the e-mail that told its company, ``days_before`` days ahead (30 or 7), that it
    ends and what uang kompensasi is due (PP 35/2021 Pasal 15). One row per contract and lead time: the daily
    job sends each reminder once, however often it runs."""

    # DO_NOTHING, as AgeException: replacing a worker list deletes its contracts with one fast query, which a
    # cascading relation would turn into loading every row; contracts_replace deletes these rows first.
    contract = models.ForeignKey(
        PkwtContract, verbose_name=_("data pekerja"), on_delete=models.DO_NOTHING, related_name="+"
    )
    days_before = models.PositiveSmallIntegerField(_("hari sebelum berakhir"))
    message = models.ForeignKey(
        "notifications.OutboxMessage",
        verbose_name=_("e-mail"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    amount = models.PositiveBigIntegerField(_("uang kompensasi (Rp)"))
    sent_on = models.DateField(_("dikirim"))

    class Meta:
        verbose_name = _("pengingat uang kompensasi")
        verbose_name_plural = _("pengingat uang kompensasi")
        constraints = [
            models.UniqueConstraint(fields=["contract", "days_before"], name="compensation_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.contract} H-{self.days_before}"
