"""Indonesian number formats shared by every form: phone numbers, NPWP, Rupiah."""

from __future__ import annotations

import re
import secrets

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.id import npwp as stdnum_npwp

# Letters and digits people do not confuse when reading or typing them (no 0/O, 1/I/L).
UNAMBIGUOUS_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def random_unambiguous(length: int) -> str:
    return "".join(secrets.choice(UNAMBIGUOUS_ALPHABET) for _ in range(length))


_PHONE_PUNCTUATION = re.compile(r"[\s\-().]")


def normalize_phone(value: str) -> str:
    """Return a mobile number as ``628…`` from ``08…``, ``+628…`` or ``628…``, or raise ``ValidationError``."""
    raw = _PHONE_PUNCTUATION.sub("", value or "")
    if raw.startswith("+"):
        raw = raw[1:]
    if raw.startswith("0"):
        raw = "62" + raw[1:]
    if not raw.isdigit() or not raw.startswith("628") or not 10 <= len(raw) <= 15:
        raise ValidationError(
            _("Nomor WhatsApp tidak valid. Tulis seperti 0812xxxxxxx, +62812xxxxxxx atau 62812xxxxxxx."),
            code="phone",
        )
    return raw


def normalize_npwp(value: str) -> str:
    """Validate an NPWP (15 digits, or 16 since 2024) with python-stdnum and return its digits."""
    try:
        return stdnum_npwp.validate(value or "")
    except StdnumError:
        raise ValidationError(
            _(
                "NPWP tidak valid. Tulis 15 digit (format lama) atau 16 digit (format baru), boleh dengan titik dan strip."
            ),
            code="npwp",
        ) from None


def format_npwp(digits: str) -> str:
    try:
        return stdnum_npwp.format(digits)
    except StdnumError:
        return digits


def format_number(value: int) -> str:
    """``60000`` → ``60.000`` (Indonesian thousands separator)."""
    return f"{int(value):,}".replace(",", ".")


def format_rupiah(amount: int | None) -> str:
    """``5558515`` → ``Rp 5.558.515``."""
    if amount is None:
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {format_number(abs(int(amount)))}"
