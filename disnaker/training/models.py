"""Training events (bimtek) for PAK: the event, its invited participants and their attendance.

Certificates are decrees (:class:`disnaker.decrees.models.Decree`, kind ``training_certificate``) whose
subject is the :class:`TrainingParticipant`; they are found with ``decree_valid_for(participant)``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from disnaker.core.models import Office

from .constants import MINISTRY_ORGANISER_NAME, Attendance, OrganiserLevel, TrainingMode


class Training(models.Model):
    """One training event recorded by an office (kab/kota or province) for PAK in its scope."""

    office = models.ForeignKey(
        Office, verbose_name=_("kantor pencatat"), on_delete=models.PROTECT, related_name="trainings"
    )
    organiser_level = models.CharField(_("penyelenggara"), max_length=10, choices=OrganiserLevel.choices)
    organiser_name = models.CharField(
        _("nama penyelenggara"),
        max_length=200,
        blank=True,
        help_text=_("Kosongkan bila penyelenggaranya kantor Anda atau Kemnaker."),
    )
    title = models.CharField(_("judul pelatihan"), max_length=200)
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    mode = models.CharField(
        _("bentuk"), max_length=10, choices=TrainingMode.choices, default=TrainingMode.OFFLINE
    )
    place = models.CharField(_("tempat"), max_length=250, blank=True)
    online_link = models.URLField(_("tautan daring"), max_length=500, blank=True)
    coordinated_with_kemnaker = models.BooleanField(_("dikoordinasikan dengan Kemnaker"), default=False)
    coordination_note = models.TextField(
        _("catatan koordinasi dengan Kemnaker"),
        blank=True,
        help_text=_(
            "Nomor/tanggal surat, narasumber atau bentuk koordinasi dengan Direktorat Bina Pengantar Kerja."
        ),
    )
    description = models.TextField(_("uraian"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("dicatat oleh"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("dicatat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("bimtek PAK")
        verbose_name_plural = _("bimtek PAK")
        indexes = [models.Index(fields=["office", "start_date"])]

    def __str__(self) -> str:
        return self.title

    @property
    def organiser_display(self) -> str:
        """The organiser as printed on the certificate."""
        if self.organiser_name:
            return self.organiser_name
        if self.organiser_level == OrganiserLevel.MINISTRY:
            return MINISTRY_ORGANISER_NAME
        if (
            self.organiser_level == OrganiserLevel.PROVINCE
            and self.office.level != "province"
            and self.office.parent_id
        ):
            return self.office.parent.name
        return self.office.name

    @property
    def venue_display(self) -> str:
        if self.mode == TrainingMode.ONLINE:
            return _("Daring (online)") + (f" — {self.place}" if self.place else "")
        return self.place

    def has_started(self, today=None) -> bool:
        return (today or timezone.localdate()) >= self.start_date

    def has_ended(self, today=None) -> bool:
        return (today or timezone.localdate()) > self.end_date

    def is_editable(self, today=None) -> bool:
        """The event may be edited (and PAK invited) until its last day is over."""
        return not self.has_ended(today)

    def phase(self, today=None) -> str:
        if self.has_ended(today):
            return "ended"
        return "running" if self.has_started(today) else "planned"


class TrainingParticipant(models.Model):
    """An invited PAK and whether they attended. The certificate is a decree with this row as subject."""

    training = models.ForeignKey(
        Training, verbose_name=_("bimtek"), on_delete=models.CASCADE, related_name="participants"
    )
    officer = models.ForeignKey(
        "placement.PlacementOfficer",
        verbose_name=_("PAK"),
        on_delete=models.PROTECT,
        related_name="trainings",
    )
    invited_at = models.DateTimeField(_("diundang"), default=timezone.now)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("diundang oleh"), on_delete=models.PROTECT, related_name="+"
    )
    attendance = models.CharField(
        _("kehadiran"), max_length=10, choices=Attendance.choices, default=Attendance.UNKNOWN, blank=True
    )
    attendance_recorded_at = models.DateTimeField(_("kehadiran dicatat"), null=True, blank=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("kehadiran dicatat oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["officer__name", "pk"]
        verbose_name = _("peserta bimtek")
        verbose_name_plural = _("peserta bimtek")
        constraints = [
            models.UniqueConstraint(fields=["training", "officer"], name="training_participant_once"),
        ]
        indexes = [models.Index(fields=["officer", "training"])]

    def __str__(self) -> str:
        return f"{self.officer} — {self.training}"
