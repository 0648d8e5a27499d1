from django.db import models
from django.utils.translation import gettext_lazy as _


class DecreeKind(models.TextChoices):
    """What a decree is about. Each kind has its own gapless counter and number pattern."""

    PKWT_REGISTRATION = "pkwt_registration", _("SK Pencatatan PKWT")


class DecreeStatus(models.TextChoices):
    VALID = "valid", _("Sah")
    REVOKED = "revoked", _("Dicabut")


#: The DecreeSettings field holding each kind's number pattern.
NUMBER_PATTERN_FIELDS = {DecreeKind.PKWT_REGISTRATION: "number_pattern_pkwt"}

DEFAULT_PKWT_NUMBER_PATTERN = "500.15/{seq}/PKWT/Disnaker/{roman_month}/{year}"
