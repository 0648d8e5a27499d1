"""Statuses and their allowed transitions for BKK, PAK appointment and PAK registration.

The lifecycles follow DOMAIN.md ("BKK and PAK"), with one state added to each of the first two: *verified*
(checked by the verifier, waiting for the head's signature), because the head, not the verifier, signs the
tanda daftar and the SK Penetapan PAK, and the queue must show what waits for whom (as in PKWT).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from disnaker.core.flows import Flow, Mail, Note, Step, Style


class InstitutionType(models.TextChoices):
    SMK = "smk", _("SMK (sekolah menengah kejuruan)")
    UNIVERSITY = "university", _("Perguruan tinggi")
    LPK = "lpk", _("LPK (lembaga pelatihan kerja)")
    #: Accepted only where settings.BKK_ALLOW_GENERAL_SECONDARY is on (README, "Lembaga pembentuk BKK").
    SMA = "sma", _("SMA/MA (sekolah menengah atas/madrasah aliyah)")


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


_PERMISSIONS = "disnaker.placement.permissions."
_BKK_SERVICES = "disnaker.placement.services."
_BKK_EFFECTS = "disnaker.placement.services.bkk."


def _deactivate_label(bkk) -> str:
    return _("Konfirmasi usulan nonaktif") if bkk.inactivation_proposed_at else _("Nonaktifkan")


#: The office's decisions on a BKK, declared once: its review (verifier, then the head's tanda daftar) and,
#: once registered, its life (inactive, active again, revoked, closed). The institution's own steps (draft or
#: perbaikan → diajukan) live in ``services.bkk_apply`` and ``bkk_resubmit``.
BKK_FLOW = Flow(
    model_label="placement.Bkk",
    name="placement",
    object_arg="bkk",
    mail_to=lambda bkk: bkk.email,
    mail_args=lambda bkk: {"name": bkk.name, "code": bkk.tracking_code},
    mail_context=lambda bkk, note: {"bkk": bkk, "note": note},
    select_related=("office",),
    denied_message=_("Anda tidak berwenang mengambil keputusan atas BKK ini."),
    extra_transitions={
        BkkStatus.DRAFT: {BkkStatus.SUBMITTED},
        BkkStatus.NEEDS_REVISION: {BkkStatus.SUBMITTED},
    },
    steps=(
        Step(
            "verifikasi",
            _("Verifikasi dan teruskan ke Kepala Dinas"),
            source={BkkStatus.SUBMITTED},
            target=BkkStatus.VERIFIED,
            allowed=_PERMISSIONS + "can_verify_bkk",
            default_note=_("Dokumen lengkap dan sesuai; diteruskan kepada Kepala Dinas."),
            effect=_BKK_EFFECTS + "bkk_noted",
            service=_BKK_SERVICES + "bkk_verify",
            done=_("Pendaftaran BKK diverifikasi dan diteruskan kepada Kepala Dinas."),
        ),
        Step(
            "perbaikan",
            _("Perlu perbaikan"),
            source={BkkStatus.SUBMITTED},
            target=BkkStatus.NEEDS_REVISION,
            allowed=_PERMISSIONS + "can_verify_bkk",
            note=Note.REQUIRED,
            note_message=_("Tuliskan apa yang harus diperbaiki."),
            effect=_BKK_EFFECTS + "bkk_noted",
            mail=Mail("bkk_needs_revision", _("Pendaftaran BKK %(code)s perlu perbaikan")),
            style=Style.SECONDARY,
            service=_BKK_SERVICES + "bkk_request_revision",
            done=_("Pendaftaran dikembalikan kepada pemohon untuk diperbaiki."),
        ),
        Step(
            "tolak",
            _("Tolak"),
            source={BkkStatus.SUBMITTED},
            target=BkkStatus.REJECTED,
            allowed=_PERMISSIONS + "can_verify_bkk",
            note=Note.REQUIRED,
            note_message=_("Alasan penolakan wajib diisi."),
            effect=_BKK_EFFECTS + "bkk_noted",
            mail=Mail("bkk_rejected", _("Pendaftaran BKK %(code)s ditolak")),
            style=Style.DANGER,
            confirm=_("Pendaftaran BKK ini akan ditolak; pemohon menerima alasannya lewat e-mail."),
            service=_BKK_SERVICES + "bkk_reject",
            note_arg="reason",
            done=_("Pendaftaran BKK ditolak."),
        ),
        Step(
            "setujui",
            _("Setujui dan Tandatangani Tanda Daftar"),
            source={BkkStatus.VERIFIED},
            target=BkkStatus.REGISTERED,
            allowed=_PERMISSIONS + "can_sign_bkk",
            note=Note.NONE,
            confirm=_(
                "Tanda daftar BKK akan diberi nomor dan ditandatangani atas nama Kepala Dinas, dan akun operator "
                "BKK dibuat serta dikirim ke e-mail BKK. Nomor tanda daftar tidak dapat dibatalkan."
            ),
            service=_BKK_SERVICES + "bkk_register",
            own_service=True,
            link=True,  # the signing screen (issue 14): GET of the decide URL
            done=_("Tanda daftar BKK ditandatangani; akun operator dikirim ke e-mail BKK."),
        ),
        Step(
            "kembalikan",
            _("Kembalikan ke verifikator"),
            source={BkkStatus.VERIFIED},
            target=BkkStatus.SUBMITTED,
            allowed=_PERMISSIONS + "can_sign_bkk",
            note=Note.REQUIRED,
            note_message=_("Tuliskan apa yang perlu diperiksa ulang oleh verifikator."),
            effect=_BKK_EFFECTS + "bkk_noted",
            style=Style.SECONDARY,
            service=_BKK_SERVICES + "bkk_return_to_verifier",
            done=_("Pendaftaran dikembalikan kepada verifikator."),
        ),
        Step(
            "nonaktifkan",
            _("Nonaktifkan"),
            source={BkkStatus.REGISTERED},
            target=BkkStatus.INACTIVE,
            allowed=_PERMISSIONS + "can_manage_bkk",
            note=Note.REQUIRED,
            note_message=_("Alasan penonaktifan wajib diisi."),
            effect=_BKK_EFFECTS + "bkk_noted",
            mail=Mail("bkk_inactive", _("BKK %(name)s dinonaktifkan")),
            style=Style.WARNING,
            service=_BKK_SERVICES + "bkk_deactivate",
            note_arg="reason",
            done=_("BKK dinonaktifkan."),
            label_for=_deactivate_label,
        ),
        Step(
            "aktifkan",
            _("Aktifkan kembali"),
            source={BkkStatus.INACTIVE},
            target=BkkStatus.REGISTERED,
            allowed=_PERMISSIONS + "can_manage_bkk",
            note=Note.REQUIRED,
            note_message=_("Tuliskan dasar pengaktifan kembali."),
            effect=_BKK_EFFECTS + "bkk_reactivated",
            mail=Mail("bkk_reactivated", _("BKK %(name)s aktif kembali")),
            service=_BKK_SERVICES + "bkk_reactivate",
            done=_("BKK aktif kembali."),
        ),
        Step(
            "cabut",
            _("Cabut tanda daftar"),
            source={BkkStatus.INACTIVE},
            target=BkkStatus.REVOKED,
            allowed=_PERMISSIONS + "can_sign_bkk",
            note=Note.REQUIRED,
            note_message=_("Alasan pencabutan wajib diisi."),
            effect=_BKK_EFFECTS + "bkk_revoked",
            mail=Mail("bkk_revoked", _("Tanda daftar BKK %(name)s dicabut")),
            style=Style.DANGER,
            confirm=_(
                "Tanda daftar BKK ini akan dicabut dan akun operatornya dinonaktifkan. Pencabutan tidak dapat "
                "dibatalkan."
            ),
            service=_BKK_SERVICES + "bkk_revoke",
            note_arg="reason",
            done=_("Tanda daftar BKK dicabut."),
        ),
        Step(
            "tutup",
            _("Tutup BKK"),
            source={BkkStatus.REGISTERED, BkkStatus.INACTIVE},
            target=BkkStatus.CLOSED,
            allowed=_PERMISSIONS + "can_manage_bkk",
            note=Note.REQUIRED,
            note_message=_("Tuliskan alasan penutupan."),
            effect=_BKK_EFFECTS + "bkk_closed",
            style=Style.DANGER,
            confirm=_(
                "BKK ini akan ditutup dan akun operatornya dinonaktifkan. Penutupan tidak dapat dibatalkan."
            ),
            service=_BKK_SERVICES + "bkk_close",
            note_arg="reason",
            done=_("BKK ditutup."),
        ),
    ),
)

#: ``{from: {to, …}}`` of a BKK, derived from the flow.
BKK_TRANSITIONS = BKK_FLOW.transitions

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


_PROPOSAL_SERVICES = "disnaker.placement.services."
_PROPOSAL_EFFECTS = "disnaker.placement.services.proposal."

#: The office's review of a BKK's proposal of PAK candidates, declared once. Each step moves the proposal's
#: candidates (their appointments) along with it. The BKK's own step (draft or perbaikan → diajukan) is
#: ``services.proposal_submit``; the head's SK Penetapan PAK is ``services.proposal_appoint``.
PROPOSAL_FLOW = Flow(
    model_label="placement.PakProposal",
    name="placement",
    object_arg="proposal",
    mail_to=lambda proposal: proposal.bkk.email,
    mail_args=lambda proposal: {"bkk": proposal.bkk.name},
    mail_context=lambda proposal, note: {"proposal": proposal, "note": note},
    select_related=("office", "bkk"),
    denied_message=_("Anda tidak berwenang mengambil keputusan atas usulan ini."),
    extra_transitions={
        ProposalStatus.DRAFT: {ProposalStatus.SUBMITTED},
        ProposalStatus.NEEDS_REVISION: {ProposalStatus.SUBMITTED},
    },
    steps=(
        Step(
            "verifikasi",
            _("Verifikasi dan teruskan ke Kepala Dinas"),
            source={ProposalStatus.SUBMITTED},
            target=ProposalStatus.VERIFIED,
            allowed=_PERMISSIONS + "can_verify_proposal",
            default_note=_("Persyaratan calon PAK lengkap; diteruskan kepada Kepala Dinas."),
            effect=_PROPOSAL_EFFECTS + "proposal_noted",
            service=_PROPOSAL_SERVICES + "proposal_verify",
            done=_("Usulan diverifikasi dan diteruskan kepada Kepala Dinas."),
        ),
        Step(
            "perbaikan",
            _("Minta perbaikan"),
            source={ProposalStatus.SUBMITTED},
            target=ProposalStatus.NEEDS_REVISION,
            allowed=_PERMISSIONS + "can_verify_proposal",
            note=Note.REQUIRED,
            note_message=_("Tuliskan apa yang harus diperbaiki."),
            effect=_PROPOSAL_EFFECTS + "proposal_noted",
            mail=Mail("pak_proposal_needs_revision", _("Usulan PAK %(bkk)s perlu perbaikan")),
            style=Style.SECONDARY,
            service=_PROPOSAL_SERVICES + "proposal_request_revision",
            done=_("Usulan dikembalikan kepada BKK untuk diperbaiki."),
        ),
        Step(
            "tolak",
            _("Tolak"),
            source={ProposalStatus.SUBMITTED},
            target=ProposalStatus.REJECTED,
            allowed=_PERMISSIONS + "can_verify_proposal",
            note=Note.REQUIRED,
            note_message=_("Alasan penolakan wajib diisi."),
            effect=_PROPOSAL_EFFECTS + "proposal_noted",
            mail=Mail("pak_proposal_rejected", _("Usulan PAK %(bkk)s ditolak")),
            style=Style.DANGER,
            confirm=_("Usulan ini dan semua calonnya akan ditolak; BKK menerima alasannya lewat e-mail."),
            service=_PROPOSAL_SERVICES + "proposal_reject",
            note_arg="reason",
            done=_("Usulan ditolak."),
        ),
        Step(
            "tetapkan",
            _("Tetapkan dan tandatangani SK Penetapan PAK"),
            source={ProposalStatus.VERIFIED},
            target=ProposalStatus.APPOINTED,
            allowed=_PERMISSIONS + "can_sign_proposal",
            note=Note.NONE,
            confirm=_(
                "SK Penetapan PAK akan diberi nomor dan ditandatangani atas nama Kepala Dinas, dan setiap PAK "
                "menerima undangan registrasi. Nomor SK tidak dapat dibatalkan."
            ),
            service=_PROPOSAL_SERVICES + "proposal_appoint",
            own_service=True,
            link=True,  # the signing screen (issue 14): GET of the decide URL
            done=_("SK Penetapan PAK ditandatangani; undangan registrasi dikirim kepada setiap PAK."),
        ),
        Step(
            "kembalikan",
            _("Kembalikan ke verifikator"),
            source={ProposalStatus.VERIFIED},
            target=ProposalStatus.SUBMITTED,
            allowed=_PERMISSIONS + "can_sign_proposal",
            note=Note.REQUIRED,
            note_message=_("Tuliskan apa yang perlu diperiksa ulang oleh verifikator."),
            effect=_PROPOSAL_EFFECTS + "proposal_noted",
            style=Style.SECONDARY,
            service=_PROPOSAL_SERVICES + "proposal_return_to_verifier",
            done=_("Usulan dikembalikan kepada verifikator."),
        ),
    ),
)

#: ``{from: {to, …}}`` of a proposal, derived from the flow.
PROPOSAL_TRANSITIONS = PROPOSAL_FLOW.transitions

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


APPOINTMENT_TRANSITIONS: dict[str, set[str]] = {
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


_PROFILE_EFFECTS = "disnaker.placement.services.profile."

#: The province's verification of a PAK's registration, declared once. The PAK's own steps (registered,
#: profile sent, sent again after a rejection) live in ``services.profile_*``.
PROFILE_FLOW = Flow(
    model_label="placement.PakProfile",
    name="placement",
    object_arg="profile",
    mail_to=lambda profile: profile.officer.email,
    mail_context=lambda profile, note: {"profile": profile, "reason": note},
    done_args=lambda profile: {"name": profile.officer.name},
    select_related=("officer__office",),
    denied_message=_("Hanya admin provinsi wilayah PAK ini yang dapat memverifikasi."),
    extra_transitions={
        ProfileStatus.NOT_REGISTERED: {ProfileStatus.PROFILE_INCOMPLETE},
        ProfileStatus.PROFILE_INCOMPLETE: {ProfileStatus.AWAITING_VERIFICATION},
        ProfileStatus.VERIFICATION_REJECTED: {ProfileStatus.AWAITING_VERIFICATION},
    },
    steps=(
        Step(
            "verifikasi",
            _("Verifikasi"),
            source={ProfileStatus.AWAITING_VERIFICATION},
            target=ProfileStatus.VERIFIED,
            allowed=_PERMISSIONS + "can_verify_pak_registration",
            note=Note.NONE,
            default_note=_("Registrasi PAK diverifikasi provinsi."),
            effect=_PROFILE_EFFECTS + "profile_verified",
            mail=Mail("pak_profile_verified", _("Registrasi PAK Anda telah diverifikasi")),
            service="disnaker.placement.services.profile_verify",
            done=_("Registrasi %(name)s diverifikasi."),
        ),
        Step(
            "tolak",
            _("Tolak"),
            source={ProfileStatus.AWAITING_VERIFICATION},
            target=ProfileStatus.VERIFICATION_REJECTED,
            allowed=_PERMISSIONS + "can_verify_pak_registration",
            note=Note.REQUIRED,
            note_message=_("Alasan penolakan wajib diisi."),
            effect=_PROFILE_EFFECTS + "profile_refused",
            mail=Mail("pak_profile_rejected", _("Registrasi PAK Anda perlu diperbaiki")),
            style=Style.DANGER,
            help=_("PAK memperbaiki profilnya dan mengirimkannya lagi."),
            service="disnaker.placement.services.profile_reject",
            note_arg="reason",
            done=_("Registrasi %(name)s ditolak; PAK diberi tahu alasannya."),
        ),
    ),
)

#: ``{from: {to, …}}`` of a PAK's registration, derived from the flow.
PROFILE_TRANSITIONS = PROFILE_FLOW.transitions

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


# --- The e-pengantarkerja channel ------------------------------------------------------------------------------
# Kemnaker letter B-3/4662/PK.01.02/IX/2025, point 2: an appointed PAK registers and fills in the profile "secara
# mandiri melalui aplikasi e-pengantarkerja", and the province admin verifies it there. In this channel the
# portal keeps only the status seen at e-pengantarkerja (in ``PakProfile.status``), when and by whom it was
# checked (``PakProfile.checked_at``/``checked_by``, each check in ``EpakStatusCheck``).

EPAK_CHANNEL = "e-pengantarkerja"

#: The four statuses of e-pengantarkerja, as the portal shows them.
EPAK_STATUSES = {
    ProfileStatus.NOT_REGISTERED: _("Belum registrasi"),
    ProfileStatus.AWAITING_VERIFICATION: _("Menunggu verifikasi"),
    ProfileStatus.VERIFIED: _("Terverifikasi"),
    ProfileStatus.VERIFICATION_REJECTED: _("Ditolak"),
}

#: Any recorded status may follow any other (the office copies what e-pengantarkerja shows); a profile left
#: from the internal channel ("profil belum lengkap") may move to any of the four.
EPAK_TRANSITIONS: dict[str, set[str]] = {
    str(status): {str(s) for s in EPAK_STATUSES} - {str(status)}
    for status in (*EPAK_STATUSES, ProfileStatus.PROFILE_INCOMPLETE)
}

#: The status texts accepted in the Excel exported from e-pengantarkerja (compared without case, spaces, "-",
#: "_" and "."), mapped to the status.
EPAK_STATUS_TEXTS = {
    ProfileStatus.NOT_REGISTERED: ("belum registrasi", "belum terdaftar", "belum register", "not registered"),
    ProfileStatus.AWAITING_VERIFICATION: (
        "menunggu verifikasi", "menunggu verifikasi provinsi", "menunggu", "proses verifikasi", "pending",
    ),
    ProfileStatus.VERIFIED: ("terverifikasi", "diverifikasi", "sudah diverifikasi", "verified", "aktif"),
    ProfileStatus.VERIFICATION_REJECTED: ("ditolak", "verifikasi ditolak", "tidak lolos verifikasi", "rejected"),
}  # fmt: skip
