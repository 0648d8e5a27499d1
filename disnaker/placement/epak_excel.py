"""Reading the list exported from e-pengantarkerja: an Excel with one row per PAK, a NIK column and a status
column (other columns are ignored). The header row is matched as in the PKWT import
(:func:`disnaker.core.headers.normalize_header`: case, spaces, ``_``, ``-`` and ``.`` do not matter).

The file is small by nature (one row per PAK of a region), so it is bounded before it is parsed: a size cap, a
real zip with few entries, a cap on the unpacked size read (streamed, not the sizes the zip claims), no macros;
then python-calamine reads the first sheet and at most :data:`MAX_ROWS` rows are used.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

from disnaker.core.headers import header_lookup, normalize_header

from .constants import EPAK_STATUS_TEXTS

MAX_BYTES = 2 * 2**20
MAX_UNPACKED = 30 * 2**20
MAX_ENTRIES = 200
MAX_ROWS = 5000

COLUMNS = {
    "nik": ("NIK", "No KTP", "Nomor KTP", "Nomor Induk Kependudukan", "NIK PAK"),
    "status": ("Status", "Status Registrasi", "Status Verifikasi", "Status e-pengantarkerja", "Status PAK"),
}
HEADER_LOOKUP = header_lookup(COLUMNS)
STATUS_LOOKUP = {
    normalize_header(text): status for status, texts in EPAK_STATUS_TEXTS.items() for text in texts
}


class EpakFileError(Exception):
    """The file as a whole cannot be used (not an Excel, no header, a column missing)."""


@dataclass
class EpakRow:
    row: int  # Excel row number
    nik: str
    status_text: str
    nik_column: str  # column letters, for the messages
    status_column: str


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _not_excel() -> EpakFileError:
    return EpakFileError(
        _(
            "Berkas bukan Excel (.xlsx) yang dapat dibaca. Unduh daftar PAK dari e-pengantarkerja sebagai Excel, "
            "lalu unggah berkas itu tanpa diubah formatnya."
        )  # fmt: skip
    )


def _check_zip(data: bytes) -> None:
    if len(data) > MAX_BYTES:
        raise EpakFileError(
            _("Berkas lebih dari 2 MB. Daftar status PAK dari e-pengantarkerja jauh lebih kecil.")
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _not_excel() from None
    if len(names) > MAX_ENTRIES or "[Content_Types].xml" not in names:
        raise _not_excel()
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise EpakFileError(_("Berkas berisi makro. Simpan sebagai Excel biasa (.xlsx) lalu unggah lagi."))
    unpacked = 0
    try:
        for info in archive.infolist():
            with archive.open(info) as part:
                while chunk := part.read(1 << 16):
                    unpacked += len(chunk)
                    if unpacked > MAX_UNPACKED:
                        raise EpakFileError(_("Isi berkas terlalu besar untuk daftar status PAK."))
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError):
        raise _not_excel() from None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a NIK typed as a number
    return str(value).strip()


def read_rows(data: bytes) -> list[EpakRow]:
    """The data rows under the header: NIK and status text, with their Excel row numbers (blank rows left
    out). Raises :class:`EpakFileError` for a file that cannot be used at all."""
    _check_zip(data)
    from python_calamine import CalamineWorkbook

    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False, nrows=MAX_ROWS + 20)
    except Exception:  # noqa: BLE001 - calamine raises its own errors for any unreadable workbook
        raise _not_excel() from None
    header_index = next((i for i, row in enumerate(rows) if any(_text(v) for v in row)), None)
    if header_index is None:
        raise EpakFileError(_("Sheet pertama kosong. Baris judul harus memuat kolom NIK dan Status."))
    columns: dict[str, int] = {}
    for position, value in enumerate(rows[header_index]):
        key = HEADER_LOOKUP.get(normalize_header(_text(value)))
        if key and key not in columns:
            columns[key] = position
    missing = [COLUMNS[key][0] for key in COLUMNS if key not in columns]
    if missing:
        raise EpakFileError(
            _(
                "Kolom %(cols)s tidak ditemukan di baris judul (baris %(row)d). Judul kolom yang dikenali: NIK dan "
                "Status (huruf besar/kecil, spasi dan garis bawah tidak berpengaruh)."
            )  # fmt: skip
            % {"cols": ", ".join(missing), "row": header_index + 1}
        )
    body = rows[header_index + 1 :]
    if len(body) > MAX_ROWS:
        raise EpakFileError(_("Berkas berisi lebih dari %(n)d baris data.") % {"n": MAX_ROWS})
    result = []
    for offset, row in enumerate(body):
        cells = [_text(row[columns[k]]) if columns[k] < len(row) else "" for k in ("nik", "status")]
        if any(cells):
            result.append(EpakRow(row=header_index + offset + 2, nik=cells[0], status_text=cells[1],
                                  nik_column=column_letter(columns["nik"]),
                                  status_column=column_letter(columns["status"])))  # fmt: skip
    if not result:
        raise EpakFileError(
            _("Berkas hanya berisi baris judul; belum ada baris PAK mulai baris %(row)d.")
            % {"row": header_index + 2}
        )
    return result
