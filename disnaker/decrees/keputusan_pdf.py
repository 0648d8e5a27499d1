"""A Keputusan (issue 13 §2, helper 04 kep): title with NOMOR and TENTANG, the diktum, and a Lampiran that
ends with the signer block again. Built from :mod:`disnaker.decrees.pdf`'s parts; kept apart so ``pdf.py``
stays under the 600-line rule. Imports no domain app."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table

from .letter_pdf import LetterContext, ListAppendix, _list_table
from .numbering import date_id
from .pdf import (
    BODY,
    FRAME_WIDTH,
    SIGN,
    TITLE,
    Block,
    blocks_to_flowables,
    copies_block,
    flush_style,
    letterhead,
    numbered_doc,
    signature_block,
    verification_note,
)


@dataclass(frozen=True)
class Recitals:
    """A lettered or numbered part of a Keputusan ("Menimbang : a. …"): the label and colon once, each item
    with its mark in a column of its own so that a wrapped line hangs under the item's text, not its mark."""

    label: str
    marks: Sequence[str]
    items: Sequence[str]  # paragraph markup
    label_width: float = 32 * mm
    font_size: float = 10


def _recitals(block: Recitals) -> Table:
    style = ParagraphStyle(f"recital_{block.font_size}", parent=BODY, fontSize=block.font_size,
                           leading=block.font_size * 1.25)  # fmt: skip
    mark_width = 7 * mm
    rows = [
        [Paragraph(block.label if i == 0 else "", style), Paragraph(":" if i == 0 else "", style),
         Paragraph(mark, style), Paragraph(text, style)]
        for i, (mark, text) in enumerate(zip(block.marks, block.items, strict=False))
    ]  # fmt: skip
    widths = [block.label_width, 4 * mm, mark_width, FRAME_WIDTH - block.label_width - 4 * mm - mark_width]
    table = Table(rows, colWidths=widths, hAlign="RIGHT")
    table.setStyle(flush_style("TOP", right=2, top=0.5, bottom=0.5))
    return table


def _flowables(blocks: Sequence[Block | Recitals]) -> list[Flowable]:
    out: list[Flowable] = []
    for block in blocks:
        out += [_recitals(block)] if isinstance(block, Recitals) else blocks_to_flowables([block])
    return out


def _dated(ctx: LetterContext) -> list[str]:
    """A Keputusan's place and date of enactment (Permendagri 1/2023 tata naskah dinas, the Keputusan form)."""
    return [f"Ditetapkan di {escape(ctx.place)}", f"pada tanggal {date_id(ctx.issued_on)}"]


@dataclass(frozen=True)
class KeputusanAppendix:
    """The Lampiran of a Keputusan: its header (top right), heading, table and the signer block again."""

    header: str  # "LAMPIRAN KEPUTUSAN KEPALA DINAS … NOMOR … TANGGAL …", may hold <br/>
    heading: str
    columns: Sequence[tuple[str, float]]
    rows: Sequence[Sequence[str]]


def render_keputusan(
    ctx: LetterContext,
    *,
    about: str,
    blocks: Sequence[Block | Recitals],
    appendix: KeputusanAppendix | None = None,
) -> bytes:
    """A Keputusan: letterhead, ``ctx.title`` ("KEPUTUSAN KEPALA DINAS …"), ``NOMOR``, ``TENTANG`` and
    ``about``, then ``blocks`` (Menimbang … Menetapkan), "Ditetapkan di … pada tanggal …" with the signature
    and QR, and the tembusan; the appendix on a new page ends with the signer block again (Permendagri 1/2023
    tata naskah dinas: a lampiran is signed)."""
    closing = KeepTogether(
        [
            signature_block(
                place=ctx.place,
                day=ctx.issued_on,
                signer=ctx.signer,
                qr_url=ctx.verify_url,
                dated=_dated(ctx),
            ),  # fmt: skip
            *copies_block(ctx.copies_to),
            Spacer(1, 5 * mm),
            verification_note(ctx.verify_url, ctx.document_name),
        ]
    )
    story: list[Flowable] = [
        *letterhead(ctx.letterhead),
        Paragraph(ctx.title, TITLE),
        Paragraph(f"NOMOR {escape(ctx.number)}", TITLE),
        Spacer(1, 2 * mm),
        Paragraph("TENTANG", TITLE),
        Paragraph(about, TITLE),
        Spacer(1, 5 * mm),
        *_flowables(blocks),
        Spacer(1, 4 * mm),
        closing,
    ]
    if appendix is not None:
        header = Table([[Paragraph(appendix.header, SIGN)]], colWidths=[95 * mm], hAlign="RIGHT")
        header.setStyle(flush_style("TOP"))
        story += [PageBreak(), header, Spacer(1, 6 * mm), Paragraph(escape(appendix.heading), TITLE),
                  Spacer(1, 4 * mm), _list_table(ListAppendix(heading=appendix.heading, columns=appendix.columns,
                                                              rows=appendix.rows)),
                  Spacer(1, 6 * mm),
                  signature_block(place=ctx.place, day=ctx.issued_on, signer=ctx.signer, qr_url=ctx.verify_url,
                                  dated=_dated(ctx))]  # fmt: skip
    return numbered_doc(
        ctx.document_name, ctx.number, letterhead=ctx.letterhead, subject=ctx.subject, story=story
    )
