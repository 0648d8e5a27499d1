"""What the zip holds and how far each sheet reaches, counted by streaming the XML before any parse."""

from __future__ import annotations

import io
import pyexpat
import re
import time
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from ._consts import _CHUNK
from .errors import FileError, _number, _parse_timeout, _unreadable, column_index, column_letter

# --- Inspection: what the zip holds and how far each sheet reaches ----------------------------------------


@dataclass(frozen=True)
class Extent:
    max_row: int  # the furthest row (1-based) of any sheet
    max_column: int  # the furthest column (0-based) of any sheet
    unpacked_bytes: int
    cells: int = 0  # rows × columns of the largest sheet, as the parser lays it out from A1


class _Malformed(Exception):
    """A reference or structure no spreadsheet program writes: the file is refused as unreadable."""


class _NotCanonical(Exception):
    """The fast scan cannot vouch for this part; the exact (XML parser) scan measures it instead."""


# The fast scan relies on the layout every spreadsheet program writes (Excel, LibreOffice, Google Sheets,
# openpyxl, xlsxwriter): unprefixed elements, and ``r="…"`` as the *first* attribute of every <row> and <c>.
# Each pattern starts with a literal, which keeps a pass at a few milliseconds per MB, and finds every <c>,
# <row> and <dimension>: one that is not in that layout yields b"" — a cell or row without r, a reference out
# of shape — and sends the part to the exact scan, as do a prefix such as <x:c> and a comment or CDATA.
_CELLS = re.compile(rb'<c(?=[\s/>])(?: r="([A-Za-z]{1,3}+)[1-9][0-9]{0,6}+"(?=[\s/>]))?')
_ROWS = re.compile(rb'<row(?=[\s/>])(?: r="([1-9][0-9]{0,6})"(?=[\s/>])(?:[^<>]*? spans="([^"<>]*)")?)?')
_DIMENSIONS = re.compile(rb'<dimension(?=[\s/>])(?: ref="([A-Za-z0-9:]+)"(?=[\s/>]))?')
_PREFIXED = re.compile(rb":(?:c|row|dimension|sheetData)[\s/>]")
_CELL_ROW = re.compile(rb'<c r="[A-Za-z]{1,3}([1-9][0-9]{0,6})"')
_LONGEST_TAG = 1 << 16

_REFERENCE = re.compile(r"([A-Za-z]{1,7})([1-9][0-9]{0,9})")
_ROW_REFERENCE = re.compile(r"[1-9][0-9]{0,9}")
_SPAN_NUMBER = re.compile(r"[0-9]{1,10}")

_DOCTYPE = re.compile(rb"<!\s*(?:doctype|entity)", re.IGNORECASE)
_MACRO_TYPE = re.compile(rb"macroEnabled|vbaProject|macrosheet", re.IGNORECASE)
_XML_DECLARATION = re.compile(rb'<\?xml[^>]*?encoding\s*=\s*["\']([^"\']*)["\']')
_XML_ENCODINGS = {b"utf-8", b"utf8", b"us-ascii", b"ascii"}
# UTF-16/32 byte-order marks, or "<" next to a NUL: XML that a byte scan would not see through.
_WIDE_XML = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff", b"<\x00", b"\x00<")


def _contains(text: bytes, marker: bytes) -> bool:
    # "<" comes every few bytes of a sheet, which slows a search for "<!"; "!" and "?" are rare.
    return marker[1:2] in text and marker in text


def _cell_position(ref: str) -> tuple[int, int]:
    """``"B7"`` → (7, 1): the 1-based row and 0-based column of a cell reference, either case."""
    match = _REFERENCE.fullmatch(ref)
    if not match:
        raise _Malformed(ref)
    return int(match.group(2)), column_index(match.group(1))


def _row_number(ref: str) -> int:
    if not _ROW_REFERENCE.fullmatch(ref):
        raise _Malformed(ref)
    return int(ref)


def _greater_than(number: int) -> bytes:
    """A pattern for the decimal integers (without leading zeros) above ``number``."""
    digits = str(number)
    options = [rb"[1-9][0-9]{%d,}" % len(digits)]
    for index, digit in enumerate(digits):
        if digit != "9":
            rest = len(digits) - index - 1
            options.append(b"%s[%d-9][0-9]{%d}" % (digits[:index].encode(), int(digit) + 1, rest))
    return b"(?:" + b"|".join(options) + b")"


class _SheetReach:
    """How far one sheet part reaches: the furthest row (1-based) and column (0-based), counting what the
    sheet claims (``dimension``, ``spans``) as well as where its cells really are."""

    def __init__(self) -> None:
        self.rows = 0
        self.column = -1

    def claim_dimension(self, ref: str) -> None:
        for part in ref.split(":"):
            row, column = _cell_position(part)
            self.rows = max(self.rows, row)
            self.column = max(self.column, column)

    def claim_spans(self, spans: str) -> None:
        # "1:13" or "1:3 5:13"; calamine ignores spans, so a malformed value is no reason to refuse.
        numbers = [int(n) for n in _SPAN_NUMBER.findall(spans)]
        if numbers:
            self.column = max(self.column, max(numbers) - 1)

    @property
    def cells(self) -> int:
        return self.rows * (self.column + 1)


class _FastScan(_SheetReach):
    """The sheet measured with a few regular-expression passes per chunk (C speed); see the patterns above."""

    def __init__(self) -> None:
        super().__init__()
        self._tail = b""

    def feed(self, chunk: bytes) -> None:
        buffer = self._tail + chunk
        cut = buffer.rfind(b"<")
        if cut < 0 or buffer.find(b">", cut) >= 0:
            self._tail = b""
            self._scan(buffer)
            return
        # A tag runs across the chunk boundary: keep it whole for the next chunk.
        self._tail = buffer[cut:]
        if len(self._tail) > _LONGEST_TAG:
            raise _NotCanonical
        self._scan(buffer[:cut])

    def close(self) -> _SheetReach:
        self._scan(self._tail)
        return self

    def _scan(self, text: bytes) -> None:
        if _contains(text, b"<!") or _PREFIXED.search(text):
            raise _NotCanonical
        rows = _ROWS.findall(text)
        if rows:
            numbers = {number for number, _spans in rows}
            if b"" in numbers:
                raise _NotCanonical
            self.rows = max(self.rows, *map(int, numbers))
            for _number, spans in rows:
                if spans:
                    self.claim_spans(spans.decode("ascii", "replace"))
        letters = set(_CELLS.findall(text))
        if letters:
            if b"" in letters:
                raise _NotCanonical
            self.column = max(self.column, *(column_index(x.decode()) for x in letters))
            # A cell's own reference places it, whatever its row says: look at the cells beyond the furthest
            # row so far (none, in a normal sheet) with one more pass.
            beyond = re.compile(
                rb'<c r="[A-Za-z]{1,3}+(?=[0-9]{%d})' % len(str(self.rows)) + _greater_than(self.rows) + rb'"'
            )
            if beyond.search(text):
                self.rows = max(self.rows, *map(int, _CELL_ROW.findall(text)))
        for ref in _DIMENSIONS.findall(text):
            if not ref:
                raise _NotCanonical
            self.claim_dimension(ref.decode("ascii"))


class _ExactScan(_SheetReach):
    """The sheet measured by a real XML parser (expat), following calamine's own rules: a <row> without
    ``r`` is the previous row + 1, a <c> without ``r`` is the previous cell + 1, element prefixes are ignored
    and only an unprefixed ``r`` attribute is a reference. Each counter only ever moves up, so the result can
    only over-estimate; a <row> or <c> nested where no spreadsheet puts one is refused outright."""

    def __init__(self) -> None:
        super().__init__()
        self._sheet_data = 0
        self._in_row = False
        self._in_cell = False
        self._row_index = 0  # calamine's: 0-based row of the current row, or of the next one between rows
        self._column = 0  # 0-based column of the next cell without r

    def start(self, name: str, attributes: dict) -> None:
        local = name.rpartition(":")[2]
        if local == "sheetData":
            self._sheet_data += 1
        elif local == "dimension":
            if "ref" in attributes:
                self.claim_dimension(attributes["ref"])
        elif not self._sheet_data:
            return
        elif local == "row":
            if self._in_row or self._in_cell:
                raise _Malformed(name)
            self._in_row = True
            if "r" in attributes:
                self._row_index = max(self._row_index, _row_number(attributes["r"]) - 1)
            self.rows = max(self.rows, self._row_index + 1)
            if "spans" in attributes:
                self.claim_spans(attributes["spans"])
        elif local == "c":
            if self._in_cell:
                raise _Malformed(name)
            self._in_cell = True
            if "r" in attributes:
                row, column = _cell_position(attributes["r"])
                self._column = max(self._column, column)
                self.rows = max(self.rows, row)
            else:
                self.rows = max(self.rows, self._row_index + 1)
            self.column = max(self.column, self._column)

    def end(self, name: str) -> None:
        local = name.rpartition(":")[2]
        if local == "sheetData":
            self._sheet_data = max(self._sheet_data - 1, 0)
        elif not self._sheet_data:
            return
        elif local == "row":
            self._in_row = False
            self._row_index += 1
            self._column = 0
        elif local == "c":
            self._in_cell = False
            self._column += 1


def _refuse_dtd(*args) -> None:
    raise _Malformed("DTD")


def _exact_reach(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, *, deadline: float) -> _SheetReach:
    scan = _ExactScan()
    parser = pyexpat.ParserCreate()  # no namespace processing: names keep their prefix, as calamine sees them
    parser.StartElementHandler = scan.start
    parser.EndElementHandler = scan.end
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    try:
        with archive.open(entry) as stream:
            while chunk := stream.read(_CHUNK):
                parser.Parse(chunk, False)
                if time.monotonic() > deadline:
                    raise _parse_timeout()
            parser.Parse(b"", True)
    except (pyexpat.ExpatError, _Malformed, RecursionError):
        raise _unreadable() from None
    return scan


def _refuse_unreadable_xml(window: bytes, *, first: bool) -> None:
    """Refuse XML a byte scan could not read: UTF-16/32, or an encoding other than UTF-8 declared."""
    if first and window.startswith(_WIDE_XML):
        raise _unreadable()
    if _contains(window, b"<?xml"):
        for encoding in _XML_DECLARATION.findall(window):
            if encoding.lower() not in _XML_ENCODINGS:
                raise _unreadable()


def _xml_doctype() -> FileError:
    return FileError(
        "xml_doctype",
        _(
            "File berisi deklarasi DOCTYPE/ENTITY XML, yang tidak pernah dibuat oleh Excel atau LibreOffice, dan "
            "ditolak demi keamanan. Simpan ulang file dari Excel atau LibreOffice sebagai .xlsx atau .ods, lalu "
            "unggah lagi."
        ),
    )


def _macro_workbook() -> FileError:
    return FileError(
        "macro_workbook",
        _(
            "File ini berformat Excel bermakro (.xlsm: berisi VBA atau makro Excel, meskipun namanya mungkin "
            ".xlsx). File bermakro tidak diterima demi keamanan. Buka di Excel, simpan sebagai 'Excel Workbook "
            "(.xlsx)' (makro tidak ikut tersimpan), lalu unggah lagi."
        ),
    )


def _is_macro_name(name: str) -> bool:
    lowered = name.lower()
    return lowered.rsplit("/", 1)[-1].startswith("vbaproject") or "macrosheets/" in lowered


def _is_package_metadata(name: str) -> bool:
    lowered = name.lower()
    return lowered == "[content_types].xml" or lowered.endswith(".rels")


def zip_limits(entries: list[zipfile.ZipInfo]) -> tuple[FileError, FileError, int]:
    """Refuse a zip with too many entries or whose headers already claim too much; return the errors for a
    damaged zip and for a bomb found while streaming, and the streamed-size limit."""
    if len(entries) > settings.PKWT_IMPORT_MAX_ZIP_ENTRIES:
        raise FileError(
            "zip_entries",
            _("File berisi terlalu banyak bagian (%(n)d). File spreadsheet biasa berisi kurang dari 100.")
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
    return _corrupt(), bomb, limit


class Unpacked:
    """What the entries of one zip unpack to, counted as they are streamed: past ``limit`` the file is a
    ``bomb``, whatever its headers claimed."""

    def __init__(self, limit: int, bomb: FileError):
        self.limit, self.bomb, self.total = limit, bomb, 0

    def windows(self, stream) -> Iterator[tuple[bytes, bytes, bool]]:
        """``(chunk, window, first)`` for each chunk of ``stream``: the window is the chunk after the last 256
        bytes of the one before, so a marker cut in two is seen whole; ``first`` for the entry's first chunk."""
        tail, first = b"", True
        while chunk := stream.read(_CHUNK):
            self.total += len(chunk)
            if self.total > self.limit:
                raise self.bomb
            window = tail + chunk
            tail = window[-256:]
            yield chunk, window, first
            first = False


def has_doctype(window: bytes) -> bool:
    return _contains(window, b"<!") and bool(_DOCTYPE.search(window))


def _corrupt() -> FileError:
    return FileError(
        "corrupt_zip",
        _(
            "File rusak atau tidak lengkap dan tidak dapat dibuka. Simpan ulang file dari Excel atau LibreOffice "
            "lalu unggah lagi."
        ),
    )


def inspect_workbook(data: bytes) -> Extent:
    """Refuse what is not a sane .xlsx or .ods, cheaply and before parsing; return the sheets' extent.

    What the bytes are decides, never the file name: a file that is something else is refused with a message
    naming what it is (``formats``); an .ods is measured by ``ods.inspect_ods``, an .xlsx here."""
    return inspect_parts(data, *open_zip(data))


def open_zip(data: bytes) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo], str]:
    """The cheap half of :func:`inspect_workbook`: the size, what the bytes are, the zip's directory and its
    declared sizes, read without unpacking anything. Returns the archive, its entries and its kind."""
    from .. import formats

    if len(data) > settings.PKWT_IMPORT_MAX_FILE_BYTES:
        raise FileError(
            "file_too_large",
            _("File terlalu besar (%(size)d MB). Batasnya %(limit)d MB.")
            % {"size": len(data) // 2**20, "limit": settings.PKWT_IMPORT_MAX_FILE_BYTES // 2**20},
        )
    if data[:4] != b"PK\x03\x04":
        raise formats.not_a_zip(data)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, NotImplementedError):
        # NotImplementedError: a damaged header claiming a zip version Python cannot read.
        raise _corrupt() from None
    zip_limits(entries)
    return archive, entries, formats.zip_kind(archive, entries)


def inspect_parts(data: bytes, archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo], kind: str) -> Extent:
    """The costly half of :func:`inspect_workbook`: every part unpacked (streamed) and measured."""
    from .. import ods

    if kind == "ods":
        return ods.inspect_ods(data, archive, entries)
    return _inspect_workbook_parts(archive, entries)


def _inspect_workbook_parts(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> Extent:
    corrupt, bomb, limit = zip_limits(entries)
    names = {e.filename for e in entries}
    if any(_is_macro_name(name) for name in names):
        raise _macro_workbook()
    deadline = time.monotonic() + settings.PKWT_IMPORT_PARSE_TIMEOUT_SECONDS
    unpacked = Unpacked(limit, bomb)
    reaches: list[_SheetReach] = []
    try:
        for entry in entries:
            metadata = _is_package_metadata(entry.filename)
            sheet = doctype = False
            fast: _FastScan | None = _FastScan()
            with archive.open(entry) as stream:
                for chunk, window, first in unpacked.windows(stream):
                    _refuse_unreadable_xml(window, first=first)
                    doctype = doctype or has_doctype(window)
                    if metadata and _MACRO_TYPE.search(window):
                        raise _macro_workbook()
                    sheet = sheet or b"sheetData" in window
                    if fast is not None:
                        try:
                            fast.feed(chunk)
                        except (_NotCanonical, _Malformed):
                            fast = None  # decided below, by the exact scan, if this part is a sheet
            # An SVG picture may carry a DOCTYPE of its own; nothing that holds cells may.
            if doctype and (sheet or not entry.filename.lower().endswith(".svg")):
                raise _xml_doctype()
            # calamine reads cells only from a part with a <sheetData>, whatever its name: measure every one.
            if sheet:
                if fast is not None:
                    try:
                        reaches.append(fast.close())
                        continue
                    except (_NotCanonical, _Malformed):
                        pass
                reaches.append(_exact_reach(archive, entry, deadline=deadline))
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError):
        # zlib.error: damaged deflate data; RuntimeError: an entry flagged as encrypted.
        raise corrupt from None
    except _Malformed:
        raise _unreadable() from None
    return check_reach(reaches, total=unpacked.total)


def check_reach(reaches, *, total: int) -> Extent:
    """Refuse sheets that reach too far (each of ``reaches`` has ``rows``, ``column`` and ``cells``)."""
    max_row = max((r.rows for r in reaches), default=0)
    max_col = max((r.column for r in reaches), default=0)
    cells = max((r.cells for r in reaches), default=0)
    if max_col >= settings.PKWT_IMPORT_MAX_COLUMNS:
        raise FileError(
            "sheet_too_wide",
            _(
                "Sheet berisi sel di kolom %(col)s, jauh di luar kolom template (A–M). Hapus kolom-kolom kosong "
                "di kanan data (pilih kolom, klik kanan, Delete), simpan, lalu unggah lagi."
            )
            % {"col": column_letter(min(max_col, 10**7))},
        )
    cap = settings.PKWT_IMPORT_MAX_ROWS + 1
    if max_row > cap:
        raise FileError(
            "too_many_rows",
            _(
                "Sheet berisi sampai baris %(row)s, melebihi batas %(cap)s baris data per file. Bagi data menjadi "
                "beberapa permohonan, atau hapus baris-baris kosong di bawah data (termasuk sel yang hanya "
                "berformat)."
            )
            % {"row": _number(max_row), "cap": _number(cap - 1)},
        )
    if cells > settings.PKWT_IMPORT_MAX_CELLS:
        widest = max(reaches, key=lambda r: r.cells)
        raise FileError(
            "sheet_too_large",
            _(
                "Sheet berisi %(rows)s baris × %(cols)s kolom (%(cells)s sel, sampai kolom %(col)s), melebihi batas "
                "%(cap)s sel per file. Hapus kolom di luar kolom template (A–M) dan baris kosong di bawah data, "
                "atau bagi data menjadi beberapa permohonan."
            )
            % {
                "rows": _number(widest.rows),
                "cols": _number(widest.column + 1),
                "cells": _number(widest.cells),
                "col": column_letter(widest.column),
                "cap": _number(settings.PKWT_IMPORT_MAX_CELLS),
            },
        )
    return Extent(max_row=max_row, max_column=max_col, unpacked_bytes=total, cells=cells)
