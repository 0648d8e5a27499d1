from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import Channel, OutboxStatus


class OutboxMessage(models.Model):
    """A message waiting to be sent, or sent. Services write these; a task sends them."""

    channel = models.CharField(_("saluran"), max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    kind = models.CharField(_("jenis"), max_length=60, help_text=_("Nama templat pesan."))
    to = models.CharField(_("kepada"), max_length=254, db_index=True)
    subject = models.CharField(_("subjek"), max_length=200)
    body = models.TextField(_("isi"))
    status = models.CharField(
        _("status"), max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    last_error = models.TextField(_("galat terakhir"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("terkirim"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("pesan keluar")
        verbose_name_plural = _("kotak keluar")

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"
