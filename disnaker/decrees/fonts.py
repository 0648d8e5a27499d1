"""The decree PDF's typeface: Liberation Sans, a TrueType font embedded (subset) in every PDF.

Liberation Sans (Debian ``fonts-liberation``, SIL Open Font License) has the metrics of Helvetica/Arial, so
the layout of the decrees (column widths, page breaks) stays as it was with ReportLab's Helvetica, which is
*not* embedded and so cannot meet PDF/A. ``scripts/ensure_fonts.sh`` installs the package; DejaVu Sans
(``fonts-dejavu-core``) is the second choice. Without either, ReportLab's Helvetica is used and a warning
is logged, so a machine without the fonts still issues decrees (with unembedded fonts).
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

logger = logging.getLogger(__name__)

#: (regular, bold) candidates, in order of preference.
FONT_DIRS = (Path("/usr/share/fonts/truetype/liberation"), Path("/usr/share/fonts/truetype/dejavu"))
CANDIDATES = (
    ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
)
REGULAR, BOLD = "DisnakerSans", "DisnakerSans-Bold"


def _find() -> tuple[Path, Path] | None:
    for regular, bold in CANDIDATES:
        for directory in FONT_DIRS:
            pair = directory / regular, directory / bold
            if pair[0].is_file() and pair[1].is_file():
                return pair
    return None


@cache
def register() -> tuple[str, str]:
    """Register the embedded font with ReportLab once; return the (regular, bold) names to draw with."""
    found = _find()
    if found is None:
        logger.warning(
            "Font TrueType untuk SK tidak ditemukan (pasang fonts-liberation: scripts/ensure_fonts.sh); "
            "memakai Helvetica yang tidak tertanam."
        )
        return "Helvetica", "Helvetica-Bold"
    pdfmetrics.registerFont(TTFont(REGULAR, str(found[0])))
    pdfmetrics.registerFont(TTFont(BOLD, str(found[1])))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)
    return REGULAR, BOLD
