from django.db import models
from django.utils.translation import gettext_lazy as _


class RegistrationStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan, menunggu verifikasi")
    NEEDS_REVISION = "needs_revision", _("Perlu perbaikan")
    VERIFIED = "verified", _("Terverifikasi, menunggu tanda tangan")
    APPROVED = "approved", _("SK terbit")
    REJECTED = "rejected", _("Ditolak")


REGISTRATION_TRANSITIONS = {
    RegistrationStatus.DRAFT: {RegistrationStatus.SUBMITTED},
    RegistrationStatus.SUBMITTED: {
        RegistrationStatus.NEEDS_REVISION,
        RegistrationStatus.VERIFIED,
        RegistrationStatus.REJECTED,
    },
    RegistrationStatus.NEEDS_REVISION: {RegistrationStatus.SUBMITTED},
    RegistrationStatus.VERIFIED: {RegistrationStatus.APPROVED, RegistrationStatus.SUBMITTED},
}

#: The company may change documents and the worker list only in these statuses.
EDITABLE_STATUSES = {RegistrationStatus.DRAFT, RegistrationStatus.NEEDS_REVISION}
#: Contracts of registrations in these statuses count as the worker's history (5-year total, sequence,
#: overlaps) for later registrations.
HISTORY_STATUSES = {
    RegistrationStatus.SUBMITTED,
    RegistrationStatus.NEEDS_REVISION,
    RegistrationStatus.VERIFIED,
    RegistrationStatus.APPROVED,
}


#: Waiting for the office: their age counts against the service target.
OFFICE_PENDING_STATUSES = {RegistrationStatus.SUBMITTED, RegistrationStatus.VERIFIED}


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu diproses")
    RUNNING = "running", _("Sedang diproses")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")
