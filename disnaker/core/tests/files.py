"""Test data generators for uploads: real files made here, and hostile ones."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)


def make_pdf(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _pdf_with_open_action(action: dict) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    action_object = DictionaryObject({NameObject(key): value for key, value in action.items()})
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action_object)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_pdf_with_javascript() -> bytes:
    """A PDF whose /OpenAction runs JavaScript when opened."""
    return _pdf_with_open_action(
        {"/S": NameObject("/JavaScript"), "/JS": TextStringObject("app.alert('x');")}
    )


def make_pdf_with_launch() -> bytes:
    """A PDF whose /OpenAction launches a program."""
    return _pdf_with_open_action({"/S": NameObject("/Launch"), "/F": TextStringObject("calc.exe")})


def make_encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="rahasia", owner_password="rahasia2", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_image(fmt: str = "PNG", size: tuple[int, int] = (64, 40), exif: bool = False) -> bytes:
    image = Image.new("RGB", size, (30, 90, 160))
    out = io.BytesIO()
    if exif and fmt == "JPEG":
        data = Image.Exif()
        data[0x010F] = "KameraRahasia"  # Make
        data[0x0131] = "GPS-di-sini"  # Software
        image.save(out, format=fmt, exif=data.tobytes())
    else:
        image.save(out, format=fmt)
    return out.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def make_png_bomb(width: int = 60_000, height: int = 60_000) -> bytes:
    """A tiny PNG whose header claims billions of pixels (a decompression bomb)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    # One compressed run of zero rows: a few KB that would inflate to gigabytes.
    compressor = zlib.compressobj(9)
    row = b"\x00" * (width + 1)
    data = b"".join(compressor.compress(row) for _ in range(50)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", data)
        + _png_chunk(b"IEND", b"")
    )


HTML_AS_PDF = b"<!doctype html><html><body><script>alert(1)</script>Surat</body></html>"


def _written(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _action(action: dict) -> DictionaryObject:
    return DictionaryObject({NameObject(key): value for key, value in action.items()})


URI_ACTION = {"/S": NameObject("/URI"), "/URI": TextStringObject("https://contoh-phishing.example/masuk")}
SUBMIT_FORM_ACTION = {"/S": NameObject("/SubmitForm"), "/F": TextStringObject("https://contoh.example/kirim")}
GOTOR_ACTION = {"/S": NameObject("/GoToR"), "/F": TextStringObject("\\\\203.0.113.5\\share\\x.pdf")}
GOTOE_ACTION = {"/S": NameObject("/GoToE"), "/T": DictionaryObject({NameObject("/R"): NameObject("/C")})}
IMPORT_DATA_ACTION = {"/S": NameObject("/ImportData"), "/F": TextStringObject("data.fdf")}


def make_pdf_with_open_action(action: dict) -> bytes:
    """A PDF whose /OpenAction (run when the document is opened) is ``action``."""
    return _pdf_with_open_action(action)


def make_pdf_opening_at_a_page() -> bytes:
    """A PDF whose /OpenAction is only a destination (open page 1, fit to window), as some editors write."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    writer._root_object[NameObject("/OpenAction")] = ArrayObject(
        [page.indirect_reference, NameObject("/Fit")]
    )
    return _written(writer)


def make_pdf_with_page_additional_action(action: dict) -> bytes:
    """A PDF whose page carries an /AA (additional action) run when the page is shown (/O)."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): writer._add_object(_action(action))})
    return _written(writer)


def make_pdf_with_link(action: dict) -> bytes:
    """A PDF with a clickable link annotation whose action is ``action`` (no automatic action)."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    link = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([NumberObject(n) for n in (50, 50, 300, 80)]),
            NameObject("/A"): _action(action),
        }
    )
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(link)])
    return _written(writer)


def make_pdf_with_unreachable_object(body: bytes) -> bytes:
    """A clean PDF with an object appended after %%EOF that nothing references (an incremental-update
    trick: pypdf never reaches it, a viewer may)."""
    return make_pdf() + b"\n99 0 obj\n" + body + b"\nendobj\n"


def make_pdf_with_stream_bytes(data: bytes) -> bytes:
    """A clean PDF whose page content stream holds ``data`` (as compressed image data might, by chance)."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    stream = StreamObject()
    stream.set_data(data)
    page[NameObject("/Contents")] = writer._add_object(stream)
    return _written(writer)
