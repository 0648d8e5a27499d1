"""Hostile OpenDocument spreadsheets written by hand (a few KB each), as ``hostile.py`` writes .xlsx ones.

An .ods is a zip: ``mimetype`` first and uncompressed, ``content.xml`` with every sheet, a manifest. The
builders below put a sheet with the template's header (and, where asked, good worker rows) next to the trick.
"""

from __future__ import annotations

import datetime
import io
import struct
import zipfile
from xml.sax.saxutils import escape

from .helpers import HEADERS, worker

MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def string_cell(value: str, repeat: int = 1) -> str:
    repeated = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return (
        f'<table:table-cell{repeated} office:value-type="string"><text:p>{escape(value)}</text:p>'
        "</table:table-cell>"
    )


def cell(value) -> str:
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, datetime.date):
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
            f"<text:p>{value:%d/%m/%Y}</text:p></table:table-cell>"
        )
    if isinstance(value, int | float):
        return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
    return string_cell(str(value))


def row(cells: str, repeat: int = 1) -> str:
    repeated = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{repeated}>{cells}</table:table-row>"


def header_row() -> str:
    return row("".join(string_cell(h) for h in HEADERS))


def worker_rows(count: int) -> str:
    return "".join(row("".join(cell(v) for v in worker(index + 1))) for index in range(count))


#: What LibreOffice writes below and right of the data: the rest of the sheet as one empty repeated row of
#: one empty repeated cell, and an empty run to column AMJ after the last cell of each row.
LIBREOFFICE_TAIL = row('<table:table-cell table:number-columns-repeated="1024"/>', repeat=1048570)


def table(rows: str, name: str = "Data Pekerja") -> str:
    return f'<table:table table:name="{name}">{rows}</table:table>'


def content(tables: str, *, prolog: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<office:document-content {NAMESPACES} office:version="1.2">'
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"
    )


def package(
    content_xml: str | bytes, extra: dict[str, bytes | str] | None = None, *, manifest: str = MANIFEST
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), MIMETYPE, compress_type=zipfile.ZIP_STORED)
        data = content_xml.encode("utf-8") if isinstance(content_xml, str) else content_xml
        archive.writestr("content.xml", data, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        for name, value in (extra or {}).items():
            archive.writestr(name, value, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def good(count: int = 3, *, tail: str = LIBREOFFICE_TAIL) -> bytes:
    """A clean .ods with ``count`` workers, laid out as LibreOffice saves it (the empty repeated tail)."""
    trailing = '<table:table-cell table:number-columns-repeated="1011"/>'
    rows = "".join(row("".join(cell(v) for v in worker(index + 1)) + trailing) for index in range(count))
    return package(content(table(header_row() + rows + tail)))


# --- The tricks --------------------------------------------------------------------------------------


def rows_repeated_with_content(repeat: int = 1_000_000) -> bytes:
    """One worker row claiming to repeat a million times: calamine would copy it a million times."""
    data_row = row("".join(cell(v) for v in worker(1)), repeat=repeat)
    return package(content(table(header_row() + data_row)))


def columns_repeated_with_content(repeat: int = 16_384) -> bytes:
    """A cell with a value repeated across 16,384 columns."""
    return package(content(table(header_row() + row(string_cell("x", repeat)))))


def empty_run_between_values(run: int = 1_000_000) -> bytes:
    """A value, a million empty cells, another value: the row is a million cells wide."""
    bomb = row(
        string_cell("x") + f'<table:table-cell table:number-columns-repeated="{run}"/>' + string_cell("y")
    )
    return package(content(table(header_row() + bomb)))


def empty_run_inside_rows(rows: int = 5, run: int = 1_000_000) -> bytes:
    """Rows of a million *empty* cells followed by one more empty cell, after a worker: no extent at all."""
    bomb = row(f'<table:table-cell table:number-columns-repeated="{run}"/><table:table-cell/>')
    return package(content(table(header_row() + worker_rows(1) + bomb * rows)))


def cells_over_cap() -> bytes:
    """50 columns (under the column cap) × 72,000 rows (under the row cap): 3.6 million cells."""
    wide = row(string_cell("x", 50), repeat=72_000)
    return package(content(table(header_row() + wide)))


def sheets_together_over_cap() -> bytes:
    """Two sheets of 2 million cells each: under the cap one by one, calamine holds both at once."""
    wide = row(string_cell("x", 40), repeat=50_000)
    return package(content(table(header_row() + wide) + table(wide, name="Lain")))


def deep_nesting(depth: int = 200) -> bytes:
    inner = "<text:span>" * depth + "x" + "</text:span>" * depth
    deep = row(f'<table:table-cell office:value-type="string"><text:p>{inner}</text:p></table:table-cell>')
    return package(content(table(header_row() + deep)))


def doctype_with_entities() -> bytes:
    prolog = (
        '<!DOCTYPE office:document-content [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;">]>'
    )
    return package(content(table(header_row() + row(string_cell("&b;"))), prolog=prolog))


def entity_in_styles() -> bytes:
    styles = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
    return package(content(table(header_row() + worker_rows(1))), {"styles.xml": styles})


def basic_macro() -> bytes:
    module = '<?xml version="1.0" encoding="UTF-8"?><script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">Sub Main\nEnd Sub</script:module>'
    return package(content(table(header_row() + worker_rows(1))), {"Basic/Standard/Module1.xml": module})


def encrypted() -> bytes:
    manifest = MANIFEST.replace(
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>',
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
        '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"/></manifest:file-entry>',
    )
    return package(b"\x8f\x13 encrypted bytes \x00\x01", manifest=manifest)


def bad_repeat() -> bytes:
    return package(
        content(
            table(
                header_row()
                + row(string_cell("x"), repeat=1).replace(
                    "<table:table-row>", '<table:table-row table:number-rows-repeated="-5">'
                )
            )
        )
    )


def table_inside_a_cell() -> bytes:
    nested = row(f"<table:table-cell>{table(row(string_cell('x')), name='dalam')}</table:table-cell>")
    return package(content(table(header_row() + nested)))


def utf16_content() -> bytes:
    text = content(table(header_row() + worker_rows(1))).replace('encoding="UTF-8"', 'encoding="UTF-16"')
    return package(text.encode("utf-16"))


def bomb(megabytes: int = 40, *, lie: bool = False) -> bytes:
    """content.xml of ``megabytes`` MB of spaces (40 KB packed). With ``lie``, its zip headers claim 1000
    bytes: Python's zipfile then stops unpacking at 1000 bytes and the checksum fails."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo("content.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        head, tail = content(table(header_row() + "@@")).split("@@")
        with archive.open(info, "w", force_zip64=False) as out:
            out.write(head.encode())
            chunk = b" " * 2**20
            for _ in range(megabytes):
                out.write(chunk)
            out.write(tail.encode())
    data = bytearray(buffer.getvalue())
    if not lie:
        return bytes(data)
    entry = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("content.xml")
    struct.pack_into("<I", data, entry.header_offset + 22, 1000)  # local header: uncompressed size
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        (name_length,) = struct.unpack_from("<H", data, central + 28)
        if data[central + 46 : central + 46 + name_length] == b"content.xml":
            struct.pack_into("<I", data, central + 24, 1000)  # central directory: uncompressed size
            break
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


def header_only() -> bytes:
    return package(content(table(header_row() + LIBREOFFICE_TAIL)))
