"""Writing workbooks: the template (Text columns, drop-downs, instructions) and the annotated report."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence

import xlsxwriter

from ..columns import COLUMNS, KEYS
from ._consts import DATA_SHEET, GUIDE_SHEET
from .reader import Sheet, _present

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
