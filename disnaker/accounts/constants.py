from django.db import models
from django.utils.translation import gettext_lazy as _

from disnaker.core.flows import Flow, Mail, Note, Step, Style


class Role(models.TextChoices):
    COMPANY = "company", _("Perusahaan")
    BKK_OPERATOR = "bkk_operator", _("Operator BKK")
    PLACEMENT_OFFICER = "placement_officer", _("Petugas Antar Kerja")
    VERIFIER = "verifier", _("Verifikator")
    HEAD = "head", _("Kepala Dinas")
    PROVINCE_ADMIN = "province_admin", _("Admin Provinsi")
    MINISTRY_VIEWER = "ministry_viewer", _("Pemantau Kementerian")
    ADMIN = "admin", _("Administrator")


#: Roles that work inside one kab/kota office and see its data.
OFFICE_STAFF_ROLES = {Role.VERIFIER, Role.HEAD}


class CompanyLegalForm(models.TextChoices):
    PT = "pt", _("Perseroan Terbatas (PT)")
    PT_PERORANGAN = "pt_perorangan", _("PT Perorangan")
    CV = "cv", _("Persekutuan Komanditer (CV)")
    FIRMA = "firma", _("Firma")
    KOPERASI = "koperasi", _("Koperasi")
    YAYASAN = "yayasan", _("Yayasan")
    BUMN_BUMD = "bumn_bumd", _("BUMN/BUMD")
    USAHA_PERORANGAN = "perorangan", _("Usaha Perorangan")
    LAINNYA = "lainnya", _("Lainnya")


class CompanyScale(models.TextChoices):
    """Business size per PP 7/2021; micro and small enterprises are exempt from the UMK rule."""

    MICRO = "micro", _("Usaha Mikro")
    SMALL = "small", _("Usaha Kecil")
    MEDIUM = "medium", _("Usaha Menengah")
    LARGE = "large", _("Usaha Besar")


MICRO_SMALL_SCALES = {CompanyScale.MICRO, CompanyScale.SMALL}


class AccountRequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Menunggu verifikasi")
    APPROVED = "approved", _("Disetujui")
    REJECTED = "rejected", _("Ditolak")


#: The office's decision on a company's account request, declared once. Approving creates the company and its
#: user and e-mails the initial password (``services.account_request_created``, the step's effect).
_SERVICES = "disnaker.accounts.services."

ACCOUNT_REQUEST_FLOW = Flow(
    model_label="accounts.AccountRequest",
    name="accounts",
    object_arg="account_request",
    mail_to=lambda account_request: account_request.email,
    mail_args=lambda account_request: {"code": account_request.tracking_code},
    mail_context=lambda account_request, note: {"account_request": account_request, "reason": note},
    done_args=lambda account_request: {"code": account_request.tracking_code, "email": account_request.email},
    steps=(
        Step(
            "setujui",
            _("Setujui dan buat akun"),
            source={AccountRequestStatus.SUBMITTED},
            target=AccountRequestStatus.APPROVED,
            allowed="disnaker.accounts.permissions.can_decide_account_request",
            note=Note.NONE,
            default_note=_("Akun perusahaan dibuat."),
            service=_SERVICES + "account_request_approve",
            own_service=True,  # creates the company and its user: see the service
            done=_(
                "Permohonan %(code)s disetujui. Akun dibuat dan email berisi kata sandi awal dikirim ke %(email)s."
            ),
        ),
        Step(
            "tolak",
            _("Tolak"),
            source={AccountRequestStatus.SUBMITTED},
            target=AccountRequestStatus.REJECTED,
            allowed="disnaker.accounts.permissions.can_decide_account_request",
            note=Note.REQUIRED,
            note_message=_("Alasan penolakan wajib diisi."),
            effect="disnaker.accounts.services.account_request_refused",
            mail=Mail("account_request_rejected", _("Permohonan akun PECAK ditolak — %(code)s")),
            style=Style.DANGER,
            confirm=_("Permohonan akun ini akan ditolak; pemohon menerima alasannya lewat e-mail."),
            service=_SERVICES + "account_request_reject",
            note_arg="reason",
            done=_("Permohonan %(code)s ditolak."),
        ),
    ),
)

ACCOUNT_REQUEST_TRANSITIONS = ACCOUNT_REQUEST_FLOW.transitions
