from django.db import models
from django.utils.translation import gettext_lazy as _


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


ACCOUNT_REQUEST_TRANSITIONS = {
    AccountRequestStatus.SUBMITTED: {AccountRequestStatus.APPROVED, AccountRequestStatus.REJECTED},
}
