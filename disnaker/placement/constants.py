"""Statuses and their allowed transitions for BKK, PAK appointment and PAK registration.

The lifecycles follow DOMAIN.md ("BKK and PAK"), with one state added to each of the first two: *verified*
(checked by the verifier, waiting for the head's signature), because the head, not the verifier, signs the
tanda daftar and the SK Penetapan PAK, and the queue must show what waits for whom (as in PKWT).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InstitutionType(models.TextChoices):
    SMK = "smk", _("SMK (sekolah menengah kejuruan)")
    UNIVERSITY = "university", _("Perguruan tinggi")
    LPK = "lpk", _("LPK (lembaga pelatihan kerja)")


class BkkStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan, menunggu verifikasi")
    NEEDS_REVISION = "needs_revision", _("Perlu perbaikan")
    VERIFIED = "verified", _("Terverifikasi, menunggu tanda tangan")
    REGISTERED = "registered", _("Terdaftar")
    REJECTED = "rejected", _("Ditolak")
    INACTIVE = "inactive", _("Tidak aktif")
    REVOKED = "revoked", _("Dicabut")
    CLOSED = "closed", _("Ditutup")


BKK_TRANSITIONS = {
    BkkStatus.DRAFT: {BkkStatus.SUBMITTED},
    BkkStatus.SUBMITTED: {BkkStatus.NEEDS_REVISION, BkkStatus.VERIFIED, BkkStatus.REJECTED},
    BkkStatus.NEEDS_REVISION: {BkkStatus.SUBMITTED},
    BkkStatus.VERIFIED: {BkkStatus.REGISTERED, BkkStatus.SUBMITTED},
    BkkStatus.REGISTERED: {BkkStatus.INACTIVE, BkkStatus.CLOSED},
    BkkStatus.INACTIVE: {BkkStatus.REGISTERED, BkkStatus.REVOKED, BkkStatus.CLOSED},
}

#: A BKK in these statuses works: its operator may propose PAK and report placements.
BKK_ACTIVE_STATUSES = {BkkStatus.REGISTERED}
#: Waiting for the office (verifier or head).
BKK_OFFICE_PENDING = {BkkStatus.SUBMITTED, BkkStatus.VERIFIED}


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan, menunggu verifikasi")
    NEEDS_REVISION = "needs_revision", _("Perlu perbaikan")
    VERIFIED = "verified", _("Terverifikasi, menunggu tanda tangan")
    APPOINTED = "appointed", _("Ditetapkan (SK terbit)")
    REJECTED = "rejected", _("Ditolak")


PROPOSAL_TRANSITIONS = {
    ProposalStatus.DRAFT: {ProposalStatus.SUBMITTED},
    ProposalStatus.SUBMITTED: {
        ProposalStatus.NEEDS_REVISION,
        ProposalStatus.VERIFIED,
        ProposalStatus.REJECTED,
    },
    ProposalStatus.NEEDS_REVISION: {ProposalStatus.SUBMITTED},
    ProposalStatus.VERIFIED: {ProposalStatus.APPOINTED, ProposalStatus.SUBMITTED},
}

PROPOSAL_EDITABLE = {ProposalStatus.DRAFT, ProposalStatus.NEEDS_REVISION}
PROPOSAL_OFFICE_PENDING = {ProposalStatus.SUBMITTED, ProposalStatus.VERIFIED}


class AppointmentStatus(models.TextChoices):
    """A PAK's appointment. Until the SK it follows the proposal's status; then it is the PAK's own."""

    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diusulkan")
    NEEDS_REVISION = "needs_revision", _("Perlu perbaikan")
    VERIFIED = "verified", _("Terverifikasi, menunggu tanda tangan")
    APPOINTED = "appointed", _("Ditetapkan")
    REJECTED = "rejected", _("Ditolak")
    REVOKED = "revoked", _("Dicabut")
    INACTIVE = "inactive", _("Tidak aktif")


APPOINTMENT_TRANSITIONS = {
    AppointmentStatus.DRAFT: {AppointmentStatus.SUBMITTED},
    AppointmentStatus.SUBMITTED: {
        AppointmentStatus.NEEDS_REVISION,
        AppointmentStatus.VERIFIED,
        AppointmentStatus.REJECTED,
    },
    AppointmentStatus.NEEDS_REVISION: {AppointmentStatus.SUBMITTED},
    AppointmentStatus.VERIFIED: {AppointmentStatus.APPOINTED, AppointmentStatus.SUBMITTED},
    AppointmentStatus.APPOINTED: {AppointmentStatus.REVOKED, AppointmentStatus.INACTIVE},
}


class ProfileStatus(models.TextChoices):
    """A PAK's own registration (account and profile), verified by the province."""

    NOT_REGISTERED = "not_registered", _("Belum registrasi")
    PROFILE_INCOMPLETE = "profile_incomplete", _("Profil belum lengkap")
    AWAITING_VERIFICATION = "awaiting_verification", _("Menunggu verifikasi provinsi")
    VERIFIED = "verified", _("Terverifikasi")
    VERIFICATION_REJECTED = "verification_rejected", _("Verifikasi ditolak")


PROFILE_TRANSITIONS = {
    ProfileStatus.NOT_REGISTERED: {ProfileStatus.PROFILE_INCOMPLETE},
    ProfileStatus.PROFILE_INCOMPLETE: {ProfileStatus.AWAITING_VERIFICATION},
    ProfileStatus.AWAITING_VERIFICATION: {ProfileStatus.VERIFIED, ProfileStatus.VERIFICATION_REJECTED},
    ProfileStatus.VERIFICATION_REJECTED: {ProfileStatus.AWAITING_VERIFICATION},
}

#: The PAK may edit the profile in these statuses.
PROFILE_EDITABLE = {ProfileStatus.PROFILE_INCOMPLETE, ProfileStatus.VERIFICATION_REJECTED}


class EducationLevel(models.TextChoices):
    SMA = "sma", _("SMA/SMK/sederajat")
    D3 = "d3", _("Diploma (D1–D4)")
    S1 = "s1", _("Sarjana (S1)")
    S2 = "s2", _("Pascasarjana (S2/S3)")


class Sex(models.TextChoices):
    MALE = "L", _("Laki-laki")
    FEMALE = "P", _("Perempuan")
