from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import AuditAction, OfficeLevel, RegionLevel
from .uploads import PrivateUploadTo, private_storage


class Region(models.Model):
    """A province or kab/kota with its Kemendagri code (``32``, ``32.16``). BPS codes differ: never mix."""

    code = models.CharField(_("kode Kemendagri"), max_length=8, unique=True)
    name = models.CharField(_("nama"), max_length=100)
    level = models.CharField(_("tingkat"), max_length=10, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("provinsi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")

    def __str__(self) -> str:
        return self.name


class Office(models.Model):
    """A labor office: the ministry, a province's Disnaker or a kab/kota Disnaker."""

    code = models.CharField(
        _("kode"),
        max_length=16,
        unique=True,
        help_text=_("Kode wilayah Kemendagri; 'kemnaker' untuk kementerian."),
    )
    name = models.CharField(_("nama"), max_length=150)
    short_name = models.CharField(_("nama singkat"), max_length=60, blank=True)
    level = models.CharField(_("tingkat"), max_length=10, choices=OfficeLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("kantor induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    region = models.OneToOneField(
        Region,
        verbose_name=_("wilayah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="office",
    )
    address = models.TextField(_("alamat"), blank=True)
    city = models.CharField(_("kota tempat surat"), max_length=60, blank=True)
    phone = models.CharField(_("telepon"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    whatsapp = models.CharField(
        _("WhatsApp layanan"),
        max_length=40,
        blank=True,
        help_text=_("Nomor WhatsApp helpdesk, misalnya 0812…"),
    )
    service_hours = models.CharField(
        _("jam layanan"), max_length=120, blank=True, help_text=_("Misalnya Senin–Jumat 08.00–16.00 WIB")
    )
    website = models.URLField(_("laman"), blank=True)
    postcode = models.CharField(_("kode pos"), max_length=10, blank=True)
    coat_of_arms = models.FileField(
        _("lambang daerah"),
        storage=private_storage,
        upload_to=PrivateUploadTo("office-coat-of-arms"),
        max_length=200,
        blank=True,
        help_text=_("PNG atau JPG lambang daerah, tampil di kepala halaman dan kop surat."),
    )
    two_factor_required = models.BooleanField(
        _("wajib verifikasi dua langkah"),
        default=False,
        help_text=_(
            "Verifikator dan kepala kantor ini harus memakai kode dari aplikasi autentikator saat masuk."
        ),
    )
    accepts_requests = models.BooleanField(
        _("menerima permohonan"),
        default=True,
        help_text=_("Perusahaan di wilayah ini dapat mengajukan akun."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("kantor")
        verbose_name_plural = _("kantor")

    def __str__(self) -> str:
        return self.name


class StatusChange(models.Model):
    """One row per status transition of any workflow object; "Lihat Progress" renders these."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    from_status = models.CharField(_("dari status"), max_length=40, blank=True)
    to_status = models.CharField(_("ke status"), max_length=40)
    # PROTECT: a user with history is deactivated, never deleted, so the history keeps who acted.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("oleh"), null=True, blank=True, on_delete=models.PROTECT
    )
    actor_role = models.CharField(_("peran"), max_length=40, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    #: Not a column: the label of ``to_status``, set by ``core.workflow.status_history`` for display.
    to_status_label: str

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]
        verbose_name = _("riwayat status")
        verbose_name_plural = _("riwayat status")

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


class AuditLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Log audit hanya dapat ditambah.")

    def delete(self):
        raise PermissionError("Log audit hanya dapat ditambah.")


class AuditLog(models.Model):
    """Append-only record of logins, denials, views of personal data and every decision."""

    action = models.CharField(_("tindakan"), max_length=50, choices=AuditAction.choices, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pelaku"),
        null=True,
        blank=True,
        # PROTECT: deleting a user with audit history fails (deactivate instead); ``actor_label`` keeps the
        # e-mail as text besides.
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(_("pelaku (teks)"), max_length=254, blank=True)
    office = models.ForeignKey(
        Office, verbose_name=_("kantor"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    object_type = models.CharField(_("jenis objek"), max_length=100, blank=True)
    object_id = models.CharField(_("ID objek"), max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("log audit")
        verbose_name_plural = _("log audit")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.actor_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Log audit hanya dapat ditambah.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Log audit hanya dapat ditambah.")


class CalendarOverride(models.Model):
    """An admin correction to the holiday calendar: an extra day off (a regional holiday, a new cuti
    bersama) or a working day the ``holidays`` package lists as a holiday."""

    date = models.DateField(_("tanggal"), unique=True)
    is_holiday = models.BooleanField(
        _("hari libur"), default=True, help_text=_("Kosongkan jika tanggal ini justru hari kerja.")
    )
    name = models.CharField(_("keterangan"), max_length=120)

    class Meta:
        ordering = ["date"]
        verbose_name = _("koreksi kalender")
        verbose_name_plural = _("koreksi kalender")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"


class WorkerHeartbeat(models.Model):
    """A running ``manage.py db_worker``: it refreshes ``last_seen`` every ``WORKER_HEARTBEAT_SECONDS``.

    A task whose worker has stopped beating will never be finished by it; see :mod:`disnaker.core.worker`."""

    worker_id = models.CharField(_("ID pekerja"), max_length=64, unique=True)
    hostname = models.CharField(_("host"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("PID"), null=True, blank=True)
    started_at = models.DateTimeField(_("mulai"))
    last_seen = models.DateTimeField(_("terakhir aktif"), db_index=True)

    class Meta:
        ordering = ["-last_seen"]
        verbose_name = _("pekerja latar belakang")
        verbose_name_plural = _("pekerja latar belakang")

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid} ({self.worker_id})"
