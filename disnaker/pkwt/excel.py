"""Reading and writing the worker Excel.

Reading is bounded twice over.

1. :func:`inspect_workbook` looks at the file before any parser does: it must be a zip with a sane number of
   entries whose *actually* unpacked size (streamed, so a lying header cannot fool it) stays under a cap; no
   macros (``vbaProject.bin`` or a macro content type), no ``<!DOCTYPE``/``<!ENTITY``, no XML in an encoding
   other than UTF-8. Every part that holds a ``sheetData`` is then measured the way python-calamine will lay
   it out: explicit ``r=`` references in either case, cells and rows *without* ``r=`` (they follow the
   previous one), namespace prefixes, and the ``dimension``/``spans`` the sheet claims. The furthest row, the
   furthest column and rows × columns must stay under the caps. calamine materialises the whole used range,
   so a 2 KB sheet with one row of 16,384 cells and a ``<row r="100000">`` would otherwise ask for 52 GB.
2. :func:`parse_rows` runs python-calamine (the fastest reader measured in ``bench/pkwt_import.py``) in a
   child process with an address-space limit and a timeout (``xlsx_child``). A Rust allocation failure
   aborts the process instead of raising, so whatever trick gets past the inspection ends that child only,
   as a clean "berkas tidak dapat dibaca".
"""

from __future__ import annotations

import datetime
import io
import logging
import marshal
import os
import pyexpat
import re
import subprocess
import sys
import time
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import xlsxwriter
from django.conf import settings
from django.utils.translation import gettext as _

from . import xlsx_child
from .columns import COLUMNS, HEADER_LOOKUP, KEYS, normalize_header

logger = logging.getLogger(__name__)

DATA_SHEET = "Data Pekerja"
GUIDE_SHEET = "Petunjuk"

_CHUNK = 1 << 20
_CHILD_SCRIPT = xlsx_child.__file__


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
    from . import formats, ods

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
    kind = formats.zip_kind(archive, entries)
    if kind == "ods":
        return ods.inspect_ods(data, archive, entries)
    return _inspect_workbook_parts(archive, entries)


def _inspect_workbook_parts(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> Extent:
    corrupt, bomb, limit = zip_limits(entries)
    names = {e.filename for e in entries}
    if any(_is_macro_name(name) for name in names):
        raise _macro_workbook()
    deadline = time.monotonic() + settings.PKWT_IMPORT_PARSE_TIMEOUT_SECONDS
    total = 0
    reaches: list[_SheetReach] = []
    try:
        for entry in entries:
            metadata = _is_package_metadata(entry.filename)
            sheet = doctype = False
            fast: _FastScan | None = _FastScan()
            first, tail = True, b""
            with archive.open(entry) as stream:
                while chunk := stream.read(_CHUNK):
                    total += len(chunk)
                    if total > limit:
                        raise bomb
                    # The tail overlaps the previous chunk so a marker cut in two is seen whole.
                    window = tail + chunk
                    tail = window[-256:]
                    _refuse_unreadable_xml(window, first=first)
                    first = False
                    doctype = doctype or (_contains(window, b"<!") and bool(_DOCTYPE.search(window)))
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
    return check_reach(reaches, total=total)


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


# --- Parsing, in a child process ---------------------------------------------------------------------------


def _child_environment() -> dict[str, str]:
    # Nothing of the server's environment (secrets, database URL) reaches the process that reads the file.
    environment = {"LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    if "LD_LIBRARY_PATH" in os.environ:  # a Python built into a non-standard prefix needs it to start
        environment["LD_LIBRARY_PATH"] = os.environ["LD_LIBRARY_PATH"]
    return environment


def parse_rows(data: bytes) -> list[list]:
    """The data sheet's rows (from A1) as Python values, parsed by python-calamine in a child process limited
    to ``PKWT_IMPORT_PARSE_MAX_MEMORY_MB`` of address space and ``PKWT_IMPORT_PARSE_TIMEOUT_SECONDS``.

    A child that dies (a failed allocation aborts it), runs out of time or reports the file unreadable becomes
    a :class:`FileError`; a child that cannot start at all is the server's problem and raises
    ``RuntimeError``. ``subprocess.run`` waits for (or kills and then waits for) the child, so none is left
    behind as a zombie.
    """
    if not sys.executable:
        raise RuntimeError("sys.executable is unknown: cannot start the Excel parse process")
    seconds = settings.PKWT_IMPORT_PARSE_TIMEOUT_SECONDS
    command = [
        sys.executable,
        "-I",  # isolated: ignores PYTHON* variables and the user's site-packages
        _CHILD_SCRIPT,
        str(settings.PKWT_IMPORT_PARSE_MAX_MEMORY_MB),
        str(max(int(seconds) + 1, 1)),
        DATA_SHEET,
        GUIDE_SHEET,
    ]
    try:
        done = subprocess.run(  # noqa: S603 - our own script, no shell, no user input in the arguments
            command, input=data, capture_output=True, timeout=seconds, check=False, env=_child_environment()
        )
    except subprocess.TimeoutExpired:
        logger.warning("Excel parse process killed after %s s", seconds)
        raise _parse_timeout() from None
    if done.returncode != 0:
        # The exit status only: stderr may quote the file's content (personal data).
        logger.warning("Excel parse process ended with status %s", done.returncode)
        raise _parse_crashed()
    try:
        status, payload, encoded = marshal.loads(done.stdout)  # noqa: S302 - written by our own child
        if status == "ok":
            return xlsx_child.decode(payload, encoded)
    except Exception:  # noqa: BLE001 - a truncated or foreign answer is the same as a crash
        logger.warning("Excel parse process returned %d bytes that are not a result", len(done.stdout))
        raise _parse_crashed() from None
    if status == "password":
        raise FileError(
            "password", _("File dilindungi kata sandi. Hapus kata sandinya di Excel lalu unggah lagi.")
        )
    if status == "memory":
        raise _parse_crashed()
    if status == "setup":
        raise RuntimeError(f"the Excel parse process cannot start: {payload}")
    raise _unreadable()


@dataclass
class Sheet:
    """The data sheet: which canonical column sits at which position, and its rows as Python values."""

    columns: dict[str, int]
    header_row: int  # Excel row number of the header
    rows: list[list]
    extra_headers: list[str]


def read_sheet(data: bytes) -> Sheet:
    """Inspect, then parse the data sheet; raise :class:`FileError` for a file that cannot be used."""
    inspect_workbook(data)
    rows = parse_rows(data)
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
                "Kolom wajib tidak ditemukan di baris judul: %(cols)s. Gunakan template dari halaman ini; "
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


def no_data_rows_error(sheet: Sheet) -> FileError:
    """The header is there but not one worker row under it (an import of it would 'succeed' with 0)."""
    return FileError(
        "no_data_rows",
        _(
            "Sheet data pekerja hanya berisi judul kolom; belum ada satu pun baris data pekerja. Isi satu baris "
            "per pekerja mulai baris %(row)d di bawah judul kolom, simpan, lalu unggah lagi."
        )
        % {"row": sheet.header_row + 1},
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
