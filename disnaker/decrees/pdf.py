"""The decree PDF, drawn with ReportLab: page 1 is the official letter, then the appendix table.

Nothing here touches the database: a renderer takes a frozen context dataclass and an iterable of plain row
tuples, so the benchmark (``bench/decree_pdf.py``) runs it without Django models.

The wording of each kind lives with its app (``pkwt/documents.py``, ``placement/documents.py``,
``training/documents.py``): a letter is a list of simple blocks (``Para``, ``Fields``, ``Space``) between the
fixed parts here (letterhead, title, number, signature, tembusan, QR code, page footer) that every kind of
decree shares. This module imports no domain app.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from .fonts import register as register_fonts
from .numbering import date_id, format_nip
from .pdfa import make_pdfa
from .qr import SIGNATURE_ANCHOR, SIGNATURE_BOX_WIDTH, SIGNATURE_QR_SIZE, QrCode

# --- Page and type ---------------------------------------------------------------------------------------

PAGE_SIZE = A4  # Permendagri 1/2023 (tata naskah dinas) uses A4; change here for F4 (215 × 330 mm).
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 25 * mm, 20 * mm, 12 * mm, 18 * mm
FRAME_WIDTH = PAGE_SIZE[0] - MARGIN_LEFT - MARGIN_RIGHT
FONT, FONT_BOLD = register_fonts()  # embedded TrueType (decrees/fonts.py), Helvetica only as fallback
INK = colors.HexColor("#111111")
MUTED = colors.HexColor("#555555")

BODY = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=15.5, alignment=TA_LEFT, textColor=INK)
BODY_AFTER = ParagraphStyle("body_after", parent=BODY, spaceAfter=7)
TITLE = ParagraphStyle("title", parent=BODY, fontName=FONT_BOLD, fontSize=12, leading=16, alignment=TA_CENTER)
CENTER = ParagraphStyle("center", parent=BODY, alignment=TA_CENTER)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8, leading=10.5, textColor=MUTED)
HEAD_GOV = ParagraphStyle(
    "head_gov", parent=BODY, fontName=FONT_BOLD, fontSize=13, leading=16, alignment=TA_CENTER
)
HEAD_OFFICE = ParagraphStyle("head_office", parent=HEAD_GOV, fontSize=15, leading=19)
HEAD_LINE = ParagraphStyle("head_line", parent=BODY, fontSize=9, leading=11.5, alignment=TA_CENTER)
SIGN = ParagraphStyle("sign", parent=BODY, leading=14.5)
SIGN_NAME = ParagraphStyle("sign_name", parent=SIGN, fontName=FONT_BOLD)

#: Every table names the font: a cell's default is ReportLab's Helvetica, which would be set (unembedded) even
#: for cells holding only flowables.
_TABLE_FONT = ("FONT", (0, 0), (-1, -1), FONT)
TABLE_FONT_SIZE = 8
TABLE_LEADING = 9.6
TABLE_PAD = 2.5
_ROW_PAD_TOP, _ROW_PAD_BOTTOM = 1.6, 2.4


# --- Context ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Letterhead:
    government: str
    office: str
    address: str = ""
    contact: str = ""
    logo: bytes | None = None
    #: Signed with the development certificate: every page's footer says "bukan tanda tangan elektronik
    #: tersertifikasi" (in the bottom margin, so the layout of the letter does not move).
    not_certified: bool = False
    draft: bool = (
        False  # a preview before signing (``decrees/preview.py``): :data:`DRAFT_WATERMARK` on every page
    )


DRAFT_WATERMARK = "DRAFT — belum ditandatangani"
#: Above the footer of every page of a decree signed with the development certificate (issue 14).
NOT_CERTIFIED_LINE = "DOKUMEN UJI — ditandatangani dengan sertifikat pengembangan, bukan tanda tangan elektronik tersertifikasi"


@dataclass(frozen=True)
class Signer:
    position: str
    name: str
    rank: str = ""
    nip: str = ""
    certified_by: str = ""  # "BSrE": the caption by the QR code names the certified signature (issue 14)


# --- Letter blocks ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Para:
    """A left-aligned paragraph; ``text`` may use ReportLab's mini-markup (``<b>``, ``<br/>``)."""

    text: str
    space_after: bool = True


@dataclass(frozen=True)
class Fields:
    """``label : value`` rows, indented, as in a letter's identity block."""

    rows: Sequence[tuple[str, str]]
    indent: float = 8 * mm
    label_width: float = 44 * mm
    font_size: float | None = None  # smaller than the body's, e.g. for a long "Mengingat" list


@dataclass(frozen=True)
class Space:
    height: float = 4 * mm


Block = Para | Fields | Space


# --- Flowables -------------------------------------------------------------------------------------------


class LetterheadRule(Flowable):
    """The double rule under a letterhead: a thick line over a thin one."""

    def __init__(self, width: float):
        super().__init__()
        self.width, self.height = width, 3.2

    def draw(self):
        c = self.canv
        c.setStrokeColor(INK)
        c.setLineWidth(1.8)
        c.line(0, 2.6, self.width, 2.6)
        c.setLineWidth(0.5)
        c.line(0, 0.2, self.width, 0.2)


def letterhead(head: Letterhead) -> list[Flowable]:
    lines = []
    if head.government:
        lines.append(Paragraph(escape(head.government.upper()), HEAD_GOV))
    lines.append(Paragraph(escape(head.office.upper()), HEAD_OFFICE))
    for text in (head.address, head.contact):
        if text:
            lines.append(Paragraph(escape(text), HEAD_LINE))
    if not head.logo:
        return [*lines, Spacer(1, 2.5 * mm), LetterheadRule(FRAME_WIDTH), Spacer(1, 5 * mm)]
    reader = ImageReader(io.BytesIO(head.logo))
    width, height = reader.getSize()
    side = 25 * mm
    logo_height = min(22 * mm, (side - 3 * mm) * height / width)
    logo = _Image(reader, logo_height * width / height, logo_height)
    table = Table([[logo, lines]], colWidths=[side, FRAME_WIDTH - side])
    table.setStyle(flush_style("MIDDLE", bottom=2.5 * mm))
    return [table, LetterheadRule(FRAME_WIDTH), Spacer(1, 5 * mm)]


def flush_style(valign: str, *, right: float = 0, top: float = 0, bottom: float = 0) -> TableStyle:
    """A layout table's style: no left padding, the paddings given (none by default), cells aligned ``valign``."""
    return TableStyle(
        [
            _TABLE_FONT,
            ("VALIGN", (0, 0), (-1, -1), valign),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), right),
            ("TOPPADDING", (0, 0), (-1, -1), top),
            ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
        ]
    )


def letter_opening(head: Letterhead, title: str, number: str) -> list[Flowable]:
    """Letterhead, title (may hold ``<br/>``) and ``Nomor: …``: how every decree and letter begins."""
    return [*letterhead(head), Paragraph(title, TITLE), Paragraph(f"Nomor: {escape(number)}", CENTER),
            Spacer(1, 6 * mm)]  # fmt: skip


class _Image(Flowable):
    def __init__(self, reader: ImageReader, width: float, height: float):
        super().__init__()
        self.reader, self.width, self.height = reader, width, height

    def draw(self):
        self.canv.drawImage(self.reader, 0, 0, self.width, self.height, mask="auto")


def blocks_to_flowables(blocks: Iterable[Block]) -> list[Flowable]:
    out: list[Flowable] = []
    for block in blocks:
        if isinstance(block, Para):
            out.append(Paragraph(block.text, BODY_AFTER if block.space_after else BODY))
        elif isinstance(block, Fields):
            style = BODY
            if block.font_size:
                style = ParagraphStyle(
                    f"fields_{block.font_size}",
                    parent=BODY,
                    fontSize=block.font_size,
                    leading=block.font_size * 1.25,
                )
            rows = [
                [Paragraph(label, style), Paragraph(":", style), Paragraph(value or "-", style)]
                for label, value in block.rows
            ]
            widths = [block.label_width, 4 * mm, FRAME_WIDTH - block.indent - block.label_width - 4 * mm]
            table = Table(rows, colWidths=widths, hAlign="RIGHT")
            table.setStyle(flush_style("TOP", right=2, top=0.5, bottom=0.5))
            out.append(table)
        elif isinstance(block, Space):
            out.append(Spacer(1, block.height))
    return out


def signature_block(
    *, place: str, day: datetime.date, signer: Signer, qr_url: str | None, dated: Sequence[str] = ()
) -> Flowable:
    """Place and date (or the ``dated`` lines, e.g. a Keputusan's "Ditetapkan di … / pada tanggal …"), position,
    the QR code in the signature space, name, rank and NIP; right half."""
    cells: list[Flowable] = [Paragraph(line, SIGN) for line in dated] or [
        Paragraph(f"{escape(place)}, {date_id(day)}", SIGN)
    ]
    cells.append(Paragraph(escape(signer.position) + ",", SIGN))
    if qr_url:
        caption = Paragraph(f"Ditandatangani secara elektronik oleh {escape(signer.name)} menggunakan sertifikat "
                            f"elektronik yang diterbitkan oleh {escape(signer.certified_by)}" if signer.certified_by
                            else "Pindai kode QR untuk memeriksa keaslian surat ini.", SMALL)  # fmt: skip
        qr = Table([[QrCode(qr_url, SIGNATURE_QR_SIZE, anchor=SIGNATURE_ANCHOR), caption]],
                   colWidths=[26 * mm, SIGNATURE_BOX_WIDTH - 26 * mm], hAlign="LEFT")  # fmt: skip
        qr.setStyle(TableStyle([_TABLE_FONT, ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))  # fmt: skip
        cells.append(qr)
    else:
        cells.append(Spacer(1, 18 * mm))
    cells.append(Paragraph(f"<u>{escape(signer.name)}</u>", SIGN_NAME))
    if signer.rank:
        cells.append(Paragraph(escape(signer.rank), SIGN))
    if signer.nip:
        cells.append(Paragraph(f"NIP. {format_nip(signer.nip)}", SIGN))
    width = 84 * mm
    table = Table([[cell] for cell in cells], colWidths=[width], hAlign="RIGHT")
    table.setStyle(TableStyle([_TABLE_FONT, ("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))  # fmt: skip
    return table


def copies_block(copies: Sequence[str]) -> list[Flowable]:
    if not copies:
        return []
    out: list[Flowable] = [Spacer(1, 5 * mm), Paragraph("<u>Tembusan</u>:", SIGN)]
    rows = [[f"{i}.", Paragraph(escape(text), SIGN)] for i, text in enumerate(copies, 1)]
    table = Table(rows, colWidths=[7 * mm, FRAME_WIDTH - 7 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 11), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))  # fmt: skip
    out.append(table)
    return out


def verification_note(url: str, document_name: str = "Surat Keterangan") -> Flowable:
    if not url:  # a preview: no number, no QR code, no signature yet
        return Paragraph("Kode QR verifikasi dan tanda tangan elektronik dibubuhkan saat SK ditandatangani.", SMALL)  # fmt: skip
    return Paragraph(
        f"Keaslian {escape(document_name)} ini dapat diperiksa dengan memindai kode QR di atas atau membuka "
        f"{escape(url)}. Berkas PDF yang asli memuat tanda tangan digital kantor penerbit.",
        SMALL,
    )


def closing_block(
    *,
    place: str,
    day: datetime.date,
    signer: Signer,
    verify_url: str,
    copies_to: Sequence[str],
    document_name: str = "Surat Keterangan",
) -> Flowable:
    """The signature with its QR code, the tembusan and the verification note, kept on one page."""
    return KeepTogether(
        [
            signature_block(place=place, day=day, signer=signer, qr_url=verify_url),
            *copies_block(copies_to),
            Spacer(1, 5 * mm),
            verification_note(verify_url, document_name),
        ]
    )


# --- Appendix table --------------------------------------------------------------------------------------


def fit_cell(text: str, width: float) -> str:
    """Wrap ``text`` into lines no wider than ``width`` (ReportLab draws ``\\n`` in a cell as a new line);
    a word longer than the column is cut between letters."""
    if not text:
        return ""
    if stringWidth(text, FONT, TABLE_FONT_SIZE) <= width:
        return text
    lines = []
    for line in simpleSplit(text, FONT, TABLE_FONT_SIZE, width):
        while stringWidth(line, FONT, TABLE_FONT_SIZE) > width and len(line) > 1:
            cut = len(line) - 1
            while cut > 1 and stringWidth(line[:cut], FONT, TABLE_FONT_SIZE) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return "\n".join(lines)


def row_height(row: list[str]) -> float:
    """What ReportLab will make of a row of plain-string cells (``_APPENDIX_STYLE``'s leading and padding)."""
    lines = 1 + max(cell.count("\n") for cell in row)
    return lines * TABLE_LEADING + _ROW_PAD_TOP + _ROW_PAD_BOTTOM


def appendix_tables(
    data: list[list[str]],
    *,
    columns: Sequence[tuple[str, float]],
    first_page_height: float,
    page_height: float,
    tail_height: float = 0,
    centered_columns: Sequence[int] = (),
) -> list[Flowable]:
    """The appendix as one table per page, each with the header row.

    ReportLab can split one long table itself, but each split rebuilds the rest of the table, which is
    quadratic (20,000 rows took 13 s). Every cell here is a plain string whose height we know, so we cut the
    pages ourselves, greedily. If an estimate were ever off, ReportLab would still split the table (with the
    header repeated, ``repeatRows=1``) rather than lose rows.

    ``tail_height`` is what must follow the last row on the same page (the closing signature): if it does
    not fit, the last rows move to a new page with it, so a signature never stands alone on a page."""
    header = [Paragraph(f"<b>{h}</b>", _TABLE_HEAD) for h, _w in columns]
    widths = [w for _h, w in columns]
    style = TableStyle(
        [*_APPENDIX_STYLE.getCommands(), *(("ALIGN", (c, 1), (c, -1), "CENTER") for c in centered_columns)]
    )
    header_height = Table([header], colWidths=widths, style=style).wrap(FRAME_WIDTH, page_height)[1]

    def table(rows: list[list[str]]) -> Table:
        return Table([header, *rows], colWidths=widths, repeatRows=1, style=style)

    out: list[Flowable] = []
    chunk: list[list[str]] = []
    room = first_page_height - header_height
    for row in data:
        height = row_height(row)
        if chunk and height > room:
            out.append(table(chunk))
            chunk, room = [], page_height - header_height
        chunk.append(row)
        room -= height
    if tail_height and room < tail_height and len(chunk) > 1:
        keep = min(_ROWS_WITH_SIGNATURE, len(chunk) - 1)
        out += [table(chunk[:-keep]), PageBreak()]
        chunk = chunk[-keep:]
    out.append(table(chunk))
    return out


#: Rows carried to a new page with the closing signature when the signature does not fit under the table.
_ROWS_WITH_SIGNATURE = 3


_TABLE_HEAD = ParagraphStyle("table_head", parent=BODY, fontSize=TABLE_FONT_SIZE, leading=TABLE_LEADING,
                             alignment=TA_CENTER)  # fmt: skip
_APPENDIX_STYLE = TableStyle(
    [
        ("FONT", (0, 0), (-1, -1), FONT, TABLE_FONT_SIZE, TABLE_LEADING),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#444444")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("ALIGN", (0, 1), (0, -1), "RIGHT"),
        ("LEFTPADDING", (0, 0), (-1, -1), TABLE_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), TABLE_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), _ROW_PAD_TOP),
        ("BOTTOMPADDING", (0, 0), (-1, -1), _ROW_PAD_BOTTOM),
    ]
)


# --- Page footer "Halaman X dari Y" -----------------------------------------------------------------------


class NumberedCanvas(canvas.Canvas):
    """Keeps every page until the end so each footer can say "Halaman X dari Y" in one pass."""

    def __init__(self, *args, footer_left: str = "", notice: str = "", watermark: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        self._footer_left = footer_left
        self._notice = notice
        self._watermark = watermark

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._footer(total)
            super().showPage()
        make_pdfa(self)  # PDF/A-2b: output intent and XMP metadata (decrees/pdfa.py)
        super().save()

    def _footer(self, total: int) -> None:
        self.saveState()
        self.setFont(FONT, 7.5)
        self.setFillColor(MUTED)
        y = MARGIN_BOTTOM - 9 * mm
        if self._footer_left:
            self.drawString(MARGIN_LEFT, y, self._footer_left)
        self.drawRightString(PAGE_SIZE[0] - MARGIN_RIGHT, y, f"Halaman {self._pageNumber} dari {total}")
        if self._notice:
            self.setFont(FONT_BOLD, 7.5)
            self.setFillColor(colors.HexColor("#b00020"))
            self.drawCentredString(MARGIN_LEFT + FRAME_WIDTH / 2, y + 3.6 * mm, self._notice)
        if self._watermark:
            self.setFont(FONT_BOLD, 30)
            self.setFillColor(colors.Color(0.75, 0.1, 0.1, alpha=0.28))
            self.translate(PAGE_SIZE[0] / 2, PAGE_SIZE[1] / 2)
            self.rotate(55)
            self.drawCentredString(0, 0, self._watermark)
        self.restoreState()


# --- Renderers -------------------------------------------------------------------------------------------

#: The frame's usable height (SimpleDocTemplate's frame pads 6 pt on each side).
BODY_HEIGHT = PAGE_SIZE[1] - MARGIN_TOP - MARGIN_BOTTOM - 12


def story_height(flowables: Iterable[Flowable]) -> float:
    return sum(
        f.wrap(FRAME_WIDTH, BODY_HEIGHT)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in flowables
    )


@dataclass
class Doc:
    title: str
    author: str
    subject: str
    footer_left: str
    story: list[Flowable] = field(default_factory=list)
    #: A red line above every page's footer (:data:`NOT_CERTIFIED_LINE` for a development signature).
    notice: str = ""
    watermark: str = ""  # :data:`DRAFT_WATERMARK` for a preview
    #: Called with the number of each page as ReportLab finishes laying it out.
    on_page: Callable[[int], None] | None = None

    def build(self) -> bytes:
        out = io.BytesIO()
        doc = SimpleDocTemplate(
            out,
            pagesize=PAGE_SIZE,
            leftMargin=MARGIN_LEFT,
            rightMargin=MARGIN_RIGHT,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=self.title,
            author=self.author,
            subject=self.subject,
            creator="Layanan Disnaker",
            lang="id-ID",
            initialFontName=FONT,  # else each page's preamble adds an unembedded Helvetica
        )
        hooks = {}
        if self.on_page is not None:
            report = self.on_page

            def page_done(_canvas, document):
                report(document.page)

            hooks = {"onFirstPage": page_done, "onLaterPages": page_done}
        doc.build(
            self.story,
            canvasmaker=partial(
                NumberedCanvas, footer_left=self.footer_left, notice=self.notice, watermark=self.watermark
            ),  # fmt: skip
            **hooks,
        )
        return out.getvalue()


def numbered_doc(
    name: str,
    number: str,
    *,
    letterhead: Letterhead,
    subject: str,
    story: list[Flowable],
    short_name: str = "",
    on_page: Callable[[int], None] | None = None,
) -> bytes:
    """Build a decree's PDF: titled "``name`` ``number``", by the office of its letterhead, with the footer
    "``short_name`` (else ``name``) Nomor ``number``"."""
    return Doc(
        title=f"{name} {number}",
        author=letterhead.office,
        subject=subject,
        footer_left=f"{short_name or name} Nomor {number}",
        story=story,
        on_page=on_page,
        notice=NOT_CERTIFIED_LINE if letterhead.not_certified else "",
        watermark=DRAFT_WATERMARK if letterhead.draft else "",
    ).build()
