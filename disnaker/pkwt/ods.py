"""Bounding an OpenDocument spreadsheet (.ods) before python-calamine reads it, as ``excel.inspect_workbook``
bounds an .xlsx.

An .ods is a zip whose ``content.xml`` holds every sheet. Two attributes let a few bytes claim a vast area:
``table:number-rows-repeated`` and ``table:number-columns-repeated``. LibreOffice writes them all the time
for the empty rest of a sheet (a last row repeated a million times, a last cell repeated to column AMJ), and
calamine drops such a trailing empty run. What it does materialise:

- within a row, the cells up to the last one holding content (an empty run *between* values is kept, an
  empty run after the last value is not: ``<cell repeated=1000000/>`` alone is nothing);
- in the sheet, from A1 to the last row and column holding content, each repeated row with content
  copied as often as it claims to repeat, each as wide as the widest row.

calamine reads all sheets of the file when it opens it, so the sum over sheets counts. This module streams
``content.xml`` through expat (no DTD, no entities, a depth limit), counts exactly that, and hands the
result to the same caps as an .xlsx; the parse then runs in the same memory-limited child.
"""

from __future__ import annotations

import pyexpat
import re
import time
import zipfile
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from .excel import (
    Extent,
    FileError,
    Unpacked,
    _Malformed,
    _parse_timeout,
    _refuse_unreadable_xml,
    _unreadable,
    _xml_doctype,
    check_reach,
    has_doctype,
    zip_limits,
)

MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
# What gives a cell content for calamine: a value (of any type), a formula, or a paragraph inside it.
_CONTENT_ATTRIBUTES = {
    f"{OFFICE} value",
    f"{OFFICE} string-value",
    f"{OFFICE} date-value",
    f"{OFFICE} time-value",
    f"{OFFICE} boolean-value",
    f"{OFFICE} value-type",
    f"{TABLE} formula",
}
_ROWS_REPEATED = f"{TABLE} number-rows-repeated"
_COLUMNS_REPEATED = f"{TABLE} number-columns-repeated"
_REPEAT = re.compile(r"[1-9][0-9]{0,9}")
MAX_DEPTH = 64  # LibreOffice's content.xml is about 10 deep; a cell's text with nested spans a few more


@dataclass
class TableReach:
    """One sheet: how far its content reaches from A1 and how many cells calamine builds on the way."""

    rows: int = 0  # 1-based: the last row holding content, repeats counted
    column: int = -1  # 0-based: the last column holding content, repeats counted

    @property
    def cells(self) -> int:
        return self.rows * (self.column + 1)


class _ContentScan:
    """expat handlers over content.xml (namespace-aware, so a prefix other than ``table:`` is still seen;
    calamine itself only knows ``table:``, so such a file can only be over-estimated)."""

    def __init__(self) -> None:
        self.tables: list[TableReach] = []
        self._depth = 0
        self._table: TableReach | None = None
        self._row_start = 0  # 0-based row of the current row element
        self._row_repeat = 0
        self._in_row = False
        self._in_cell = False
        self._cell_repeat = 1
        self._cell_content = False
        self._position = 0  # 0-based column after the last cell of the current row
        self._content_end = 0  # column after the last cell with content in the current row

    @staticmethod
    def _repeat(attributes: dict, name: str) -> int:
        value = attributes.get(name)
        if value is None:
            return 1
        if not _REPEAT.fullmatch(value):
            raise _Malformed(name)
        return int(value)

    def start(self, name: str, attributes: dict) -> None:
        # Called for every element of a file of a million cells: the frequent cases come first, and the
        # names are compared with constants (see _CELL and the others below the class).
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _Malformed("depth")
        if self._in_cell:
            self._cell_content = True  # a paragraph, an annotation, anything inside a cell
            if name in _STRUCTURE:
                raise _Malformed(name)  # a table, row or cell inside a cell: no spreadsheet writes one
            return
        if name in _CELLS:
            if not self._in_row:
                raise _Malformed(name)
            self._in_cell = True
            self._cell_repeat = self._repeat(attributes, _COLUMNS_REPEATED) if attributes else 1
            self._cell_content = not _CONTENT_ATTRIBUTES.isdisjoint(attributes)
        elif name == _ROW:
            if self._table is None or self._in_row:
                raise _Malformed(name)
            self._in_row = True
            self._row_repeat = self._repeat(attributes, _ROWS_REPEATED)
            self._position = self._content_end = 0
        elif name == _TABLE:
            if self._table is not None:
                raise _Malformed(name)
            self._table = TableReach()
            self._row_start = 0

    def end(self, name: str) -> None:
        self._depth -= 1
        if self._in_cell:
            if name in _CELLS:
                self._in_cell = False
                self._position += self._cell_repeat
                if self._cell_content:
                    self._content_end = self._position
        elif name == _ROW:
            if self._in_row:
                self._in_row = False
                table = self._table
                if self._content_end:
                    table.column = max(table.column, self._content_end - 1)
                    table.rows = self._row_start + self._row_repeat
                self._row_start += self._row_repeat
        elif name == _TABLE and self._table is not None:
            self.tables.append(self._table)
            self._table = None


_TABLE = f"{TABLE} table"
_ROW = f"{TABLE} table-row"
_CELLS = frozenset({f"{TABLE} table-cell", f"{TABLE} covered-table-cell"})
_STRUCTURE = _CELLS | {_TABLE, _ROW}


def _refuse_dtd(*args) -> None:
    raise _Malformed("DTD")


def _content_parser(scan: _ContentScan):
    parser = pyexpat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = scan.start
    parser.EndElementHandler = scan.end
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    parser.SetParamEntityParsing(pyexpat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser


def _macro_document() -> FileError:
    return FileError(
        "macro_workbook",
        _(
            "File ini spreadsheet LibreOffice bermakro (berisi makro Basic atau skrip). File bermakro tidak "
            "diterima demi keamanan. Buka di LibreOffice, hapus makronya (Alat > Makro > Kelola Makro), simpan "
            "sebagai .ods atau .xlsx, lalu unggah lagi."
        ),
    )


def _is_macro_name(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith(("basic/", "scripts/", "dialogs/"))


def inspect_ods(data: bytes, archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> Extent:
    """Refuse what is not a sane .ods, before parsing; return the sheets' extent. The zip is already open
    and known to be an OpenDocument spreadsheet (its ``mimetype``)."""
    corrupt, bomb, limit = zip_limits(entries)
    names = {e.filename for e in entries}
    if "content.xml" not in names:
        raise corrupt
    if any(_is_macro_name(name) for name in names):
        raise _macro_document()
    deadline = time.monotonic() + settings.PKWT_IMPORT_PARSE_TIMEOUT_SECONDS
    unpacked = Unpacked(limit, bomb)
    scan = _ContentScan()
    try:
        # The manifest first: it tells an encrypted file, whose content.xml is not XML at all.
        for entry in sorted(entries, key=lambda e: e.filename != "META-INF/manifest.xml"):
            lowered = entry.filename.lower()
            is_content = entry.filename == "content.xml"
            parser = _content_parser(scan) if is_content else None
            doctype, manifest = False, lowered == "meta-inf/manifest.xml"
            with archive.open(entry) as stream:
                for chunk, window, first in unpacked.windows(stream):
                    if lowered.endswith(".xml"):
                        _refuse_unreadable_xml(window, first=first)
                    doctype = doctype or has_doctype(window)
                    if manifest and b"encryption-data" in window:
                        raise FileError(
                            "password",
                            _(
                                "File dilindungi kata sandi. Buka di LibreOffice, hapus kata sandinya (Berkas > "
                                "Properti > Keamanan), simpan, lalu unggah lagi."
                            ),
                        )
                    if parser is not None:
                        parser.Parse(chunk, False)
                        if time.monotonic() > deadline:
                            raise _parse_timeout()
            if doctype and (lowered.endswith(".xml") or is_content):
                raise _xml_doctype()
            if parser is not None:
                parser.Parse(b"", True)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError):
        raise corrupt from None
    except _Malformed as exc:
        raise (_xml_doctype() if str(exc) == "DTD" else _unreadable()) from None
    except (pyexpat.ExpatError, RecursionError):
        raise _unreadable() from None
    # calamine builds every sheet when it opens the file: the sheets together must stay under the cap.
    check_reach(scan.tables, total=unpacked.total)
    laid_out = sum(t.cells for t in scan.tables)
    if laid_out > settings.PKWT_IMPORT_MAX_CELLS:
        raise FileError(
            "sheet_too_large",
            _(
                "Sheet-sheet dalam file bersama-sama berisi %(cells)s sel, melebihi batas %(cap)s sel per file. "
                "Hapus sheet selain data pekerja, kolom di luar kolom template (A–M) dan baris kosong di bawah "
                "data, simpan, lalu unggah lagi."
            )
            % {"cells": _number(laid_out), "cap": _number(settings.PKWT_IMPORT_MAX_CELLS)},
        )
    return Extent(
        max_row=max((t.rows for t in scan.tables), default=0),
        max_column=max((t.column for t in scan.tables), default=0),
        unpacked_bytes=unpacked.total,
        cells=max((t.cells for t in scan.tables), default=0),
    )


def _number(value: int) -> str:
    return f"{value:,}".replace(",", ".")
