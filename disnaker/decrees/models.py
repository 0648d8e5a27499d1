from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from disnaker.core.models import Office
from disnaker.core.nik import NikError, nik_parse
from disnaker.core.uploads import PrivateUploadTo, private_storage

from .constants import DecreeKind, DecreeStatus, SignerBackend
from .kinds import kind_spec, registered_kinds
from .numbering import validate_nip, validate_number_pattern


def validate_signer_nik(value: str) -> None:
    """The BSrE signer's NIK: 16 digits of a possible NIK (``core.nik``)."""
    try:
        nik_parse(value)
    except NikError as exc:
        raise ValidationError(str(exc), code=exc.code) from None


class DecreeSettings(models.Model):
    """What an office prints on its decrees: letterhead, signer, copies, signing key; its number pattern per
    kind is a :class:`DecreeNumberPattern` row.

    Created with defaults from the :class:`Office` the first time the office issues a decree; the admin
    edits it afterwards. Decrees copy what they need (signer name and position), so a later edit never
    changes a decree already issued."""

    office = models.OneToOneField(
        Office, verbose_name=_("kantor"), on_delete=models.PROTECT, related_name="decree_settings"
    )
    letterhead_government = models.CharField(
        _("kop: baris pemerintah daerah"),
        max_length=120,
        blank=True,
        help_text=_("Misalnya PEMERINTAH KABUPATEN BEKASI. Kosongkan bila tidak dipakai."),
    )
    letterhead_office = models.CharField(
        _("kop: nama dinas"), max_length=150, help_text=_("Misalnya DINAS KETENAGAKERJAAN.")
    )
    letterhead_address = models.CharField(_("kop: alamat"), max_length=250, blank=True)
    letterhead_contact = models.CharField(
        _("kop: telepon/e-mail/laman (penimpa)"),
        max_length=250,
        blank=True,
        help_text=_(
            "Kosongkan untuk memakai telepon, e-mail dan laman dari data kantor. Isi hanya untuk menimpanya, "
            "misalnya Telp. (021) 8970000 · Pos-el: disnaker@bekasikab.go.id"
        ),
    )
    logo = models.FileField(
        _("logo"),
        storage=private_storage,
        upload_to=PrivateUploadTo("decree-logo"),
        max_length=200,
        blank=True,
        help_text=_(
            "PNG atau JPG, dicetak setinggi ±2,2 cm di kiri kop, bila kantor belum mengunggah lambang daerah "
            "(lambang daerah kantor lebih diutamakan)."
        ),
    )
    place = models.CharField(
        _("tempat penetapan"), max_length=60, help_text=_("Kota pada baris tanggal, misalnya Cikarang.")
    )
    signer_position = models.CharField(
        _("jabatan penanda tangan"),
        max_length=200,
        help_text=_("Misalnya Kepala Dinas Ketenagakerjaan Kabupaten Bekasi."),
    )
    signer_name = models.CharField(
        _("nama penanda tangan"),
        max_length=150,
        blank=True,
        help_text=_("Kosongkan untuk memakai nama Kepala Dinas yang menyetujui."),
    )
    signer_rank = models.CharField(
        _("pangkat/golongan"), max_length=100, blank=True, help_text=_("Misalnya Pembina Utama Muda (IV/c).")
    )
    signer_nip = models.CharField(_("NIP"), max_length=18, blank=True, validators=[validate_nip])
    copies_to = models.TextField(
        _("tembusan"), blank=True, help_text=_("Satu penerima per baris; nomor urut ditambahkan otomatis.")
    )
    pkcs12_path = models.CharField(
        _("berkas sertifikat PKCS#12"),
        max_length=300,
        blank=True,
        help_text=_(
            "Path berkas .p12/.pfx di server. Kosongkan untuk memakai DECREE_PKCS12_PATH atau sertifikat "
            "pengembangan."
        ),
    )
    pkcs12_password_env = models.CharField(
        _("variabel lingkungan kata sandi PKCS#12"),
        max_length=100,
        blank=True,
        help_text=_(
            "Nama variabel lingkungan yang berisi kata sandinya (kata sandi tidak disimpan di sini)."
        ),
    )
    signer_backend = models.CharField(
        _("cara tanda tangan"),
        max_length=10,
        choices=SignerBackend.choices,
        default=SignerBackend.PKCS12,
        help_text=_(
            "BSrE: Kepala Dinas mengetik passphrase TTE saat menandatangani; alamat dan akun esign-client "
            "diatur di server (BSRE_BASE_URL, BSRE_USERNAME, BSRE_PASSWORD)."
        ),
    )
    bsre_nik = models.CharField(
        _("NIK penanda tangan (BSrE)"),
        max_length=16,
        blank=True,
        validators=[validate_signer_nik],
        help_text=_("NIK pemilik sertifikat elektronik BSrE yang menandatangani SK kantor ini."),
    )
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("pengaturan SK")
        verbose_name_plural = _("pengaturan SK")

    def __str__(self) -> str:
        return str(self.office)

    def clean(self) -> None:
        super().clean()
        if self.signer_backend == SignerBackend.BSRE and not self.bsre_nik:
            raise ValidationError(
                {"bsre_nik": _("Isi NIK penanda tangan untuk tanda tangan melalui BSrE.")},
                code="bsre_nik_required",
            )

    def number_pattern(self, kind: str) -> str:
        """The office's pattern for ``kind``, or the default its app registered (``kinds``)."""
        found = self.number_patterns.filter(kind=kind).values_list("pattern", flat=True).first()
        return found or kind_spec(kind).number_pattern_default

    def ensure_number_patterns(self) -> None:
        """A row for every registered kind, with its default pattern, so the admin lists them all."""
        DecreeNumberPattern.objects.bulk_create(
            [
                DecreeNumberPattern(settings=self, kind=kind, pattern=kind_spec(kind).number_pattern_default)
                for kind in registered_kinds()
            ],
            ignore_conflicts=True,
        )

    def copies_to_lines(self) -> list[str]:
        return [line.strip() for line in self.copies_to.splitlines() if line.strip()]


class DecreeNumberPattern(models.Model):
    """An office's number pattern for one kind of decree. Without a row the kind's registered default is
    used (``kinds.DecreeKindSpec.number_pattern_default``)."""

    settings = models.ForeignKey(
        DecreeSettings,
        verbose_name=_("pengaturan SK"),
        on_delete=models.CASCADE,
        related_name="number_patterns",
    )
    kind = models.CharField(_("jenis"), max_length=40, choices=DecreeKind.choices)
    pattern = models.CharField(
        _("pola nomor"),
        max_length=120,
        validators=[validate_number_pattern],
        help_text=_(
            "Isian: {seq} nomor urut (mulai 1 tiap tahun), {roman_month} bulan Romawi, {month} bulan angka, "
            "{year} tahun. {seq} dan {year} wajib."
        ),
    )

    class Meta:
        ordering = ["settings", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["settings", "kind"], name="decree_number_pattern_settings_kind")
        ]
        verbose_name = _("pola nomor SK")
        verbose_name_plural = _("pola nomor SK")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.pattern}"


class DecreeCounter(models.Model):
    """The last sequence used per office, year and kind. Only ``services.allocate_sequence`` touches it,
    under ``select_for_update()`` inside the issuing transaction, so numbers have no gaps."""

    office = models.ForeignKey(Office, verbose_name=_("kantor"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("tahun"))
    kind = models.CharField(_("jenis"), max_length=40, choices=DecreeKind.choices)
    last_number = models.PositiveIntegerField(_("nomor urut terakhir"), default=0)

    class Meta:
        ordering = ["office", "-year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["office", "year", "kind"], name="decree_counter_office_year_kind")
        ]
        verbose_name = _("penghitung nomor SK")
        verbose_name_plural = _("penghitung nomor SK")

    def __str__(self) -> str:
        return f"{self.office} {self.year} {self.kind}: {self.last_number}"


class DecreeQuerySet(models.QuerySet):
    def delete(self):
        raise PermissionError("SK tidak dapat dihapus; cabut bila perlu.")


class Decree(models.Model):
    """An issued, signed decree. Never edited or deleted: the only change allowed is revocation."""

    #: The only fields a saved decree may still change.
    REVOCATION_FIELDS = frozenset({"status", "revoked_at", "revoked_reason", "revoked_by"})

    kind = models.CharField(_("jenis"), max_length=40, choices=DecreeKind.choices)
    office = models.ForeignKey(
        Office, verbose_name=_("kantor"), on_delete=models.PROTECT, related_name="decrees"
    )
    number = models.CharField(_("nomor"), max_length=120)
    year = models.PositiveSmallIntegerField(_("tahun"))
    sequence = models.PositiveIntegerField(_("nomor urut"))
    issued_at = models.DateTimeField(_("diterbitkan"))
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField(_("ID objek"))
    subject = GenericForeignKey("content_type", "object_id")
    title = models.CharField(_("judul"), max_length=250)
    office_name = models.CharField(_("nama kantor (saat terbit)"), max_length=150)
    subject_name = models.CharField(_("nama subjek (saat terbit)"), max_length=200, blank=True)
    subject_count = models.PositiveIntegerField(_("jumlah pada subjek (saat terbit)"), null=True, blank=True)
    signer_name = models.CharField(_("nama penanda tangan"), max_length=150)
    signer_position = models.CharField(_("jabatan penanda tangan"), max_length=200)
    pdf = models.FileField(
        _("berkas PDF"), storage=private_storage, upload_to=PrivateUploadTo("decrees"), max_length=200
    )
    pdf_size = models.PositiveBigIntegerField(_("ukuran PDF (bita)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    token = models.CharField(_("token verifikasi"), max_length=64, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DecreeStatus.choices, default=DecreeStatus.VALID
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diterbitkan oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True)
    revoked_reason = models.TextField(_("alasan pencabutan"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicabut oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = DecreeQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("SK")
        verbose_name_plural = _("SK")
        constraints = [
            models.UniqueConstraint(fields=["office", "number"], name="decree_office_number"),
            models.UniqueConstraint(
                fields=["office", "kind", "year", "sequence"], name="decree_office_sequence"
            ),
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind"],
                condition=Q(status="valid"),
                name="decree_one_valid_per_subject",
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            update_fields = kwargs.get("update_fields")
            if update_fields is None or not set(update_fields) <= self.REVOCATION_FIELDS:
                raise PermissionError("SK yang sudah terbit tidak dapat diubah; cabut bila perlu.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("SK tidak dapat dihapus; cabut bila perlu.")

    @property
    def is_valid(self) -> bool:
        return self.status == DecreeStatus.VALID
