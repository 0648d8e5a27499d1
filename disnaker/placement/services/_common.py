"""Helpers the placement services share: note checks, code and NIK validation, e-mail, the kab/kota office."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from disnaker.core.models import Office
from disnaker.core.nik import NikError, nik_parse
from disnaker.notifications.services import outbox_enqueue

from ..constants import InstitutionType

# --- Shared ----------------------------------------------------------------------------------------------


def _required(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(message, code="note_required")
    return text


def institution_types_allowed() -> list[str]:
    """Who may form a BKK: SMK, universities and LPK; SMA/MA only where ``BKK_ALLOW_GENERAL_SECONDARY`` is on."""
    from django.conf import settings

    allowed = [InstitutionType.SMK, InstitutionType.UNIVERSITY, InstitutionType.LPK]
    if settings.BKK_ALLOW_GENERAL_SECONDARY:
        allowed.append(InstitutionType.SMA)
    return [str(t) for t in allowed]


def validate_institution_type(value: str) -> str:
    if value not in institution_types_allowed():
        raise ValidationError(
            _("Kantor ini hanya menerima BKK dari SMK, perguruan tinggi, dan LPK."), code="institution_type"
        )
    return value


def validate_npsn(institution_type: str, code: str) -> str:
    """NPSN is 8 digits (schools). Universities and LPK use their own code: 3–20 letters or digits."""
    code = (code or "").strip().upper().replace(" ", "")
    if institution_type in (InstitutionType.SMK, InstitutionType.SMA):
        if len(code) != 8 or not (code.isascii() and code.isdigit()):
            raise ValidationError(_("NPSN harus 8 digit angka, misalnya 20223456."), code="npsn_format")
    elif not (3 <= len(code) <= 20 and code.isascii() and code.replace("-", "").replace(".", "").isalnum()):
        raise ValidationError(
            _(
                "Kode lembaga harus 3–20 huruf atau angka (kode PDDikti untuk perguruan tinggi, nomor izin untuk LPK)."
            ),
            code="institution_code_format",
        )
    return code


def validate_candidate_nik(value: str) -> str:
    """The PKWT rules for a NIK: 16 digits, a known province, a possible birth date, serial not 0000."""
    text = "".join(ch for ch in str(value or "") if not ch.isspace())
    try:
        nik_parse(text)
    except NikError as exc:
        raise ValidationError(str(exc), code=exc.code) from None
    return text


def _email(to: str, subject: str, template: str, **context) -> None:
    outbox_enqueue(to=to, subject=subject, template=template, context=context)


def regency_office_for(region) -> Office:
    office = Office.objects.filter(region=region, level="regency").first()
    if office is None:
        raise ValidationError(
            _("Disnaker %(region)s belum memakai layanan ini.") % {"region": region}, code="no_office"
        )
    return office
