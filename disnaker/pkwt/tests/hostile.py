"""Hostile worker Excels written by hand (a few KB each), and a way to feed them to the real reader without
letting a regression take the test run down with it.

:func:`isolated` runs a callable in a forked copy of the test process under an address-space limit and a
timeout. If a guard in the reader regresses, python-calamine aborts (or the kernel refuses the allocation)
in that copy only: the test gets ``Died`` and fails with a message, and pytest carries on.
"""

from __future__ import annotations

import io
import os
import pickle
import resource
import select
import signal
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from .helpers import HEADERS, worker, xlsx

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORKBOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MACRO_WORKBOOK_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"


def content_types(workbook_type: str = WORKBOOK_TYPE) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{workbook_type}"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>"
    )


ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)


def workbook_xml(sheet_name: str = "Data Pekerja") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}"><sheets>'
        f'<sheet name="{sheet_name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )


def workbook_rels(target: str = "worksheets/sheet1.xml") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        f'Target="{target}"/></Relationships>'
    )


def inline(text: str) -> str:
    return f'<c t="inlineStr"><is><t>{text}</t></is></c>'


def header_row(prefix: str = "") -> str:
    cells = "".join(
        f'<{prefix}c t="inlineStr"><{prefix}is><{prefix}t>{h}</{prefix}t></{prefix}is></{prefix}c>'
        for h in HEADERS
    )
    return f'<{prefix}row r="1">{cells}</{prefix}row>'


def sheet_xml(sheet_data: str, *, before: str = "", prolog: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f'<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">{before}<sheetData>{sheet_data}</sheetData></worksheet>'
    )


def package(
    sheet: str | bytes,
    *,
    sheet_path: str = "xl/worksheets/sheet1.xml",
    extra: dict[str, bytes | str] | None = None,
    types: str | None = None,
) -> bytes:
    """A minimal but real .xlsx (python-calamine opens it) around a hand-written sheet."""
    entries: dict[str, bytes | str] = {
        "[Content_Types].xml": types or content_types(),
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": workbook_xml(),
        "xl/_rels/workbook.xml.rels": workbook_rels(sheet_path.removeprefix("xl/")),
        sheet_path: sheet,
    }
    entries.update(extra or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# --- The files -------------------------------------------------------------------------------------------


def attack_2kb() -> bytes:
    """The file of the report: one row of 16,384 cells without ``r=``, then one ``<row r="100000">``.
    python-calamine lays that out as 100,000 × 16,384 cells and asks for 52 GB."""
    wide = "<row>" + "<c><v>1</v></c>" * 16_384 + "</row>"
    return package(sheet_xml(wide + '<row r="100000"><c><v>1</v></c></row>'))


def attack_padded(pad_bytes: int = 200_000) -> bytes:
    """The same, padded past the synchronous limit with an incompressible part, so the import runs as the
    background task."""
    return package(
        sheet_xml("<row>" + "<c><v>1</v></c>" * 16_384 + '</row><row r="100000"><c><v>1</v></c></row>'),
        extra={"docProps/thumbnail.jpeg": os.urandom(pad_bytes)},
    )


def implicit_rows(count: int = 120_000) -> bytes:
    """A header, then ``count`` rows and cells without any ``r=`` (one value each)."""
    return package(sheet_xml(header_row() + "<row><c><v>1</v></c></row>" * count))


def rows_without_r_after_rows_with_r() -> bytes:
    """Rows 99,990 and on with ``r=``, then 30 more without: the last is row 100,020."""
    explicit = '<row r="99990"><c r="A99990"><v>1</v></c></row>'
    return package(sheet_xml(header_row() + explicit + "<row><c><v>1</v></c></row>" * 30))


def dimension_lie() -> bytes:
    """The dimension and spans say A1:M3; the cells, without ``r=``, run 10,000 columns wide."""
    wide = '<row spans="1:13">' + "<c><v>1</v></c>" * 10_000 + "</row>"
    return package(sheet_xml(header_row() + wide, before='<dimension ref="A1:M3"/>'))


def dimension_claim(ref: str = "A1:XFD1048576") -> bytes:
    """A normal small sheet whose dimension claims the whole grid."""
    return package(
        sheet_xml(
            header_row() + '<row r="2"><c r="A2"><v>1</v></c></row>', before=f'<dimension ref="{ref}"/>'
        )
    )


def spans_claim() -> bytes:
    return package(sheet_xml(header_row() + '<row r="2" spans="1:16384"><c r="A2"><v>1</v></c></row>'))


def lower_case_reference(ref: str = "xfd1048576") -> bytes:
    """One cell at a lower-case reference (calamine reads ``xfd1048576`` as XFD1048576)."""
    return package(
        sheet_xml(header_row() + f'<row r="2"><c r="A2"><v>1</v></c><c r="{ref}"><v>1</v></c></row>')
    )


def prefixed_attack() -> bytes:
    """The attack with the elements in a namespace prefix (``<x:row>``, ``<x:c>``), which calamine reads the
    same."""
    wide = "<x:row>" + "<x:c><x:v>1</x:v></x:c>" * 16_384 + "</x:row>"
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<x:worksheet xmlns:x="{MAIN_NS}"><x:sheetData>{wide}'
        '<x:row r="100000"><x:c><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>'
    )
    return package(sheet)


def renamed_sheet_part() -> bytes:
    """The attack in a part that is not under xl/worksheets/ (the workbook's relationship points at it)."""
    wide = "<row>" + "<c><v>1</v></c>" * 16_384 + "</row>"
    return package(sheet_xml(wide + '<row r="100000"><c><v>1</v></c></row>'), sheet_path="xl/data.bin")


def junk_before_the_root() -> bytes:
    """The attack behind a few bytes that are not XML (a part a "starts with <" test would skip)."""
    wide = "<row>" + "<c><v>1</v></c>" * 16_384 + "</row>"
    return package("junk" + sheet_xml(wide + '<row r="100000"><c><v>1</v></c></row>'))


def cells_over_cap() -> bytes:
    """Within the row and column caps, over the cells cap: 60,000 rows to column BH (60 columns)."""
    return package(
        sheet_xml(header_row() + '<row r="60000"><c r="A60000"><v>1</v></c><c r="BH60000"><v>1</v></c></row>')
    )


def good_sheet_xml() -> bytes:
    data = xlsx([worker(1), worker(2)])
    return zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")


def with_entries(
    data: bytes, entries: dict[str, bytes | str], *, replace: dict[str, bytes | str] | None = None
) -> bytes:
    """A copy of the zip ``data`` with entries added or replaced."""
    replace = replace or {}
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, replace.get(info.filename, source.read(info.filename)))
        for name, value in entries.items():
            archive.writestr(name, value)
    return buffer.getvalue()


def macro_by_vba_project() -> bytes:
    """A good workbook with a VBA project part (an .xlsm renamed .xlsx)."""
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    return with_entries(xlsx([worker(1)]), {"xl/vbaProject.bin": ole})


def macro_by_content_type() -> bytes:
    """A good workbook whose content types declare it macro-enabled (the VBA part itself renamed away)."""
    data = xlsx([worker(1)])
    types = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml").decode()
    types = types.replace(WORKBOOK_TYPE, MACRO_WORKBOOK_TYPE)
    assert MACRO_WORKBOOK_TYPE in types
    return with_entries(data, {}, replace={"[Content_Types].xml": types})


def doctype_in_sheet() -> bytes:
    prolog = '<!DOCTYPE worksheet [<!ENTITY nik "3216015508950003">]>'
    return package(
        sheet_xml(
            header_row() + '<row r="2"><c r="A2" t="inlineStr"><is><t>&nik;</t></is></c></row>', prolog=prolog
        )
    )


def entity_in_shared_strings() -> bytes:
    data = xlsx([worker(1)])
    strings = (
        '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f'<sst xmlns="{MAIN_NS}" count="1" uniqueCount="1"><si><t>&b;</t></si></sst>'
    )
    assert "xl/sharedStrings.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    return with_entries(data, {}, replace={"xl/sharedStrings.xml": strings})


def with_svg_picture() -> bytes:
    """A good workbook carrying an SVG picture whose own DOCTYPE is the SVG 1.1 one."""
    svg = (
        '<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg xmlns="http://www.w3.org/2000/svg"/>'
    )
    return with_entries(xlsx([worker(1)]), {"xl/media/image1.svg": svg})


def header_only() -> bytes:
    return xlsx([])


def utf16_sheet() -> bytes:
    """A sheet encoded as UTF-16, which a byte scan for "<row" would not see."""
    text = sheet_xml(header_row()).replace('encoding="UTF-8"', 'encoding="UTF-16"')
    return package(text.encode("utf-16"))


# --- Running the reader where it cannot take the test run down --------------------------------------------


@dataclass
class Died:
    """The isolated call did not return: killed by a signal, exited, or ran out of time."""

    how: str


def _vm_size() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def isolated(function: Callable[[], object], *, memory_mb: int = 2048, timeout: float = 120):
    """``function()`` run in a forked copy of this process with ``memory_mb`` of address space on top of what
    it already uses, and ``timeout`` seconds: its return value (pickled back), or :class:`Died`.

    The copy shares the test's database connection (and so its transaction) while this process waits; it
    leaves with ``os._exit`` so no pytest or Django teardown runs twice.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child's coverage is not collected
        status = 0
        try:
            os.close(read_end)
            limit = _vm_size() + memory_mb * 2**20
            # Only the soft limit: the reader's own parse process may set its own, lower one.
            resource.setrlimit(resource.RLIMIT_AS, (limit, resource.RLIM_INFINITY))
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
            try:
                result = ("ok", function())
            except BaseException as exc:  # noqa: BLE001 - reported to the parent
                result = ("raised", f"{type(exc).__name__}: {exc}")
            with os.fdopen(write_end, "wb") as out:
                pickle.dump(result, out)
        except BaseException:  # noqa: BLE001
            status = 70
        finally:
            os._exit(status)
    os.close(write_end)
    chunks = []
    deadline = time.monotonic() + timeout
    with os.fdopen(read_end, "rb") as source:
        while True:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([source], [], [], max(left, 0))
            if not ready:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return Died(f"no answer within {timeout} s")
            chunk = os.read(source.fileno(), 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return Died(f"killed by {signal.Signals(os.WTERMSIG(status)).name}")
    if not chunks:
        return Died(f"exited with status {os.WEXITSTATUS(status)} and no answer")
    kind, value = pickle.loads(b"".join(chunks))  # noqa: S301 - written by our own forked copy
    if kind == "raised":
        return Died(f"raised {value}")
    return value
