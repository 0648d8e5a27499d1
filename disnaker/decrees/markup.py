"""Office texts with ``{placeholders}`` and ``**bold**`` turned into ReportLab markup or plain text: shared
by every decree whose wording an office edits (the SK Pencatatan PKWT, the SK Penetapan PAK)."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

_TOKEN = re.compile(r"\{([^{}]*)\}")


def fill_markup(text: str, values: dict[str, str]) -> str:
    """``text`` as ReportLab paragraph markup: every piece escaped, placeholders replaced by their escaped
    value, ``**x**`` made bold, a single line break kept. An unknown token (refused when the text was saved)
    prints as written."""
    out: list[str] = []
    bold = False
    position = 0
    for match in _TOKEN.finditer(text):
        bold = _literal(text[position : match.start()], out, bold)
        name = match.group(1)
        out.append(escape(values[name]) if name in values else escape(match.group(0)))
        position = match.end()
    bold = _literal(text[position:], out, bold)
    if bold:
        out.append("</b>")
    return "".join(out).replace("\n", "<br/>")


def _literal(piece: str, out: list[str], bold: bool) -> bool:
    parts = piece.split("**")
    for index, part in enumerate(parts):
        if index:
            bold = not bold
            out.append("<b>" if bold else "</b>")
        out.append(escape(part))
    return bold


def fill_plain(text: str, values: dict[str, str]) -> str:
    """``text`` with its placeholders filled, as plain text (no markup): for titles in metadata and pages."""
    return _TOKEN.sub(lambda m: values.get(m.group(1), m.group(0)), text).replace("**", "")
