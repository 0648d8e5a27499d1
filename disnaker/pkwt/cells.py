"""Cell parsers of the PKWT worker list: dates (Excel dates, serial numbers, Indonesian text), sex codes,
Rupiah wages, whole numbers and the text of a cell (a NIK typed as a number included). None of them may
raise anything but :class:`CellError`, whatever the cell holds; :mod:`disnaker.pkwt.rules` calls them from
its one pass over the rows."""

from __future__ import annotations

import datetime
import re

# Messages are Indonesian source text, marked for extraction but not looked up per finding (the hot loop).
from django.utils.translation import gettext_noop as _

_MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "pebruari": 2, "feb": 2, "peb": 2, "maret": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "agustus": 8, "agu": 8,
    "agt": 8, "agus": 8, "ags": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10,
    "november": 11, "nopember": 11, "nov": 11, "nop": 11, "desember": 12, "des": 12,
}  # fmt: skip
_DMY = re.compile(r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_D_MONTH_Y = re.compile(r"^(\d{1,2})[\s\-]+([a-z]+)\.?[\s\-]+(\d{4})$")
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_SEX = {
    "l": "L", "lk": "L", "laki-laki": "L", "laki laki": "L", "lakilaki": "L", "laki": "L", "pria": "L",
    "p": "P", "pr": "P", "perempuan": "P", "wanita": "P",
}  # fmt: skip
_ID_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_EN_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_PLAIN_COMMA = re.compile(r"^\d+(?:,\d{1,2})?$")
_PLAIN_DOT = re.compile(r"^\d+(?:\.\d{1,2})?$")
_DIGITS_ONLY = re.compile(r"[\s.\-]")
_INT = re.compile(r"^-?[0-9]{1,9}$")


def _blank(value) -> bool:
    return value is None or value == "" or (type(value) is str and not value.strip())


class CellError(ValueError):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def parse_date(value) -> datetime.date | None:
    """A date from an Excel date cell, a serial number or text; ``None`` for an empty cell."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool):
        raise CellError("date_format", _("bukan tanggal"))
    if isinstance(value, int | float):
        if 1 <= value < 2958466 and float(value).is_integer():
            return _EXCEL_EPOCH + datetime.timedelta(days=int(value))
        raise CellError("date_format", _("angka %(v)s bukan tanggal") % {"v": value})
    text = str(value).strip().lower()
    if not text:
        return None
    try:
        if match := _DMY.match(text):
            day, month, year = (int(g) for g in match.groups())
            return datetime.date(year, month, day)
        if match := _YMD.match(text):
            year, month, day = (int(g) for g in match.groups())
            return datetime.date(year, month, day)
        if (match := _D_MONTH_Y.match(text)) and match.group(2) in _MONTHS:
            return datetime.date(int(match.group(3)), _MONTHS[match.group(2)], int(match.group(1)))
    except ValueError:
        raise CellError(
            "date_invalid", _("tanggal '%(v)s' tidak ada di kalender") % {"v": str(value)[:40]}
        ) from None
    raise CellError(
        "date_format",
        _("'%(v)s' tidak dikenali sebagai tanggal (gunakan dd/mm/yyyy, yyyy-mm-dd atau '10 Oktober 2023')")
        % {"v": str(value)[:40]},
    )


def parse_money(value) -> int | None:
    """Rupiah as an integer from a number or text like ``Rp 5.558.515`` / ``5.558.515,00``."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise CellError("upah_format", _("bukan angka"))
    if isinstance(value, int | float):
        if value != value or value in (float("inf"), float("-inf")):  # NaN / infinity
            raise CellError("upah_format", _("bukan angka"))
        return round(value)
    text = str(value).strip().lower().replace("rp", "").replace(" ", "").replace("\u00a0", "")
    if text.endswith(",-"):
        text = text[:-2]
    if not text:
        return None
    try:  # a long run of digits overflows the float ('1' * 400 is infinity)
        if _ID_THOUSANDS.match(text):
            whole, _sep, frac = text.partition(",")
            return round(float(whole.replace(".", "") + "." + (frac or "0")))
        if _EN_THOUSANDS.match(text):
            return round(float(text.replace(",", "")))
        if _PLAIN_COMMA.match(text):
            return round(float(text.replace(",", ".")))
        if _PLAIN_DOT.match(text):
            return round(float(text))
    except (OverflowError, ValueError):
        pass
    raise CellError(
        "upah_format",
        _("'%(v)s' bukan nilai upah (tulis angka, misalnya 5558515 atau Rp 5.558.515)")
        % {"v": str(value)[:40]},
    )


def parse_int(value) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise CellError("pkwt_ke_format", _("bukan bilangan bulat"))
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise CellError("pkwt_ke_format", _("%(v)s bukan bilangan bulat") % {"v": value})
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if not text:
        return None
    if _INT.match(text):
        return int(text)
    raise CellError("pkwt_ke_format", _("'%(v)s' bukan bilangan bulat") % {"v": text[:40]})


def text_of(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()
