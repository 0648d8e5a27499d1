"""Decree numbers, Indonesian dates, numbers in words and NIPs: pure functions, no database."""

from __future__ import annotations

import datetime
import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
             "Oktober", "November", "Desember")  # fmt: skip
#: Placeholders a number pattern may use.
PLACEHOLDERS = frozenset({"seq", "roman_month", "month", "year"})


def roman_month(month: int) -> str:
    """``1`` → ``I`` … ``12`` → ``XII`` (the month as Indonesian letter numbers write it)."""
    return ROMAN_MONTHS[month - 1]


def validate_number_pattern(pattern: str) -> None:
    """Refuse a pattern with unknown placeholders, bad braces, or without ``{seq}`` and ``{year}``.

    ``{year}`` is required because the counter starts again at 1 every year: without it, the first decree
    of next year would repeat this year's number."""
    try:
        fields = {name for _text, name, _spec, _conv in string.Formatter().parse(pattern) if name is not None}
    except ValueError:
        raise ValidationError(
            _("Pola nomor tidak valid: periksa tanda kurung kurawal { }."), code="pattern"
        ) from None
    unknown = sorted(fields - PLACEHOLDERS)
    if unknown:
        raise ValidationError(
            _("Pola nomor memakai isian yang tidak dikenal: %(names)s. Isian yang tersedia: %(known)s.")
            % {
                "names": ", ".join("{" + name + "}" for name in unknown),
                "known": "{seq} {roman_month} {month} {year}",
            },
            code="pattern",
        )
    missing = sorted({"seq", "year"} - fields)
    if missing:
        raise ValidationError(
            _("Pola nomor wajib memuat %(names)s.") % {"names": " dan ".join("{" + n + "}" for n in missing)},
            code="pattern",
        )
    try:
        format_number(pattern, sequence=1, day=datetime.date(2000, 1, 1))
    except (ValueError, TypeError, KeyError):
        raise ValidationError(
            _("Pola nomor tidak dapat dipakai: periksa format isiannya."), code="pattern"
        ) from None


def format_number(pattern: str, *, sequence: int, day: datetime.date) -> str:
    """``500.15/{seq}/PKWT/Disnaker/{roman_month}/{year}`` → ``500.15/7/PKWT/Disnaker/III/2026``.

    Format specs work on the numbers: ``{seq:03d}`` → ``007``, ``{month:02d}`` → ``03``."""
    return pattern.format_map(
        {"seq": sequence, "roman_month": roman_month(day.month), "month": day.month, "year": day.year}
    )


def date_id(day: datetime.date) -> str:
    """``5 Januari 2026``: independent of the active locale."""
    return f"{day.day} {MONTHS_ID[day.month - 1]} {day.year}"


_ONES = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh",
         "sebelas")  # fmt: skip


def terbilang(number: int) -> str:
    """A non-negative integer in Indonesian words, as letters write counts: ``120`` → ``seratus dua puluh``."""
    if number < 0:
        raise ValueError("terbilang() menerima bilangan bulat tidak negatif.")
    if number == 0:
        return "nol"
    return _words(number).strip()


def _words(n: int) -> str:
    if n < 12:
        return _ONES[n]
    if n < 20:
        return f"{_ONES[n - 10]} belas"
    if n < 100:
        return f"{_ONES[n // 10]} puluh {_words(n % 10)}".strip()
    if n < 200:
        return f"seratus {_words(n - 100)}".strip()
    if n < 1000:
        return f"{_ONES[n // 100]} ratus {_words(n % 100)}".strip()
    if n < 2000:
        return f"seribu {_words(n - 1000)}".strip()
    for size, name in ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (10**3, "ribu")):
        if n >= size:
            return f"{_words(n // size)} {name} {_words(n % size)}".strip()
    raise AssertionError("unreachable")  # pragma: no cover


def validate_nip(value: str) -> None:
    """A civil servant's NIP (PP 11/2017 format): 18 digits = birth date YYYYMMDD + appointment YYYYMM +
    sex (1 man, 2 woman) + serial (3 digits)."""
    if len(value) != 18 or not (value.isascii() and value.isdigit()):
        raise ValidationError(_("NIP harus 18 digit angka, tanpa spasi."), code="nip_format")
    try:
        datetime.date(int(value[0:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        raise ValidationError(
            _("Digit 1–8 NIP harus tanggal lahir yang mungkin (TTTTBBHH)."), code="nip_birth_date"
        ) from None
    if not 1 <= int(value[12:14]) <= 12:
        raise ValidationError(_("Digit 13–14 NIP harus bulan pengangkatan (01–12)."), code="nip_month")
    if value[14] not in "12":
        raise ValidationError(_("Digit 15 NIP harus 1 (laki-laki) atau 2 (perempuan)."), code="nip_sex")


def format_nip(value: str) -> str:
    """``197001011995031001`` → ``19700101 199503 1 001`` (the way NIPs are printed)."""
    if len(value) != 18:
        return value
    return f"{value[:8]} {value[8:14]} {value[14]} {value[15:]}"
