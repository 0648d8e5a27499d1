"""Guidance of BKKs by the kab/kota office (pembinaan teknis, letter B-3/4662/PK.01.02/IX/2025 point 3a) and the
BKKs' periodic placement reports (laporan penempatan), whose dates feed the monitoring flags on :class:`Bkk`."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from disnaker.core.models import Office
from disnaker.core.uploads import PrivateUploadTo, private_storage
from disnaker.placement.constants import EducationLevel, Sex
from disnaker.placement.models import Bkk

from .constants import ActivityKind, PeriodKind


class GuidanceActivity(models.Model):
    """One guidance activity of the office with a BKK: a visit, a meeting or an online session, what was
    found, and the follow-up the BKK owes by a date."""

    office = models.ForeignKey(
        Office, verbose_name=_("kantor"), on_delete=models.PROTECT, related_name="guidance_activities"
    )
    bkk = models.ForeignKey(
        Bkk, verbose_name=_("BKK"), on_delete=models.PROTECT, related_name="guidance_activities"
    )
    date = models.DateField(_("tanggal kegiatan"))
    kind = models.CharField(_("bentuk kegiatan"), max_length=10, choices=ActivityKind.choices)
    topic = models.CharField(_("topik"), max_length=200)
    findings = models.TextField(_("hasil temuan"))
    follow_up = models.TextField(_("tindak lanjut"), blank=True)
    follow_up_due = models.DateField(_("batas waktu tindak lanjut"), null=True, blank=True)
    follow_up_done_at = models.DateTimeField(_("tindak lanjut selesai"), null=True, blank=True)
    follow_up_done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ditandai selesai oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    follow_up_note = models.TextField(_("catatan penyelesaian"), blank=True)
    follow_up_reminded_on = models.DateField(_("pengingat tindak lanjut terakhir"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("dicatat oleh"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("kegiatan pembinaan BKK")
        verbose_name_plural = _("kegiatan pembinaan BKK")
        indexes = [
            models.Index(fields=["office", "date"]),
            models.Index(fields=["bkk", "date"]),
            models.Index(fields=["office", "follow_up_due"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.bkk} {self.date:%d/%m/%Y}"

    @property
    def has_follow_up(self) -> bool:
        return bool(self.follow_up.strip())

    def follow_up_overdue(self, today=None) -> bool:
        """A follow-up past its due date and not marked done."""
        today = today or timezone.localdate()
        return bool(
            self.has_follow_up
            and self.follow_up_due
            and self.follow_up_done_at is None
            and self.follow_up_due < today
        )

    @property
    def is_overdue(self) -> bool:
        return self.follow_up_overdue()


class GuidanceAttachment(models.Model):
    """A PDF or image of an activity (minutes, attendance list, photos), checked and stored privately."""

    activity = models.ForeignKey(
        GuidanceActivity, verbose_name=_("kegiatan"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(
        _("berkas"), storage=private_storage, upload_to=PrivateUploadTo("guidance"), max_length=200
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("diunggah oleh"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("diunggah"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("lampiran pembinaan")
        verbose_name_plural = _("lampiran pembinaan")

    def __str__(self) -> str:
        return self.download_name

    @property
    def is_pdf(self) -> bool:
        return self.file.name.endswith(".pdf")

    @property
    def download_name(self) -> str:
        """A server-made file name (the client's one is never kept)."""
        ext = ".pdf" if self.is_pdf else (".png" if self.file.name.endswith(".png") else ".jpg")
        return f"pembinaan-{self.activity_id}-lampiran-{self.pk}{ext}"


class PlacementReport(models.Model):
    """A BKK's placement report for one period: its alumni registered, placed and not placed (by sex and
    education, in :class:`PlacementReportRow`), the vacancies it received and its partner companies."""

    bkk = models.ForeignKey(
        Bkk, verbose_name=_("BKK"), on_delete=models.PROTECT, related_name="placement_reports"
    )
    office = models.ForeignKey(
        Office, verbose_name=_("kantor"), on_delete=models.PROTECT, related_name="bkk_placement_reports"
    )
    period_kind = models.CharField(_("jenis periode"), max_length=10, choices=PeriodKind.choices)
    period_start = models.DateField(_("awal periode"), help_text=_("Tanggal 1 bulan pertama periode."))
    period_end = models.DateField(_("akhir periode"))
    registered_total = models.PositiveIntegerField(_("alumni terdaftar"), default=0)
    placed_total = models.PositiveIntegerField(_("alumni ditempatkan"), default=0)
    not_placed_total = models.PositiveIntegerField(_("alumni belum ditempatkan"), default=0)
    vacancies_received = models.PositiveIntegerField(_("lowongan diterima"), default=0)
    partner_companies = models.TextField(
        _("perusahaan mitra"), blank=True, help_text=_("Satu perusahaan per baris.")
    )
    note = models.TextField(_("catatan"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("dikirim oleh"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("dikirim"))

    class Meta:
        ordering = ["-period_start", "-pk"]
        verbose_name = _("laporan penempatan BKK")
        verbose_name_plural = _("laporan penempatan BKK")
        constraints = [
            # A backstop for the service's overlap check: two reports starting the same month always overlap.
            models.UniqueConstraint(fields=["bkk", "period_start"], name="guidance_report_one_per_bkk_start"),
        ]
        indexes = [
            models.Index(fields=["office", "submitted_at"]),
            models.Index(fields=["bkk", "submitted_at"]),
        ]

    def __str__(self) -> str:
        return f"Laporan penempatan {self.bkk} {self.period_label}"

    @property
    def period_label(self) -> str:
        from .periods import period_label

        return period_label(self.period_kind, self.period_start)

    @property
    def partner_list(self) -> list[str]:
        return [line for line in self.partner_companies.splitlines() if line.strip()]

    @property
    def placement_rate(self) -> int | None:
        """Placed alumni as a whole percentage of those registered."""
        if not self.registered_total:
            return None
        return round(self.placed_total * 100 / self.registered_total)


class PlacementReportRow(models.Model):
    """One cell of a report's breakdown: alumni of one sex and education level."""

    report = models.ForeignKey(PlacementReport, on_delete=models.CASCADE, related_name="rows")
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    education_level = models.CharField(_("pendidikan"), max_length=4, choices=EducationLevel.choices)
    registered = models.PositiveIntegerField(_("terdaftar"), default=0)
    placed = models.PositiveIntegerField(_("ditempatkan"), default=0)
    not_placed = models.PositiveIntegerField(_("belum ditempatkan"), default=0)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("rincian laporan penempatan")
        verbose_name_plural = _("rincian laporan penempatan")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "sex", "education_level"], name="guidance_report_row_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_sex_display()}, {self.get_education_level_display()}"
