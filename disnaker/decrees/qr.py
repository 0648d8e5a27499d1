"""The QR code of a decree's signature block, drawn as vector squares, and the named destination where a
signer that draws its own visible signature (BSrE) finds it."""

from __future__ import annotations

from functools import lru_cache

import segno
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFObjectReference
from reportlab.platypus import Flowable

__all__ = ["SIGNATURE_ANCHOR", "SIGNATURE_BOX_WIDTH", "SIGNATURE_QR_SIZE", "QrCode", "qr_matrix"]

#: The named destination at the top left corner of the signature's QR code, and the size of the box there
#: (QR code and caption): where a signer that draws its own visible signature (BSrE) puts it.
SIGNATURE_ANCHOR = "tanda-tangan-qr"
SIGNATURE_QR_SIZE = 24 * mm
SIGNATURE_BOX_WIDTH = 66 * mm


@lru_cache(maxsize=256)
def qr_matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code's modules (``True`` = dark), without the quiet zone, error correction M.

    Cached: a decree draws its QR code twice (the letter and the appendix's closing signature) and the BSrE
    signature's picture a third time, and choosing a QR code's mask is the slow part of segno (~9 ms)."""
    return tuple(tuple(bool(v) for v in row) for row in segno.make(data, error="m", micro=False).matrix)


class QrCode(Flowable):
    """A QR code drawn as vector squares (crisp at any zoom, no image encoding). With ``anchor``, a named
    destination marks its top left corner."""

    def __init__(self, data: str, size: float, *, anchor: str | None = None):
        super().__init__()
        self.matrix = qr_matrix(data)
        self.size = size
        self.width = self.height = size
        self.anchor = anchor

    def wrap(self, avail_width, avail_height):
        return self.size, self.size

    def draw(self):
        matrix = self.matrix
        border = 2
        modules = len(matrix) + 2 * border
        unit = self.size / modules
        c = self.canv
        if self.anchor:
            # A named destination in the catalog's /Dests. Not canvas.bookmarkPage(): ReportLab writes only
            # the destinations an outline uses, and NumberedCanvas defers the pages, so the page is named
            # by its number ("PageN", resolved when the file is written).
            left, top = c.absolutePosition(0, self.size)
            dests = getattr(c._doc.Catalog, "Dests", None) or PDFDictionary({})
            dests.dict[self.anchor] = PDFArray([PDFObjectReference(f"Page{c.getPageNumber()}"), PDFName("XYZ"),
                                                round(left, 2), round(top, 2), 0])  # fmt: skip
            c._doc.Catalog.Dests = dests
        c.setFillColor(colors.black)
        # One path of rectangles (each run of dark modules in a row), filled once.
        path = c.beginPath()
        count = len(matrix)
        for y, row in enumerate(matrix):
            top = self.size - (y + border + 1) * unit
            x = 0
            while x < count:
                if row[x]:
                    start = x
                    while x < count and row[x]:
                        x += 1
                    path.rect((start + border) * unit, top, (x - start) * unit, unit)
                else:
                    x += 1
        c.drawPath(path, stroke=0, fill=1)
