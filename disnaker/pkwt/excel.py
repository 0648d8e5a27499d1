"""Reading and writing the worker Excel.

Reading is bounded. Before any parser sees the file, :func:`inspect_xlsx` checks that it is a zip, caps
the number of entries and the *actually* unpacked size (streamed, so a lying header cannot fool it), and
scans every worksheet's XML for the furthest row and column. Only then does python-calamine (the fastest
reader measured in ``bench/pkwt_import.py``) load the sheet: it materialises the whole used range, so a
single cell at ``XFD1048576`` would otherwise make it allocate billions of cells.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import python_calamine
import xlsxwriter
from django.conf import settings
from django.utils.translation import gettext as _

from .columns import COLUMNS, HEADER_LOOKUP, KEYS, normalize_header

DATA_SHEET = "Data Pekerja"
GUIDE_SHEET = "Petunjuk"

_REF = re.compile(rb"([A-Z]*)(\d+)")
_CHUNK = 1 << 20


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
    value = 0
    for ch in letters:
        value = value * 26 + (ord(ch) - 64)
    return value - 1


@dataclass(frozen=True)
class Extent:
    max_row: int
    max_column: int
    unpacked_bytes: int


def inspect_xlsx(data: bytes) -> Extent:
    """Refuse what is not a sane .xlsx, cheaply and before parsing; return the sheets' extent."""
    if len(data) > settings.PKWT_IMPORT_MAX_FILE_BYTES:
        raise FileError(
            "file_too_large",
            _("File terlalu besar (%(size)d MB). Batasnya %(limit)d MB.")
            % {"size": len(data) // 2**20, "limit": settings.PKWT_IMPORT_MAX_FILE_BYTES // 2**20},
        )
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise FileError(
            "not_xlsx_legacy",
            _(
                "File ini berformat Excel lama (.xls) atau dilindungi kata sandi. Buka di Excel, hapus kata sandinya "
                "bila ada, lalu simpan sebagai 'Excel Workbook (.xlsx)' dan unggah lagi."
            ),
        )
    if data[:4] != b"PK\x03\x04":
        raise FileError(
            "not_xlsx",
            _(
                "File ini bukan file Excel (.xlsx). Unduh template Excel dari halaman ini, isi data pekerja, "
                "lalu simpan sebagai .xlsx."
            ),
        )
    corrupt = FileError(
        "corrupt_zip",
        _(
            "File Excel rusak atau tidak lengkap dan tidak dapat dibuka. Simpan ulang file dari Excel lalu unggah lagi."
        ),
    )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, NotImplementedError):
        # NotImplementedError: a damaged header claiming a zip version Python cannot read.
        raise corrupt from None
    if len(entries) > settings.PKWT_IMPORT_MAX_ZIP_ENTRIES:
        raise FileError(
            "zip_entries",
            _("File berisi terlalu banyak bagian (%(n)d). File Excel biasa berisi kurang dari 100.")
            % {"n": len(entries)},
        )
    bomb = FileError(
        "zip_bomb",
        _(
            "Isi file jika dibuka melebihi %(limit)d MB, jauh di atas ukuran wajar daftar pekerja. File ditolak "
            "demi keamanan; periksa apakah ada sheet atau gambar yang tidak perlu."
        )
        % {"limit": settings.PKWT_IMPORT_MAX_UNPACKED_BYTES // 2**20},
    )
    limit = settings.PKWT_IMPORT_MAX_UNPACKED_BYTES
    if sum(e.file_size for e in entries) > limit:
        raise bomb
    names = {e.filename for e in entries}
    if "xl/workbook.xml" not in names:
        raise FileError(
            "not_xlsx",
            _("File ini arsip zip, bukan workbook Excel (.xlsx). Unggah file dari template Excel."),
        )
    cap = settings.PKWT_IMPORT_MAX_ROWS + 1
    # Only references that could break a limit match, so a normal sheet yields almost none: columns of two
    # or more letters (AA…), and rows with at least as many digits as the row cap. A literal prefix keeps
    # the scan at about 1 ms per MB.
    suspicious_ref = re.compile(rb'r="([A-Z]{2,}\d+|[A-Z]{0,3}[1-9]\d{%d,})"' % (len(str(cap)) - 1))
    total = 0
    max_row = 0
    max_col = 0
    try:
        for entry in entries:
            is_sheet = entry.filename.startswith("xl/worksheets/") and entry.filename.endswith(".xml")
            rows_seen = 0
            with archive.open(entry) as stream:
                tail = b""
                while True:
                    chunk = stream.read(_CHUNK)
                    if not chunk:
                        break
                    total += len(chunk)
                    if total > limit:
                        raise bomb
                    if not is_sheet:
                        continue
                    buffer = tail + chunk
                    # The tail overlaps the previous chunk so a reference cut in two is seen whole; seeing one
                    # twice does not change a maximum.
                    for ref in suspicious_ref.findall(buffer):
                        letters, digits = _REF.fullmatch(ref).groups()
                        max_row = max(max_row, int(digits))
                        if letters:
                            max_col = max(max_col, column_index(letters.decode()))
                    rows_seen += buffer.count(b"<row", len(tail) - 3 if tail else 0)
                    tail = buffer[-32:]
            max_row = max(max_row, rows_seen)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError):
        # zlib.error: damaged deflate data; RuntimeError: an entry flagged as encrypted.
        raise corrupt from None
    if max_col >= settings.PKWT_IMPORT_MAX_COLUMNS:
        raise FileError(
            "sheet_too_wide",
            _(
                "Sheet berisi sel di kolom %(col)s, jauh di luar kolom template (A–M). Hapus kolom-kolom kosong "
                "di kanan data (pilih kolom, klik kanan, Delete), simpan, lalu unggah lagi."
            )
            % {"col": column_letter(max_col)},
        )
    if max_row > cap:
        raise FileError(
            "too_many_rows",
            _(
                "Sheet berisi sampai baris %(row)s, melebihi batas %(cap)s baris data per file. Bagi data menjadi "
                "beberapa permohonan, atau hapus baris-baris kosong di bawah data (termasuk sel yang hanya "
                "berformat)."
            )
            % {"row": f"{max_row:,}".replace(",", "."), "cap": f"{cap - 1:,}".replace(",", ".")},
        )
    return Extent(max_row=max_row, max_column=max_col, unpacked_bytes=total)


@dataclass
class Sheet:
    """The data sheet: which canonical column sits at which position, and its rows as Python values."""

    columns: dict[str, int]
    header_row: int  # Excel row number of the header
    rows: list[list]
    extra_headers: list[str]


def _choose_sheet(workbook) -> object:
    names = workbook.sheet_names
    for wanted in (DATA_SHEET,):
        for name in names:
            if name.strip().lower() == wanted.lower():
                return workbook.get_sheet_by_name(name)
    for name in names:
        if name.strip().lower() != GUIDE_SHEET.lower():
            return workbook.get_sheet_by_name(name)
    return workbook.get_sheet_by_index(0)


def read_sheet(data: bytes) -> Sheet:
    """Inspect, then parse the data sheet; raise :class:`FileError` for a file that cannot be used."""
    inspect_xlsx(data)
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = _choose_sheet(workbook)
        # Without skipping the empty area the rows start at A1, whatever sheet.start says.
        rows = sheet.to_python(skip_empty_area=False)
    except python_calamine.PasswordError:
        raise FileError(
            "password", _("File dilindungi kata sandi. Hapus kata sandinya di Excel lalu unggah lagi.")
        ) from None
    except Exception:  # noqa: BLE001 - any parser failure on a hostile file is a file-level error
        raise FileError(
            "unreadable",
            _("Isi file Excel tidak dapat dibaca. Simpan ulang sebagai .xlsx dari Excel lalu unggah lagi."),
        ) from None
    # Skip blank rows above the header.
    header_index = 0
    while header_index < len(rows) and not any(_present(v) for v in rows[header_index]):
        header_index += 1
    if header_index >= len(rows):
        raise FileError("empty", _("Sheet data pekerja kosong. Isi data mulai baris 2 di bawah judul kolom."))
    columns: dict[str, int] = {}
    extra: list[str] = []
    for position, value in enumerate(rows[header_index]):
        if not _present(value):
            continue
        key = HEADER_LOOKUP.get(normalize_header(value))
        if key and key not in columns:
            columns[key] = position
        elif not key:
            extra.append(str(value))
    missing = [c.header for c in COLUMNS if c.required and c.key not in columns]
    if missing:
        raise FileError(
            "missing_columns",
            _(
                "Kolom wajib tidak ditemukan di baris judul: %(cols)s. Gunakan template Excel dari halaman ini; "
                "judul kolom harus sama (huruf besar/kecil, spasi dan garis bawah tidak berpengaruh)."
            )
            % {"cols": ", ".join(missing)},
        )
    return Sheet(
        columns=columns,
        header_row=header_index + 1,
        rows=rows[header_index + 1 :],
        extra_headers=extra,
    )


def _present(value) -> bool:
    return not (value is None or value == "" or (isinstance(value, str) and not value.strip()))


# --- Writing -------------------------------------------------------------------------------------------

_TEXT_KINDS = {"nik", "bpjs"}
_DATE_KINDS = {"date"}


def _formats(workbook):
    return {
        "header": workbook.add_format(
            {"bold": True, "bg_color": "#1F4E79", "font_color": "#FFFFFF", "border": 1, "text_wrap": True}
        ),
        "text": workbook.add_format({"num_format": "@"}),
        "date": workbook.add_format({"num_format": "dd/mm/yyyy"}),
        "money": workbook.add_format({"num_format": "#,##0"}),
        "wrap": workbook.add_format({"text_wrap": True, "valign": "top"}),
        "bold": workbook.add_format({"bold": True}),
        "title": workbook.add_format({"bold": True, "font_size": 14}),
        "error": workbook.add_format({"bg_color": "#F8D7DA", "text_wrap": True, "valign": "top"}),
        "warning": workbook.add_format({"bg_color": "#FFF3CD", "text_wrap": True, "valign": "top"}),
    }


def _setup_data_sheet(workbook, sheet, fmt, *, rows: int):
    widths = {"nik": 20, "nama_pegawai": 28, "jabatan": 22, "tempat_lahir": 16, "ket": 24}
    for index, column in enumerate(COLUMNS):
        cell_format = fmt["text"] if column.kind in _TEXT_KINDS or column.kind in {"text", "sex"} else None
        if column.kind in _DATE_KINDS:
            cell_format = fmt["date"]
        elif column.kind == "money":
            cell_format = fmt["money"]
        sheet.set_column(index, index, widths.get(column.key, 14), cell_format)
        sheet.write_string(0, index, column.header, fmt["header"])
    sheet.freeze_panes(1, 0)
    last = max(rows, 1000)
    sex_col = KEYS.index("jenis_kelamin")
    sheet.data_validation(
        1,
        sex_col,
        last,
        sex_col,
        {
            "validate": "list",
            "source": ["L", "P"],
            "input_title": "Jenis kelamin",
            "input_message": "L = laki-laki, P = perempuan",
            "error_title": "Jenis kelamin",
            "error_message": "Isi L atau P.",
        },
    )
    for key in ("tgl_lahir", "awal_kontrak", "akhir_kontrak"):
        col = KEYS.index(key)
        sheet.data_validation(
            1,
            col,
            last,
            col,
            {
                "validate": "date",
                "criteria": "between",
                "minimum": datetime.date(1900, 1, 1),
                "maximum": datetime.date(2100, 12, 31),
                "error_type": "warning",
                "error_title": "Tanggal",
                "error_message": "Isi tanggal, misalnya 05/01/2026.",
            },
        )
    seq_col = KEYS.index("pkwt_ke")
    sheet.data_validation(
        1,
        seq_col,
        last,
        seq_col,
        {
            "validate": "integer",
            "criteria": ">=",
            "value": 1,
            "error_message": "PKWT ke: bilangan bulat mulai 1.",
        },
    )


def build_template() -> bytes:
    """The Excel template: the data sheet (text NIK/BPJS columns, date cells, an L/P drop-down) and an
    instruction sheet with each column's meaning and an example."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    fmt = _formats(workbook)
    data = workbook.add_worksheet(DATA_SHEET)
    _setup_data_sheet(workbook, data, fmt, rows=5000)
    guide = workbook.add_worksheet(GUIDE_SHEET)
    guide.set_column(0, 0, 26)
    guide.set_column(1, 1, 10)
    guide.set_column(2, 2, 80)
    guide.set_column(3, 3, 22)
    guide.write(0, 0, "Petunjuk pengisian daftar pekerja PKWT", fmt["title"])
    guide.write(
        1,
        0,
        f"Isi sheet '{DATA_SHEET}' mulai baris 2, satu baris per pekerja. Jangan mengubah judul kolom di baris 1.",
    )
    for index, text in enumerate(("Kolom", "Wajib", "Penjelasan", "Contoh")):
        guide.write(3, index, text, fmt["header"])
    for offset, column in enumerate(COLUMNS, start=4):
        guide.write_string(offset, 0, column.header, fmt["bold"])
        guide.write_string(offset, 1, "Ya" if column.required else "Tidak")
        guide.write_string(offset, 2, column.help, fmt["wrap"])
        guide.write_string(offset, 3, column.example, fmt["text"])
    workbook.close()
    return output.getvalue()


def _write_cell(sheet, row: int, col: int, value, fmt):
    if value is None or value == "":
        return
    if isinstance(value, datetime.datetime):
        sheet.write_datetime(row, col, value, fmt["date"])
    elif isinstance(value, datetime.date):
        sheet.write_datetime(row, col, datetime.datetime(value.year, value.month, value.day), fmt["date"])
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value)
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value)
    else:
        # write_string never interprets '=' as a formula; the text stays as the user typed it.
        sheet.write_string(row, col, str(value)[:32767])


def build_annotated(sheet: Sheet, findings: Sequence[dict]) -> bytes:
    """The uploaded rows in the template's columns, with a 'temuan' column of findings next to each row;
    rows with errors are red and rows with only warnings are yellow."""
    by_row: dict[int, list[dict]] = {}
    for finding in findings:
        if finding.get("row"):
            by_row.setdefault(finding["row"], []).append(finding)
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    fmt = _formats(workbook)
    data = workbook.add_worksheet(DATA_SHEET)
    _setup_data_sheet(workbook, data, fmt, rows=len(sheet.rows))
    note_col = len(COLUMNS)
    data.set_column(note_col, note_col, 70, fmt["wrap"])
    data.write_string(0, note_col, "temuan", fmt["header"])
    positions = [(index, sheet.columns.get(column.key)) for index, column in enumerate(COLUMNS)]
    out_row = 0
    for offset, values in enumerate(sheet.rows):
        excel_row = sheet.header_row + 1 + offset
        if not any(_present(v) for v in values):
            continue
        out_row += 1
        for index, position in positions:
            if position is not None and position < len(values):
                _write_cell(data, out_row, index, values[position], fmt)
        notes = by_row.get(excel_row)
        if notes:
            severity = "error" if any(n["severity"] == "error" for n in notes) else "warning"
            text = "\n".join(
                f"[{'GALAT' if n['severity'] == 'error' else 'PERINGATAN'}] {n['column']}: {n['message']}"
                for n in notes
            )
            data.write_string(out_row, note_col, f"Baris {excel_row}: {text}", fmt[severity])
    workbook.close()
    return output.getvalue()


def write_rows(path_or_buffer, rows: Iterable[Sequence], *, headers: Sequence[str] | None = None) -> None:
    """Write rows in the template's layout (used by the test-data generator and the benchmark)."""
    workbook = xlsxwriter.Workbook(path_or_buffer, {"constant_memory": True, "in_memory": False})
    fmt = _formats(workbook)
    sheet = workbook.add_worksheet(DATA_SHEET)
    _setup_data_sheet(workbook, sheet, fmt, rows=0)
    if headers is not None:
        for index, header in enumerate(headers):
            sheet.write_string(0, index, header, fmt["header"])
    for row_index, values in enumerate(rows, start=1):
        for col, value in enumerate(values):
            if isinstance(value, str) and col < len(COLUMNS) and COLUMNS[col].kind in _TEXT_KINDS:
                sheet.write_string(row_index, col, value, fmt["text"])
            else:
                _write_cell(sheet, row_index, col, value, fmt)
    workbook.close()
