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
    last_error = models.TextField(_("kesalahan terakhir"), blank=True)
    next_attempt_at = models.DateTimeField(
        _("percobaan berikutnya"),
        null=True,
        blank=True,
        help_text=_("Kapan pesan yang belum terkirim dicoba (lagi)."),
    )
    # The parts of the body that must not outlive the send (an initial password, a reset or invitation
    # link): marked in the template with {% secret %}, replaced by REDACTED once the message is sent.
    secrets = models.JSONField(_("bagian rahasia"), default=list, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("terkirim"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("pesan keluar")
        verbose_name_plural = _("kotak keluar")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx")]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"

    def redacted_body(self) -> str:
        """The body with its secrets hidden: what an admin reads, whether or not it was sent yet."""
        return redact(self.body, self.secrets)


#: What a secret reads as in the stored body once the message is sent.
REDACTED = "[disembunyikan]"


def redact(text: str, secrets: list[str]) -> str:
    # Longest first, so a secret that contains another is hidden whole.
    for secret in sorted((s for s in secrets or [] if s), key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return text
