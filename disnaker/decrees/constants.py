from django.db import models
from django.utils.translation import gettext_lazy as _


class DecreeKind(models.TextChoices):
    """What a decree is about. Each kind has its own gapless counter and number pattern."""

    PKWT_REGISTRATION = "pkwt_registration", _("SK Pencatatan PKWT")
    BKK_REGISTRATION = "bkk_registration", _("Tanda Daftar BKK")
    PAK_APPOINTMENT = "pak_appointment", _("SK Penetapan Petugas Antar Kerja")
    PROVINCE_REPORT = "province_report", _("Surat Laporan PAK ke Provinsi")
    TRAINING_CERTIFICATE = "training_certificate", _("Sertifikat Bimtek PAK")


class DecreeStatus(models.TextChoices):
    VALID = "valid", _("Sah")
    REVOKED = "revoked", _("Dicabut")


class SignerBackend(models.TextChoices):
    """Who signs an office's decrees (``decrees.signing``)."""

    PKCS12 = "pkcs12", _("Sertifikat PKCS#12 di server")
    BSRE = "bsre", _("BSrE melalui esign-client (TTE tersertifikasi)")
