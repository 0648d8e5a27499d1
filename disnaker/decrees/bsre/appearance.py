"""The picture of a visible BSrE signature: the QR code to the decree's verification page and the words
"Ditandatangani secara elektronik oleh … menggunakan sertifikat elektronik yang diterbitkan oleh BSrE"
(the esign-client draws the ``imageBase64`` it is sent in the signature's box). Pillow and segno only."""

from __future__ import annotations

import io
import textwrap

import segno
from PIL import Image, ImageDraw, ImageFont

#: Pixels per millimetre of the box (about 250 dpi: sharp in print).
SCALE = 10


def signature_image(verify_url: str, signer_name: str, *, width_mm: float, height_mm: float) -> bytes:
    """A PNG of ``width_mm`` × ``height_mm``: the QR code square on the left, the words on the right."""
    width, height = round(width_mm * SCALE), round(height_mm * SCALE)
    image = Image.new("RGB", (width, height), "white")
    qr = segno.make(verify_url, error="m", micro=False)
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=max(1, height // (qr.symbol_size(border=2)[0])), border=2)
    qr_image = (
        Image.open(io.BytesIO(buffer.getvalue())).convert("RGB").resize((height, height), Image.NEAREST)
    )
    image.paste(qr_image, (0, 0))
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
        draw.text((left, top + index * line_height), line, fill="black", font=font)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
