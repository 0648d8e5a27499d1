from django.db import models
from django.utils.translation import gettext_lazy as _

from disnaker.core.flows import Flow, Mail, Note, Step, Style


class RegistrationStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan, menunggu verifikasi")
    NEEDS_REVISION = "needs_revision", _("Perlu perbaikan")
    VERIFIED = "verified", _("Terverifikasi, menunggu tanda tangan")
    APPROVED = "approved", _("SK terbit")
    REJECTED = "rejected", _("Ditolak")


class SigningState:
    """A decree being signed in the background (``registration.signing_state``; empty: not queued)."""

    QUEUED = "queued"
    RUNNING = "running"
    FAILED = "failed"


_PERMISSIONS = "disnaker.pkwt.permissions."
_SERVICES = "disnaker.pkwt.services."

#: The office's review of a registration, declared once: each step's edge, who may take it, its note, its
#: e-mail to the company and its button. The company's own step (draft or perbaikan → diajukan) lives in
#: ``services.registration_submit``; signing has its own view (numbering, PDF, signature, background queue).
REGISTRATION_FLOW = Flow(
    model_label="pkwt.PkwtRegistration",
    name="pkwt",
    object_arg="registration",
    mail_to=lambda registration: registration.company.email,
    mail_context=lambda registration, note: {"registration": registration, "note": note},
    select_related=("company", "office"),
    extra_transitions={
        RegistrationStatus.DRAFT: {RegistrationStatus.SUBMITTED},
        RegistrationStatus.NEEDS_REVISION: {RegistrationStatus.SUBMITTED},
    },
    steps=(
        Step(
            "verifikasi",
            _("Verifikasi dan teruskan ke Kepala Dinas"),
            source={RegistrationStatus.SUBMITTED},
            target=RegistrationStatus.VERIFIED,
            allowed=_PERMISSIONS + "can_review_registration",
            default_note=_("Dokumen dan data pekerja telah diverifikasi; diteruskan kepada Kepala Dinas."),
            mail=Mail("pkwt_verified", _("Permohonan pencatatan PKWT %(number)s telah diverifikasi")),
            service=_SERVICES + "registration_verify",
            # Workers under 18 need the verifier's exception first (UU 13/2003 Pasal 68–71).
            effect=_SERVICES + "age_exceptions_required",
            done=_("Permohonan diverifikasi dan diteruskan kepada Kepala Dinas."),
        ),
        Step(
            "perbaikan",
            _("Minta perbaikan"),
            source={RegistrationStatus.SUBMITTED},
            target=RegistrationStatus.NEEDS_REVISION,
            allowed=_PERMISSIONS + "can_review_registration",
            note=Note.REQUIRED,
            note_message=_("Tuliskan apa yang harus diperbaiki."),
            mail=Mail("pkwt_needs_revision", _("Permohonan pencatatan PKWT %(number)s perlu perbaikan")),
            style=Style.SECONDARY,
            service=_SERVICES + "registration_request_revision",
            done=_("Permohonan dikembalikan untuk perbaikan."),
        ),
        Step(
            "tolak",
            _("Tolak"),
            source={RegistrationStatus.SUBMITTED},
            target=RegistrationStatus.REJECTED,
            allowed=_PERMISSIONS + "can_review_registration",
            note=Note.REQUIRED,
            note_message=_("Tuliskan alasan penolakan."),
            mail=Mail("pkwt_rejected", _("Permohonan pencatatan PKWT %(number)s ditolak")),
            style=Style.DANGER,
            confirm=_(
                "Permohonan ini akan ditolak dan tidak dapat diajukan lagi; perusahaan menerima alasannya "
                "lewat e-mail."
            ),
            service=_SERVICES + "registration_reject",
            done=_("Permohonan ditolak."),
        ),
        Step(
            "tandatangani",
            _("Setujui dan tandatangani SK"),
            source={RegistrationStatus.VERIFIED},
            target=RegistrationStatus.APPROVED,
            allowed=_PERMISSIONS + "can_sign_registration",
            note=Note.NONE,
            confirm=_(
                "SK Pencatatan PKWT akan diberi nomor dan ditandatangani secara elektronik atas nama Kepala "
                "Dinas, lalu dikirim kepada perusahaan. Nomor SK tidak dapat dibatalkan; SK hanya dapat dicabut."
            ),
            # The button opens the signing screen (this text, the preview, the BSrE passphrase): the
            # confirmation is that page, not a dialog.
            view="pkwt:office_sign",
            link=True,
        ),
        Step(
            "kembalikan",
            _("Kembalikan ke verifikator"),
            source={RegistrationStatus.VERIFIED},
            target=RegistrationStatus.SUBMITTED,
            allowed=_PERMISSIONS + "can_sign_registration",
            note=Note.REQUIRED,
            note_message=_("Tuliskan apa yang perlu diperiksa ulang oleh verifikator."),
            style=Style.SECONDARY,
            service=_SERVICES + "registration_return_to_verifier",
            done=_("Permohonan dikembalikan kepada verifikator."),
        ),
    ),
)

#: ``{from: {to, …}}`` of a registration, derived from the flow.
REGISTRATION_TRANSITIONS = REGISTRATION_FLOW.transitions

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


# --- The kinds of PKWT and their optional columns (issue 12) ----------------------------------------------
# A cell of jenis_pkwt, dasar_pkwt or satuan_upah accepts the value or its label, case- and space-insensitive
# (rules._choice_lookup; a few common spellings are aliases there).


class PkwtKind(models.TextChoices):
    """PP 35/2021 Pasal 4(1): a PKWT is based on a time period or on the completion of a specific job; Pasal
    5(3) and 10: work whose kind, nature or activity is not fixed, on a daily agreement (harian lepas)."""

    JANGKA_WAKTU = "jangka_waktu", _("Berdasarkan jangka waktu")
    PEKERJAAN_TERTENTU = "pekerjaan_tertentu", _("Berdasarkan selesainya suatu pekerjaan tertentu")
    HARIAN_LEPAS = "harian_lepas", _("Harian lepas")


class PkwtBasis(models.TextChoices):
    """The declared basis of the PKWT (PP 35/2021 Pasal 5(1) for a time-based PKWT, Pasal 5(2) for a
    specific-job PKWT; UU 13/2003 Pasal 59(1) as amended by UU 6/2023). It lets the verifier check the ban on
    a PKWT for work of a permanent nature (Pasal 4(2); UU 13/2003 Pasal 59(2))."""

    SEKALI_SELESAI = "sekali_selesai", _("Pekerjaan yang sekali selesai")
    SEMENTARA = "sementara", _("Pekerjaan yang sementara sifatnya")
    TIDAK_TERLALU_LAMA = (
        "tidak_terlalu_lama",
        _("Pekerjaan yang diperkirakan selesai dalam waktu tidak terlalu lama"),
    )
    MUSIMAN = "musiman", _("Pekerjaan yang bersifat musiman")
    PRODUK_BARU = (
        "produk_baru",
        _(
            "Pekerjaan yang berhubungan dengan produk baru, kegiatan baru, atau produk tambahan yang masih dalam "
            "percobaan atau penjajakan"
        ),
    )


class WageUnit(models.TextChoices):
    """The unit of ``upah`` (PP 36/2021 Pasal 16–17: daily and hourly wages have their own floors)."""

    MONTHLY = "bulanan", _("Bulanan")
    DAILY = "harian", _("Harian")
    HOURLY = "jam", _("Per jam")


#: ``kewarganegaraan`` values meaning an Indonesian citizen (WNI), letters only and lower case (as the
#: validator normalizes the cell); any other value is a foreign worker (TKA). Shared by the validator and the
#: compensation (a TKA gets none, PP 35/2021 Pasal 15(5)).
INDONESIAN_NATIONALITY = frozenset(
    {"indonesia", "wni", "indonesian", "id", "idn", "ri", "warganegaraindonesia", "republikindonesia"}
)

#: What the verifier's "Tampilkan" filter calls each warning code (a code not listed shows as itself).
WARNING_LABELS = {
    "upah_below_umk": _("Upah di bawah UMK"),
    "umk_year_missing": _("UMK tahunnya belum ada di tabel"),
    "late_registration": _("Pencatatan melewati batas (Pasal 14)"),
    "under_18": _("Pekerja di bawah 18 tahun"),
    "age_implausible": _("Usia tidak wajar"),
    "contract_ended": _("Kontrak sudah berakhir"),
    "pkwt_back_registration": _("Pencatatan PKWT ke yang lebih awal"),
    "pkwt_span_over_limit": _("Rentang PKWT lebih dari 5 tahun karena jeda"),
    "pkwt_total_over_limit_unsettled": _("Total PKWT lebih dari 5 tahun (belum pasti)"),
    "dasar_pkwt_mismatch": _("Dasar PKWT tidak sesuai jenisnya"),
    "signed_date_future": _("Tanggal perjanjian di masa depan"),
    "harian_lepas_pkwtt": _("Harian lepas menjadi PKWTT"),
    "harian_lepas_days": _("Hari kerja harian lepas"),
    "rptka_missing": _("TKA tanpa nomor RPTKA"),
    "tka_nik_ignored": _("NIK TKA diabaikan"),
    "bpjs_numeric_cell": _("Nomor BPJS tersimpan sebagai angka"),
    "bpjs_length": _("Panjang nomor BPJS"),
}
