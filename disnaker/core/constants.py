from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("Provinsi")
    REGENCY = "regency", _("Kabupaten/Kota")


class OfficeLevel(models.TextChoices):
    MINISTRY = "ministry", _("Kementerian")
    PROVINCE = "province", _("Provinsi")
    REGENCY = "regency", _("Kabupaten/Kota")


class OfficeReach(models.TextChoices):
    """Whose offices' rows a user sees (``User.office_reach``; :func:`disnaker.core.selectors.office_scope`)."""

    NONE = "none", _("tidak ada")  # a company, a BKK operator, a PAK: their own rows, through their selectors
    OFFICE = "office", _("kantornya sendiri")  # a kab/kota office's verifier or head
    PROVINCE = "province", _("kab/kota di bawah provinsinya")  # a province admin
    ALL = "all", _("semua kantor")  # the ministry viewer (read-only) and the deployment's admin


class AuditAction(models.TextChoices):
    LOGIN = "auth.login", _("Masuk")
    LOGIN_FAILED = "auth.login_failed", _("Gagal masuk")
    LOGIN_LOCKED = "auth.locked", _("Masuk ditahan sementara")
    LOGOUT = "auth.logout", _("Keluar")
    PASSWORD_CHANGED = "auth.password_changed", _("Kata sandi diubah")
    PASSWORD_RESET_REQUESTED = "auth.password_reset_requested", _("Permintaan atur ulang kata sandi")
    PASSWORD_RESET_DONE = "auth.password_reset_done", _("Kata sandi diatur ulang")
    ACCESS_DENIED = "access.denied", _("Akses ditolak")
    DOCUMENT_VIEWED = "document.viewed", _("Dokumen dibuka")
    STATUS_CHANGED = "workflow.status_changed", _("Status berubah")
    CREATED = "workflow.created", _("Dibuat")
    UPDATED = "workflow.updated", _("Diubah")
    PERSONAL_DATA_VIEWED = "personal_data.viewed", _("Data pribadi dibuka")
    EXPORTED = "data.exported", _("Data diekspor")
    API_TOKEN_CREATED = "api.token_created", _("Token API dibuat")
    API_TOKEN_REVOKED = "api.token_revoked", _("Token API dicabut")
    LOGIN_UNLOCKED = "auth.unlocked", _("Penahanan masuk dibuka")
    OTP_DEVICE_CONFIRMED = "auth.otp_confirmed", _("Verifikasi dua langkah diaktifkan")
    OTP_DEVICE_REMOVED = "auth.otp_removed", _("Verifikasi dua langkah dihapus")
    OTP_FAILED = "auth.otp_failed", _("Kode verifikasi dua langkah salah")
    RATE_LIMITED = "security.rate_limited", _("Permintaan dibatasi")
    USER_DEACTIVATED = "auth.user_deactivated", _("Pengguna dinonaktifkan")
    WORKER_CHECK = "pkwt.worker_check", _("Cek Kontrak Saya")
