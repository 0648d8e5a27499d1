from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu dikirim")
    SENT = "sent", _("Terkirim")
    FAILED = "failed", _("Gagal")


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
