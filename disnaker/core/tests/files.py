"""Test data generators for uploads: real files made here, and hostile ones."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject


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
