"""A Keputusan (issue 13 §2, helper 04 kep): title with NOMOR and TENTANG, the diktum, and a Lampiran that
ends with the signer block again. Built from :mod:`disnaker.decrees.pdf`'s parts; kept apart so ``pdf.py``
stays under the 600-line rule. Imports no domain app."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table

from .pdf import (
    SIGN,
    TITLE,
    Block,
    LetterContext,
    ListAppendix,
    _list_table,
    blocks_to_flowables,
    closing_block,
    flush_style,
    letterhead,
    numbered_doc,
    signature_block,
)


@dataclass(frozen=True)
class KeputusanAppendix:
    """The Lampiran of a Keputusan: its header (top right), heading, table and the signer block again."""

    header: str  # "LAMPIRAN KEPUTUSAN KEPALA DINAS … NOMOR … TANGGAL …", may hold <br/>
    heading: str
    columns: Sequence[tuple[str, float]]
    rows: Sequence[Sequence[str]]


def render_keputusan(
    ctx: LetterContext, *, about: str, blocks: Sequence[Block], appendix: KeputusanAppendix | None = None
) -> bytes:
    """A Keputusan: letterhead, ``ctx.title`` ("KEPUTUSAN KEPALA DINAS …"), ``NOMOR``, ``TENTANG`` and
    ``about``, then ``blocks`` (Menimbang … Menetapkan), the signature with QR and tembusan; the appendix on a
    new page ends with the signer block again (Permendagri 1/2023 tata naskah dinas: a lampiran is signed)."""
    closing = closing_block(place=ctx.place, day=ctx.issued_on, signer=ctx.signer, verify_url=ctx.verify_url,
                            copies_to=ctx.copies_to, document_name=ctx.document_name)  # fmt: skip
    story: list[Flowable] = [
        *letterhead(ctx.letterhead),
        Paragraph(ctx.title, TITLE),
        Paragraph(f"NOMOR {escape(ctx.number)}", TITLE),
        Spacer(1, 2 * mm),
        Paragraph("TENTANG", TITLE),
        Paragraph(about, TITLE),
        Spacer(1, 5 * mm),
        *blocks_to_flowables(blocks),
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
                  signature_block(place=ctx.place, day=ctx.issued_on, signer=ctx.signer, qr_url=ctx.verify_url)]  # fmt: skip
    return numbered_doc(
        ctx.document_name, ctx.number, letterhead=ctx.letterhead, subject=ctx.subject, story=story
    )
