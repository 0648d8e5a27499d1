"""The worker list as an OpenDocument spreadsheet (.ods, LibreOffice Calc's own format), written with odfpy.

The template has what the ``.xlsx`` one has: the data sheet with Text-formatted NIK/BPJS/name columns, date
and money formats, the L/P drop-down, the drop-downs of jenis_pkwt, dasar_pkwt and satuan_upah, and the date
and whole-number checks (ODF content validations), and the instruction sheet with an example row per kind of
PKWT (``template_guide``). :func:`write_rows` writes rows in the same layout (the sample command and the benchmark).
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape, quoteattr

from django.utils import timezone
from odf import number, style, table, text
from odf.opendocument import OpenDocumentSpreadsheet

from .columns import COLUMNS, Column
from .template_guide import (
    CHOICE_COLUMNS,
    EXAMPLES_TITLE,
    GUIDE_HEADERS,
    NUMBER_CHECKS,
    TITLE,
    choice_error,
    choice_prompt,
    choice_values,
    example_rows,
    examples_intro,
    guide_column_rows,
    intro_lines,
)

DATA_SHEET = "Data Pekerja"
GUIDE_SHEET = "Petunjuk"
TEMPLATE_ROWS = 1000  # rows under the header that carry the drop-down and the checks, as in the .xlsx

_TEXT_KINDS = {"nik", "bpjs", "text", "sex", "choice"}
_WIDTHS_CM = {
    "nik": 4.2, "nama_pegawai": 5.8, "jabatan": 4.6, "tempat_lahir": 3.4, "ket": 5.0, "jenis_pkwt": 4.2,
    "dasar_pkwt": 4.2, "lingkup_pekerjaan": 6.5, "syarat_selesai": 6.5, "no_rptka": 5.0,
}  # fmt: skip


def _letter(index: int) -> str:
    """A, B, …, Z, AA, … for a 0-based column index."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


class _Styles:
    """The document's automatic styles: a cell style per kind of column, the header style, column widths."""

    def __init__(self, document: OpenDocumentSpreadsheet) -> None:
        auto = document.automaticstyles
        text_format = number.TextStyle(name="N_text")
        text_format.addElement(number.TextContent())
        auto.addElement(text_format)
        date_format = number.DateStyle(name="N_date")
        date_format.addElement(number.Day(style="long"))
        date_format.addElement(number.Text(text="/"))
        date_format.addElement(number.Month(style="long"))
        date_format.addElement(number.Text(text="/"))
        date_format.addElement(number.Year(style="long"))
        auto.addElement(date_format)
        money_format = number.NumberStyle(name="N_money")
        money_format.addElement(number.Number(decimalplaces="0", minintegerdigits="1", grouping="true"))
        auto.addElement(money_format)

        def cell(name: str, data_style: str | None = None, **properties) -> str:
            attributes = {"name": name, "family": "table-cell"}
            if data_style:
                attributes["datastylename"] = data_style
            element = style.Style(**attributes)
            if properties:
                element.addElement(style.TableCellProperties(**properties))
            auto.addElement(element)
            return name

        self.text = cell("ce_text", "N_text")
        self.date = cell("ce_date", "N_date")
        self.money = cell("ce_money", "N_money")
        self.plain = cell("ce_plain")
        self.wrap = cell("ce_wrap", wrapoption="wrap", verticalalign="top")
        self.header = cell("ce_header", "N_text", backgroundcolor="#1F4E79", border="0.5pt solid #000000")
        header_text = style.TextProperties(fontweight="bold", color="#FFFFFF")
        auto.getElementsByType(style.Style)[-1].addElement(header_text)
        self.bold = cell("ce_bold", "N_text")
        auto.getElementsByType(style.Style)[-1].addElement(style.TextProperties(fontweight="bold"))
        self.title = cell("ce_title")
        auto.getElementsByType(style.Style)[-1].addElement(
            style.TextProperties(fontweight="bold", fontsize="14pt")
        )
        self._columns: dict[float, str] = {}
        self._auto = auto
        frozen = style.Style(name="ro_header", family="table-row")
        frozen.addElement(style.TableRowProperties(useoptimalrowheight="true"))
        auto.addElement(frozen)

    def column(self, width_cm: float) -> str:
        if width_cm not in self._columns:
            name = f"co{len(self._columns) + 1}"
            element = style.Style(name=name, family="table-column")
            element.addElement(style.TableColumnProperties(columnwidth=f"{width_cm}cm"))
            self._auto.addElement(element)
            self._columns[width_cm] = name
        return self._columns[width_cm]

    def for_column(self, column: Column) -> str:
        if column.kind in _TEXT_KINDS or column.key in CHOICE_COLUMNS:
            return self.text
        if column.kind == "date":
            return self.date
        if column.kind == "money":
            return self.money
        return self.plain


def _paragraph(value: str):
    element = text.P()
    element.addText(value)
    return element


def _string_cell(value: str, style_name: str | None = None, **attributes):
    if style_name:
        attributes["stylename"] = style_name
    cell = table.TableCell(valuetype="string", **attributes)
    cell.addElement(_paragraph(value))
    return cell


def _value_cell(value, style_name: str | None = None):
    """A cell holding ``value`` as the .xlsx writer would: a date, a number, a boolean or a string."""
    attributes = {"stylename": style_name} if style_name else {}
    if value is None or value == "":
        return table.TableCell(**attributes)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        cell = table.TableCell(valuetype="date", datevalue=value.isoformat(), **attributes)
        cell.addElement(_paragraph(value.strftime("%d/%m/%Y")))
        return cell
    if isinstance(value, bool):
        cell = table.TableCell(valuetype="boolean", booleanvalue="true" if value else "false", **attributes)
        cell.addElement(_paragraph("TRUE" if value else "FALSE"))
        return cell
    if isinstance(value, int | float):
        cell = table.TableCell(valuetype="float", value=repr(value), **attributes)
        cell.addElement(_paragraph(str(value)))
        return cell
    return _string_cell(str(value), **attributes)


def _validations(document: OpenDocumentSpreadsheet) -> dict[str, str]:
    """The checks of the data sheet, by column key → validation name (ODF ``table:content-validations``)."""
    validations = table.ContentValidations()
    names: dict[str, str] = {}

    def add(
        index: int,
        key: str,
        name: str,
        condition: str,
        *,
        title: str,
        error: str,
        help_text: str = "",
        stop=True,
    ):
        validation = table.ContentValidation(
            name=name,
            condition=condition,
            allowemptycell="true",
            basecelladdress=f"'{DATA_SHEET}'.{_letter(index)}2",
            displaylist="unsorted",
        )
        if help_text:
            message = table.HelpMessage(title=title, display="true")
            message.addElement(_paragraph(help_text))
            validation.addElement(message)
        message = table.ErrorMessage(title=title, display="true", messagetype="stop" if stop else "warning")
        message.addElement(_paragraph(error))
        validation.addElement(message)
        validations.addElement(validation)
        names[key] = name

    for index, column in enumerate(COLUMNS):
        key = column.key
        if key == "jenis_kelamin":
            add(
                index,
                key,
                "val_sex",
                'of:cell-content-is-in-list("L";"P")',
                title="Jenis kelamin",
                help_text="L = laki-laki, P = perempuan",
                error="Isi L atau P.",
            )
        elif key in CHOICE_COLUMNS:
            values = ";".join(f'"{value}"' for value in choice_values(key))
            # The validator also accepts the label ("Harian Lepas"): a warning lets the clerk keep it.
            add(
                index,
                key,
                f"val_{key}",
                f"of:cell-content-is-in-list({values})",
                title=column.label,
                help_text=choice_prompt(key),
                error=choice_error(key),
                stop=False,
            )
        elif column.kind == "date":
            # 1 = 31/12/1899 and 73415 = 31/12/2100 in LibreOffice's day numbers.
            add(
                index,
                key,
                f"val_{key}",
                "of:cell-content-is-date() and cell-content-is-between(2;73415)",
                title="Tanggal",
                error="Isi tanggal, misalnya 05/01/2026.",
                stop=False,
            )
        elif key in NUMBER_CHECKS:
            number = NUMBER_CHECKS[key]
            bound = (
                f"cell-content()>={number.minimum}"
                if number.maximum is None
                else f"cell-content-is-between({number.minimum};{number.maximum})"
            )
            add(
                index,
                key,
                f"val_{key}",
                f"of:cell-content-is-whole-number() and {bound}",
                title=number.title,
                error=number.message,
            )
    document.spreadsheet.addElement(validations)
    return names


def _data_table(document, styles: _Styles, *, headers: Sequence[str]) -> table.Table:
    sheet = table.Table(name=DATA_SHEET)
    for column in COLUMNS:
        sheet.addElement(
            table.TableColumn(
                stylename=styles.column(_WIDTHS_CM.get(column.key, 3.0)),
                defaultcellstylename=styles.for_column(column),
            )
        )
    header_rows = table.TableHeaderRows()
    row = table.TableRow(stylename="ro_header")
    for header in headers:
        row.addElement(_string_cell(header, styles.header))
    header_rows.addElement(row)
    sheet.addElement(header_rows)
    return sheet


def _empty_checked_rows(styles: _Styles, validations: dict[str, str], count: int) -> table.TableRow:
    """``count`` empty rows (one repeated row) whose cells carry the column's format and check."""
    row = table.TableRow(numberrowsrepeated=str(count))
    for column in COLUMNS:
        attributes = {"stylename": styles.for_column(column)}
        if column.key in validations:
            attributes["contentvalidationname"] = validations[column.key]
        row.addElement(table.TableCell(**attributes))
    return row


def _freeze_header(document: OpenDocumentSpreadsheet) -> None:
    """Freeze row 1 of the data sheet (the view settings LibreOffice reads from settings.xml)."""
    from odf import config

    def item(name: str, kind: str, value: str):
        element = config.ConfigItem(name=name, type=kind)
        element.addText(value)
        return element

    view_settings = config.ConfigItemSet(name="ooo:view-settings")
    views = config.ConfigItemMapIndexed(name="Views")
    view = config.ConfigItemMapEntry()
    view.addElement(item("ViewId", "string", "view1"))
    tables = config.ConfigItemMapNamed(name="Tables")
    entry = config.ConfigItemMapEntry(name=DATA_SHEET)
    for name, kind, value in (
        ("VerticalSplitMode", "short", "2"),
        ("VerticalSplitPosition", "int", "1"),
        ("ActiveSplitRange", "short", "2"),
        ("PositionBottom", "int", "1"),
    ):
        entry.addElement(item(name, kind, value))
    tables.addElement(entry)
    view.addElement(tables)
    view.addElement(item("ActiveTable", "string", DATA_SHEET))
    views.addElement(view)
    view_settings.addElement(views)
    document.settings.addElement(view_settings)


def _guide_table(styles: _Styles, *, start: datetime.date) -> table.Table:
    """The instruction sheet, as the .xlsx one: every column's meaning, example and choices, then one example
    row per kind of PKWT in the data sheet's column order."""
    sheet = table.Table(name=GUIDE_SHEET)
    for width in (5.5, 2.2, 16.0, 4.6, 9.0):
        sheet.addElement(table.TableColumn(stylename=styles.column(width)))
    if len(COLUMNS) > 5:
        sheet.addElement(
            table.TableColumn(stylename=styles.column(3.0), numbercolumnsrepeated=str(len(COLUMNS) - 5))
        )

    def row(*cells):
        element = table.TableRow()
        for cell in cells:
            element.addElement(cell)
        return element

    sheet.addElement(row(_string_cell(TITLE, styles.title)))
    for line in intro_lines(DATA_SHEET):
        sheet.addElement(row(_string_cell(line)))
    sheet.addElement(row(*(_string_cell(label, styles.header) for label in GUIDE_HEADERS)))
    for header, required, help_text, example, choices in guide_column_rows():
        cells = [
            _string_cell(header, styles.bold),
            _string_cell(required),
            _string_cell(help_text, styles.wrap),
            _string_cell(example, styles.text) if example else table.TableCell(),
        ]
        if choices:
            cells.append(_multiline_cell(choices, styles.wrap))
        sheet.addElement(row(*cells))
    sheet.addElement(row(table.TableCell()))
    sheet.addElement(row(_string_cell(EXAMPLES_TITLE, styles.title)))
    sheet.addElement(row(_string_cell(examples_intro(DATA_SHEET))))
    sheet.addElement(row(*(_string_cell(column.header, styles.header) for column in COLUMNS)))
    for values in example_rows(start):
        sheet.addElement(
            row(
                *(
                    _value_cell(value, styles.for_column(column))
                    for column, value in zip(COLUMNS, values, strict=True)
                )
            )
        )
    return sheet


def _multiline_cell(value: str, style_name: str):
    """A text cell of several lines: one paragraph per line, as LibreOffice writes it."""
    cell = table.TableCell(valuetype="string", stylename=style_name)
    for line in value.split("\n"):
        cell.addElement(_paragraph(line))
    return cell


def _save(document: OpenDocumentSpreadsheet) -> bytes:
    output = io.BytesIO()
    document.write(output)
    return output.getvalue()


def build_template(*, today: datetime.date | None = None) -> bytes:
    """The .ods template: the data sheet (the seed's 13 columns first, then the optional ones; Text columns,
    date cells, the drop-downs) and the instruction sheet with an example row per kind of PKWT (contracts
    starting ``today``, by default the local date)."""
    document = OpenDocumentSpreadsheet()
    styles = _Styles(document)
    validations = _validations(document)
    data = _data_table(document, styles, headers=[c.header for c in COLUMNS])
    data.addElement(_empty_checked_rows(styles, validations, TEMPLATE_ROWS))
    document.spreadsheet.addElement(data)
    document.spreadsheet.addElement(_guide_table(styles, start=today or timezone.localdate()))
    _freeze_header(document)
    return _save(document)


_ROWS_MARKER = "@@pkwt-rows@@"


def _cell_xml(value, style_name: str | None) -> str:
    """One cell, as odfpy would write it (see :func:`_value_cell`), as a string: a large sheet is written as
    text rather than as a million odfpy elements (minutes and gigabytes for 100,000 rows)."""
    styled = f' table:style-name="{style_name}"' if style_name else ""
    if value is None or value == "":
        return f"<table:table-cell{styled}/>"
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return (
            f'<table:table-cell{styled} office:value-type="date" office:date-value="{value.isoformat()}">'
            f"<text:p>{value:%d/%m/%Y}</text:p></table:table-cell>"
        )
    if isinstance(value, bool):
        flag = "true" if value else "false"
        return (
            f'<table:table-cell{styled} office:value-type="boolean" office:boolean-value="{flag}">'
            f"<text:p>{flag.upper()}</text:p></table:table-cell>"
        )
    if isinstance(value, int | float):
        return (
            f'<table:table-cell{styled} office:value-type="float" office:value="{value!r}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    value = str(value)
    # office:string-value keeps the text exactly (spaces, line breaks); the paragraph is what is shown.
    return (
        f'<table:table-cell{styled} office:value-type="string" office:string-value={quoteattr(value)}>'
        f"<text:p>{escape(value)}</text:p></table:table-cell>"
    )


def write_rows(path_or_buffer, rows: Iterable[Sequence], *, headers: Sequence[str] | None = None) -> None:
    """Write rows in the template's layout, as ``excel.write_rows`` does for .xlsx. The document comes from
    odfpy with a marker row in place of the data, which is then streamed in as text (see :func:`_cell_xml`)."""
    document = OpenDocumentSpreadsheet()
    styles = _Styles(document)
    validations = _validations(document)
    data = _data_table(document, styles, headers=headers if headers is not None else [])
    marker = table.TableRow()
    marker.addElement(_string_cell(_ROWS_MARKER))
    data.addElement(marker)
    data.addElement(_empty_checked_rows(styles, validations, TEMPLATE_ROWS))
    document.spreadsheet.addElement(data)
    packed = zipfile.ZipFile(io.BytesIO(_save(document)))
    content = packed.read("content.xml").decode("utf-8")
    at = content.index(_ROWS_MARKER)
    head = content[: content.rindex("<table:table-row", 0, at)]
    tail = content[content.index("</table:table-row>", at) + len("</table:table-row>") :]
    column_styles = [styles.for_column(c) for c in COLUMNS]

    def body() -> Iterable[str]:
        for values in rows:
            cells = "".join(
                _cell_xml(value, column_styles[index] if index < len(column_styles) else None)
                for index, value in enumerate(values)
            )
            yield f"<table:table-row>{cells}</table:table-row>"

    target = path_or_buffer if hasattr(path_or_buffer, "write") else open(path_or_buffer, "wb")  # noqa: SIM115
    try:
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for entry in packed.infolist():
                if entry.filename == "content.xml":
                    with archive.open("content.xml", "w") as stream:
                        stream.write(head.encode("utf-8"))
                        batch: list[str] = []
                        for row in body():
                            batch.append(row)
                            if len(batch) >= 1000:
                                stream.write("".join(batch).encode("utf-8"))
                                batch.clear()
                        stream.write("".join(batch).encode("utf-8"))
                        stream.write(tail.encode("utf-8"))
                else:
                    # "mimetype" stays first and stored, as ODF requires.
                    archive.writestr(entry, packed.read(entry.filename), compress_type=entry.compress_type)
    finally:
        if target is not path_or_buffer:
            target.close()
