"""Writing workbooks: the template (Text columns, drop-downs, instructions) and the annotated report."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence

import xlsxwriter
from django.utils import timezone

from ..columns import COLUMNS, Column
from ..template_guide import (
    CHOICE_COLUMNS,
    EXAMPLES_TITLE,
    GUIDE_HEADERS,
    NUMBER_CHECKS,
    SEED_KEYS,
    TITLE,
    choice_error,
    choice_prompt,
    choice_values,
    example_rows,
    examples_intro,
    guide_column_rows,
    intro_lines,
    short_title,
)
from ._consts import DATA_SHEET, GUIDE_SHEET
from .reader import Sheet, _present

# --- Writing -------------------------------------------------------------------------------------------

_TEXT_KINDS = {"nik", "bpjs"}
_DATE_KINDS = {"date"}
#: Columns formatted as Text besides NIK and BPJS: what is typed stays as typed (a leading 0, "jam").
_TEXT_FORMAT_KINDS = {"text", "sex", "choice"}
_WIDTHS = {
    "nik": 20, "nama_pegawai": 28, "jabatan": 22, "tempat_lahir": 16, "ket": 24, "tanggal_perjanjian": 16,
    "jenis_pkwt": 20, "dasar_pkwt": 20, "lingkup_pekerjaan": 32, "syarat_selesai": 32, "kewarganegaraan": 16,
    "no_rptka": 24,
}  # fmt: skip


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


def _column_format(column: Column, fmt):
    if column.kind in _TEXT_KINDS or column.kind in _TEXT_FORMAT_KINDS or column.key in CHOICE_COLUMNS:
        return fmt["text"]
    if column.kind in _DATE_KINDS:
        return fmt["date"]
    if column.kind == "money":
        return fmt["money"]
    return None


def _setup_data_sheet(workbook, sheet, fmt, *, rows: int, columns: Sequence[Column] = COLUMNS):
    """Headers, formats and checks of the data sheet for ``columns`` (by default all of the template's):
    the L/P drop-down, the drop-downs of the choice columns, date and whole-number checks."""
    for index, column in enumerate(columns):
        sheet.set_column(index, index, _WIDTHS.get(column.key, 14), _column_format(column, fmt))
        sheet.write_string(0, index, column.header, fmt["header"])
    sheet.freeze_panes(1, 0)
    last = max(rows, 1000)

    def check(index: int, options: dict) -> None:
        sheet.data_validation(1, index, last, index, options)

    for index, column in enumerate(columns):
        if column.key == "jenis_kelamin":
            check(
                index,
                {
                    "validate": "list",
                    "source": ["L", "P"],
                    "input_title": "Jenis kelamin",
                    "input_message": "L = laki-laki, P = perempuan",
                    "error_title": "Jenis kelamin",
                    "error_message": "Isi L atau P.",
                },
            )
        elif column.key in CHOICE_COLUMNS:
            title = short_title(column.label)
            check(
                index,
                {
                    "validate": "list",
                    "source": choice_values(column.key),
                    "input_title": title,
                    "input_message": choice_prompt(column.key),
                    # The validator also accepts the label ("Harian Lepas"): a warning lets the clerk keep it.
                    "error_type": "warning",
                    "error_title": title,
                    "error_message": choice_error(column.key),
                },
            )
        elif column.kind in _DATE_KINDS:
            check(
                index,
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
        elif column.key in NUMBER_CHECKS:
            number = NUMBER_CHECKS[column.key]
            options = {"validate": "integer", "error_title": short_title(number.title)}
            if number.maximum is None:
                options.update(criteria=">=", value=number.minimum)
            else:
                options.update(criteria="between", minimum=number.minimum, maximum=number.maximum)
            if column.key == "pkwt_ke":  # as the seed's template had it
                del options["error_title"]
            check(index, {**options, "error_message": number.message})


def _write_typed(sheet, row: int, col: int, column: Column, value, fmt) -> None:
    """``value`` in ``column``'s format (text stays text, a date is a date cell)."""
    if isinstance(value, str) and _column_format(column, fmt) is fmt["text"]:
        if value:
            sheet.write_string(row, col, value, fmt["text"])
    else:
        _write_cell(sheet, row, col, value, fmt)


def _write_guide(guide, fmt, *, start: datetime.date) -> None:
    """The instruction sheet: every column's meaning, example and choices, then one example row per kind of
    PKWT in the data sheet's column order."""
    for index, width in enumerate((26, 10, 80, 22, 44)):
        guide.set_column(index, index, width)
    guide.write(0, 0, TITLE, fmt["title"])
    intro = intro_lines(DATA_SHEET)
    guide.write(1, 0, intro[0])
    guide.write(2, 0, intro[1])
    for index, text in enumerate(GUIDE_HEADERS):
        guide.write(3, index, text, fmt["header"])
    offset = 4
    for offset, (header, required, help_text, example, choices) in enumerate(guide_column_rows(), start=4):
        guide.write_string(offset, 0, header, fmt["bold"])
        guide.write_string(offset, 1, required)
        guide.write_string(offset, 2, help_text, fmt["wrap"])
        guide.write_string(offset, 3, example, fmt["text"])
        if choices:
            guide.write_string(offset, 4, choices, fmt["wrap"])
    top = offset + 2
    guide.write(top, 0, EXAMPLES_TITLE, fmt["title"])
    guide.write(top + 1, 0, examples_intro(DATA_SHEET))
    for index, column in enumerate(COLUMNS):
        guide.write_string(top + 2, index, column.header, fmt["header"])
    for row_offset, values in enumerate(example_rows(start), start=top + 3):
        for index, (column, value) in enumerate(zip(COLUMNS, values, strict=True)):
            _write_typed(guide, row_offset, index, column, value, fmt)


def build_template(*, today: datetime.date | None = None) -> bytes:
    """The Excel template: the data sheet (the seed's 13 columns first, then the optional ones; Text columns,
    date cells, drop-downs for jenis kelamin, jenis_pkwt, dasar_pkwt and satuan_upah) and an instruction
    sheet with each column's meaning, an example and its choices, and an example row per kind of PKWT
    (contracts starting ``today``, by default the local date)."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    fmt = _formats(workbook)
    data = workbook.add_worksheet(DATA_SHEET)
    _setup_data_sheet(workbook, data, fmt, rows=5000)
    guide = workbook.add_worksheet(GUIDE_SHEET)
    _write_guide(guide, fmt, start=today or timezone.localdate())
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


def _used(sheet: Sheet, key: str) -> bool:
    """Whether any data row of ``sheet`` has a value in column ``key``."""
    position = sheet.columns.get(key)
    if position is None:
        return False
    return any(position < len(values) and _present(values[position]) for values in sheet.rows)


def build_annotated(sheet: Sheet, findings: Sequence[dict]) -> bytes:
    """The uploaded rows in the template's columns, with a 'temuan' column of findings next to each row;
    rows with errors are red and rows with only warnings are yellow. The columns are the seed's 13 and the
    optional ones the upload fills in, so the copy of a file with only the seed's columns looks as it did."""
    by_row: dict[int, list[dict]] = {}
    for finding in findings:
        if finding.get("row"):
            by_row.setdefault(finding["row"], []).append(finding)
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    fmt = _formats(workbook)
    data = workbook.add_worksheet(DATA_SHEET)
    columns = [c for c in COLUMNS if c.key in SEED_KEYS or _used(sheet, c.key)]
    _setup_data_sheet(workbook, data, fmt, rows=len(sheet.rows), columns=columns)
    note_col = len(columns)
    data.set_column(note_col, note_col, 70, fmt["wrap"])
    data.write_string(0, note_col, "temuan", fmt["header"])
    positions = [(index, sheet.columns.get(column.key)) for index, column in enumerate(columns)]
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
    # Given headers (e.g. the seed's 13) replace the template's: only as many columns are laid out.
    _setup_data_sheet(
        workbook, sheet, fmt, rows=0, columns=COLUMNS if headers is None else COLUMNS[: len(headers)]
    )
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
