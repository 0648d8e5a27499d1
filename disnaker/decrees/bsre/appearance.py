"""The picture of a visible BSrE signature: the QR code to the decree's verification page and the words
"Ditandatangani secara elektronik oleh … menggunakan sertifikat elektronik yang diterbitkan oleh BSrE"
(the esign-client draws the ``imageBase64`` it is sent in the signature's box). Pillow and segno only.

A greyscale PNG (the picture is black on white), saved with zlib's fastest level and without Pillow's
``optimize`` pass, which tried every zlib setting and took ~25 ms of each decree of a batch (the file is
~11 kB instead of ~8 kB: it travels base64 to the esign-client once)."""

from __future__ import annotations

import io
import textwrap

from PIL import Image, ImageDraw, ImageFont

from ..qr import qr_matrix

#: Pixels per millimetre of the box (about 250 dpi: sharp in print).
SCALE = 10


def signature_image(verify_url: str, signer_name: str, *, width_mm: float, height_mm: float) -> bytes:
    """A PNG of ``width_mm`` × ``height_mm``: the QR code square on the left, the words on the right."""
    width, height = round(width_mm * SCALE), round(height_mm * SCALE)
    image = Image.new("L", (width, height), 255)
    matrix = qr_matrix(verify_url)
    border = 2
    modules = len(matrix) + 2 * border
    qr_image = Image.new("L", (modules, modules), 255)
    qr_image.putdata([0 if dark else 255 for row in _with_border(matrix, border) for dark in row])
    image.paste(qr_image.resize((height, height), Image.NEAREST), (0, 0))
    text = (
        f"Ditandatangani secara elektronik oleh {signer_name} menggunakan sertifikat elektronik yang "
        "diterbitkan oleh BSrE"
    )
    draw = ImageDraw.Draw(image)
    left = height + 2 * SCALE
    for size in (30, 26, 22, 18, 15):
        font = ImageFont.load_default(size=size)
        chars = max(8, int((width - left) / (size * 0.52)))
        lines = textwrap.wrap(text, chars)
        line_height = size + 4
        if len(lines) * line_height <= height:
            break
    top = max(0, (height - len(lines) * line_height) // 2)
    for index, line in enumerate(lines):
        draw.text((left, top + index * line_height), line, fill=0, font=font)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=1)
    return out.getvalue()


def _with_border(matrix: tuple[tuple[bool, ...], ...], border: int) -> list[tuple[bool, ...]]:
    """The modules with ``border`` light modules of quiet zone on every side."""
    side = (False,) * border
    blank = (False,) * (len(matrix) + 2 * border)
    return [blank] * border + [side + row + side for row in matrix] + [blank] * border
