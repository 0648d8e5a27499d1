"""The SK Pencatatan PKWT: its wording, its appendix of workers, and its issue through the decrees app.

To change the wording of the letter, edit :func:`pkwt_letter_blocks` only: it returns the letter as a list of
simple blocks (``Para``, ``Fields``, ``Space``) between the fixed parts every kind of decree shares
(``decrees/pdf.py``). The renderer takes a frozen context and plain row tuples, so the benchmark
(``bench/decree_pdf.py``) runs it without the database.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle

from disnaker.core.formats import format_npwp
from disnaker.core.nik import nik_mask
from disnaker.decrees.constants import DecreeKind
from disnaker.decrees.models import Decree
from disnaker.decrees.numbering import date_id, terbilang
from disnaker.decrees.pdf import (
    BODY_HEIGHT,
    CENTER,
    FONT,
    FRAME_WIDTH,
    TABLE_PAD,
    TITLE,
    Block,
    Fields,
    Letterhead,
    Para,
    Signer,
    Space,
    appendix_tables,
    blocks_to_flowables,
    closing_block,
    fit_cell,
    letter_opening,
    numbered_doc,
    signature_block,
    story_height,
)
from disnaker.decrees.services import DecreeFields, decree_issue

from .age_exceptions import exception_note
from .models import PkwtContract


@dataclass(frozen=True)
class PkwtDecreeContext:
    """Everything page 1 and the appendix print, as plain values."""

    letterhead: Letterhead
    number: str
    issued_on: datetime.date
    place: str
    issuer: str  # who states it in the body: the signer's position, e.g. "Kepala Dinas … Kabupaten Bekasi"
    company_name: str
    company_address: str
    company_npwp: str
    request_number: str
    worker_count: int
    signer: Signer
    verify_url: str
    copies_to: tuple[str, ...] = ()
    title: str = "SURAT KETERANGAN PENCATATAN<br/>PERJANJIAN KERJA WAKTU TERTENTU (PKWT)"


#: One appendix row: NIK (full; masked here), name, position, start, end, PKWT sequence, note.
PkwtRow = tuple[str, str, str, datetime.date, datetime.date, int, str]


def pkwt_letter_blocks(ctx: PkwtDecreeContext) -> list[Block]:
    """The body of the SK Pencatatan PKWT, between "Nomor" and the place/date line."""
    e = escape
    count = f"{ctx.worker_count:,}".replace(",", ".")
    return [
        Para(
            "Berdasarkan Peraturan Pemerintah Nomor 35 Tahun 2021 tentang Perjanjian Kerja Waktu Tertentu, "
            "Alih Daya, Waktu Kerja dan Waktu Istirahat, dan Pemutusan Hubungan Kerja, khususnya Pasal 14 "
            f"mengenai pencatatan PKWT, {e(ctx.issuer)} menerangkan bahwa perusahaan:"
        ),
        Fields(
            [
                ("Nama perusahaan", e(ctx.company_name)),
                ("Alamat", e(ctx.company_address).replace("\n", "<br/>")),
                ("NPWP", e(ctx.company_npwp)),
                ("Nomor permohonan", e(ctx.request_number)),
            ]
        ),
        Space(3 * mm),
        Para(
            "telah mencatatkan Perjanjian Kerja Waktu Tertentu (PKWT) bagi "
            f"<b>{count} ({terbilang(ctx.worker_count)}) orang pekerja</b>, dengan daftar nama sebagaimana "
            "tercantum dalam Lampiran yang merupakan bagian tidak terpisahkan dari Surat Keterangan ini."
        ),
        Para(
            "Pencatatan ini dilakukan berdasarkan data yang disampaikan oleh perusahaan; kebenaran data "
            "tersebut menjadi tanggung jawab perusahaan, dan pencatatan ini tidak mengurangi hak dan "
            "kewajiban para pihak menurut peraturan perundang-undangan."
        ),
        Para("Demikian Surat Keterangan ini dibuat untuk dipergunakan sebagaimana mestinya."),
    ]


APPENDIX_COLUMNS = (  # header, width
    ("No", 10 * mm),
    ("NIK", 25 * mm),
    ("Nama", 32 * mm),
    ("Jabatan", 27 * mm),
    ("Masa berlaku", 37 * mm),  # "05/01/2026 s.d. 04/01/2027" is 34.4 mm at 8 pt
    ("PKWT ke", 11 * mm),
)
APPENDIX_COLUMNS += (("Keterangan", FRAME_WIDTH - sum(w for _h, w in APPENDIX_COLUMNS)),)


def with_age_exception_notes(rows: Iterable[tuple]) -> Iterator[PkwtRow]:
    """``PkwtRow`` plus the ground of the row's exception for a worker under 18 (or None) → ``PkwtRow``, its
    *Keterangan* saying "Pengecualian usia: Pasal 69" (UU 13/2003 Pasal 69–71) before the company's note."""
    for *row, ground in rows:
        if ground:
            note = row[6]
            row[6] = exception_note(ground) + (f"; {note}" if note else "")
        yield tuple(row)  # type: ignore[misc]


def appendix_rows(rows: Iterable[PkwtRow]) -> list[list[str]]:
    inner = [w - 2 * TABLE_PAD for _h, w in APPENDIX_COLUMNS]
    name_w, position_w, note_w = inner[2], inner[3], inner[6]
    out = []
    for index, (nik, name, position, start, end, sequence, note) in enumerate(rows, 1):
        out.append(
            [
                str(index),
                nik_mask(nik),
                fit_cell(name, name_w),
                fit_cell(position, position_w),
                f"{start:%d/%m/%Y} s.d. {end:%d/%m/%Y}",
                str(sequence),
                fit_cell(note or "", note_w),
            ]
        )
    return out


def appendix_heading(ctx: PkwtDecreeContext) -> list[Flowable]:
    ref = Table(
        [
            ["Lampiran Surat Keterangan Pencatatan PKWT", "", ""],
            ["Nomor", ":", ctx.number],
            ["Tanggal", ":", date_id(ctx.issued_on)],
        ],
        colWidths=[16 * mm, 4 * mm, 62 * mm],
        hAlign="RIGHT",
    )
    ref.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 9, 11.5),
                ("SPAN", (0, 0), (2, 0)),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
            ]
        )
    )
    count = f"{ctx.worker_count:,}".replace(",", ".")
    return [
        ref,
        Spacer(1, 6 * mm),
        Paragraph("DAFTAR NAMA PENCATATAN PKWT", TITLE),
        Spacer(1, 2 * mm),
        Paragraph(f"{escape(ctx.company_name)} · {count} orang pekerja", CENTER),
        Spacer(1, 5 * mm),
    ]


def render_pkwt_decree(
    ctx: PkwtDecreeContext, rows: Iterable[PkwtRow], *, progress: Callable[[int, int], None] | None = None
) -> bytes:
    """The unsigned PDF of an SK Pencatatan PKWT. ``rows`` must hold exactly ``ctx.worker_count`` rows.

    ``progress(page, pages)`` is called as each page is laid out, with the expected number of pages (the
    letter, one page per appendix table, and perhaps one for the closing signature)."""
    data = appendix_rows(rows)
    if len(data) != ctx.worker_count:
        raise ValueError(
            f"Jumlah baris lampiran ({len(data)}) tidak sama dengan jumlah pekerja ({ctx.worker_count})."
        )
    heading = appendix_heading(ctx)
    closing_signature = signature_block(
        place=ctx.place, day=ctx.issued_on, signer=ctx.signer, qr_url=ctx.verify_url
    )
    closing = [Spacer(1, 8 * mm), KeepTogether([closing_signature])]
    tables = appendix_tables(
        data,
        columns=APPENDIX_COLUMNS,
        centered_columns=(5,),
        first_page_height=BODY_HEIGHT - story_height(heading),
        page_height=BODY_HEIGHT,
        tail_height=story_height([closing[0], closing_signature]),
    )
    pages = 1 + sum(isinstance(f, Table) for f in tables)
    story: list[Flowable] = [
        *letter_opening(ctx.letterhead, ctx.title, ctx.number),
        *blocks_to_flowables(pkwt_letter_blocks(ctx)),
        Spacer(1, 4 * mm),
        closing_block(
            place=ctx.place,
            day=ctx.issued_on,
            signer=ctx.signer,
            verify_url=ctx.verify_url,
            copies_to=ctx.copies_to,
        ),
        PageBreak(),
        *heading,
        *tables,
        *closing,
    ]
    return numbered_doc(
        PKWT_DECREE_TITLE,
        ctx.number,
        short_name="SK Pencatatan PKWT",
        letterhead=ctx.letterhead,
        subject=ctx.company_name,
        story=story,
        on_page=(lambda page: progress(page, max(page, pages))) if progress else None,
    )


# --- Issue ---------------------------------------------------------------------------------------------

PKWT_DECREE_TITLE = "Surat Keterangan Pencatatan PKWT"


def pkwt_decree_for(registration, actor, *, request=None, progress=None) -> Decree:
    """Issue (or return the existing) SK Pencatatan PKWT of a registration, with its contracts in the appendix.

    Meant to be called by the head's "approve and sign" action inside its own ``transaction.atomic()``
    together with the status change; it does not look at the registration's status. ``progress(page,
    pages)`` follows the PDF's layout (the background signing shows it)."""
    company = registration.company
    contracts = PkwtContract.objects.filter(registration=registration)
    worker_count = contracts.count()
    if worker_count == 0:
        raise ValidationError(_("Permohonan ini tidak memiliki data pekerja."), code="no_workers")

    def render(fields: DecreeFields) -> bytes:
        context = PkwtDecreeContext(
            letterhead=fields.letterhead,
            number=fields.number,
            issued_on=fields.issued_on,
            place=fields.place,
            issuer=fields.signer.position,
            company_name=company.name,
            company_address=company.address,
            company_npwp=format_npwp(company.npwp),
            request_number=registration.number or f"#{registration.pk}",
            worker_count=worker_count,
            signer=fields.signer,
            verify_url=fields.verify_url,
            copies_to=fields.copies_to,
        )
        rows = contracts.order_by("row", "pk").values_list(
            "nik", "name", "position", "start_date", "end_date", "sequence", "note", "age_exception__ground"
        )
        return render_pkwt_decree(
            context, with_age_exception_notes(rows.iterator(chunk_size=2000)), progress=progress
        )

    return decree_issue(
        kind=DecreeKind.PKWT_REGISTRATION,
        subject=registration,
        office=registration.office,
        actor=actor,
        render=render,
        title=PKWT_DECREE_TITLE,
        subject_name=company.name,
        subject_count=worker_count,
        request=request,
    )
