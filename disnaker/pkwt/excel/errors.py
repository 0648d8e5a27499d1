"""The file errors users read, and the column letters they name."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _


class FileError(Exception):
    """The file cannot be read at all. ``code`` is stable; the message is Indonesian."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message}


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: str) -> int:
    """A → 0, z → 25, AA → 26 (either case, as calamine reads references)."""
    value = 0
    for ch in letters.upper():
        value = value * 26 + (ord(ch) - 64)
    return value - 1


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _unreadable() -> FileError:
    return FileError(
        "unreadable",
        _(
            "Isi file tidak dapat dibaca. Simpan ulang dari Excel atau LibreOffice sebagai .xlsx atau .ods, lalu "
            "unggah lagi."
        ),
    )


def _parse_timeout() -> FileError:
    return FileError(
        "unreadable",
        _(
            "Berkas tidak dapat dibaca dalam batas waktu %(seconds)s detik. Salin hanya data pekerja ke template "
            "dari halaman ini (tanpa sheet, baris atau kolom lain), simpan sebagai .xlsx atau .ods, lalu unggah lagi."
        )
        % {"seconds": settings.PKWT_IMPORT_PARSE_TIMEOUT_SECONDS},
    )


def _parse_crashed() -> FileError:
    return FileError(
        "unreadable",
        _(
            "Berkas tidak dapat dibaca: membacanya memerlukan memori lebih dari batas %(mb)s MB, atau isinya "
            "rusak. Biasanya ini karena sheet berisi sangat banyak baris atau kolom kosong yang berformat. Salin "
            "hanya data pekerja ke template dari halaman ini, simpan sebagai .xlsx atau .ods, lalu unggah lagi."
        )
        % {"mb": settings.PKWT_IMPORT_PARSE_MAX_MEMORY_MB},
    )
