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


#: The DecreeSettings field holding each kind's number pattern.
NUMBER_PATTERN_FIELDS = {
    DecreeKind.PKWT_REGISTRATION: "number_pattern_pkwt",
    DecreeKind.BKK_REGISTRATION: "number_pattern_bkk",
    DecreeKind.PAK_APPOINTMENT: "number_pattern_pak",
    DecreeKind.PROVINCE_REPORT: "number_pattern_report",
    DecreeKind.TRAINING_CERTIFICATE: "number_pattern_certificate",
}

DEFAULT_PKWT_NUMBER_PATTERN = "500.15/{seq}/PKWT/Disnaker/{roman_month}/{year}"
DEFAULT_BKK_NUMBER_PATTERN = "500.15/{seq}/BKK/Disnaker/{roman_month}/{year}"
DEFAULT_PAK_NUMBER_PATTERN = "500.15/{seq}/PAK/Disnaker/{roman_month}/{year}"
DEFAULT_REPORT_NUMBER_PATTERN = "500.15/{seq}/LAP-PAK/Disnaker/{roman_month}/{year}"
DEFAULT_CERTIFICATE_NUMBER_PATTERN = "500.15/{seq}/SERT-PAK/Disnaker/{roman_month}/{year}"
