"""Decrees and letters of the other kinds (Tanda Daftar BKK, bimtek certificates, the letter to the province):
one letter with an optional list, on the shared parts of :mod:`disnaker.decrees.pdf`."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table, TableStyle

from .pdf import (
    _TABLE_FONT,
    _TABLE_HEAD,
    BODY,
    BODY_AFTER,
    CENTER,
    SMALL,
    TABLE_PAD,
    TITLE,
    Block,
    Letterhead,
    Signer,
    blocks_to_flowables,
    closing_block,
    letter_opening,
    numbered_doc,
)


@dataclass(frozen=True)
class LetterContext:
    """The fixed parts every decree or letter shares, for :func:`render_letter`."""

    letterhead: Letterhead
    title: str  # may hold <br/>
    number: str
    issued_on: datetime.date
    place: str
    signer: Signer
    verify_url: str
    copies_to: tuple[str, ...] = ()
    document_name: str = "Surat"  # "Surat Keputusan", "Tanda Daftar"…: in the footer and the PDF title
    subject: str = ""  # the PDF's subject metadata (the BKK, the PAK…)


@dataclass(frozen=True)
class ListAppendix:
    """A table after the letter: plain-string rows, the header repeated on every page."""

    heading: str
    columns: Sequence[tuple[str, float]]  # header, width; widths should sum to FRAME_WIDTH
    rows: Sequence[Sequence[str]]
    caption: str = ""
    new_page: bool = True


def _list_table(appendix: ListAppendix) -> Table:
    header = [Paragraph(f"<b>{escape(h)}</b>", _TABLE_HEAD) for h, _w in appendix.columns]
    cell = ParagraphStyle("list_cell", parent=BODY, fontSize=9, leading=11)
    data = [header] + [[Paragraph(escape(str(v)), cell) for v in row] for row in appendix.rows]
    style = TableStyle(
        [
            _TABLE_FONT,
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#444444")),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), TABLE_PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), TABLE_PAD),
        ]
    )
    return Table(data, colWidths=[w for _h, w in appendix.columns], repeatRows=1, style=style)


def render_letter(ctx: LetterContext, blocks: Sequence[Block], appendix: ListAppendix | None = None) -> bytes:
    """A one-off letter or decree: letterhead, title, number, ``blocks``, signature with QR, tembusan, and
    ``appendix`` as a table (after a page break unless ``appendix.new_page`` is false)."""
    closing = closing_block(place=ctx.place, day=ctx.issued_on, signer=ctx.signer, verify_url=ctx.verify_url,
                            copies_to=ctx.copies_to, document_name=ctx.document_name)  # fmt: skip
    story: list[Flowable] = [
        *letter_opening(ctx.letterhead, ctx.title, ctx.number),
        *blocks_to_flowables(blocks),
    ]
    if appendix is not None and not appendix.new_page:
        story += [Paragraph(f"<b>{escape(appendix.heading)}</b>", BODY_AFTER), _list_table(appendix)]
    story += [Spacer(1, 4 * mm), closing]
    if appendix is not None and appendix.new_page:
        story += [
            PageBreak(),
            Paragraph(f"Lampiran {escape(ctx.document_name)} Nomor {escape(ctx.number)}", SMALL),
            Spacer(1, 4 * mm),
            Paragraph(escape(appendix.heading), TITLE),
        ]
        if appendix.caption:
            story.append(Paragraph(escape(appendix.caption), CENTER))
        story += [Spacer(1, 4 * mm), _list_table(appendix)]
    return numbered_doc(
        ctx.document_name, ctx.number, letterhead=ctx.letterhead, subject=ctx.subject, story=story
    )
