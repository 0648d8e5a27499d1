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
from disnaker.core.nik import identity_mask
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
from .constants import PkwtKind
from .models import PkwtContract, PkwtOfficeSettings
from .office_settings import (
    DEFAULT_BASIS,
    DEFAULT_BODY,
    DEFAULT_TITLE,
    DETAILS_PARAGRAPH,
    RegistrationChannel,
    channel_rule,
    fill_markup,
    paragraphs,
)


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
    # The office's text (``PkwtOfficeSettings``), with placeholders; plain text, escaped when drawn.
    title: str = DEFAULT_TITLE
    basis: str = DEFAULT_BASIS
    body: str = DEFAULT_BODY
    channel: str = RegistrationChannel.ONLINE
    office_name: str = ""
    region_name: str = ""

    def values(self) -> dict[str, str]:
        """What each placeholder prints (``office_settings.PLACEHOLDERS``)."""
        rule = channel_rule(self.channel)
        return {
            "company": self.company_name,
            "address": self.company_address,
            "npwp": self.company_npwp,
            "registration_number": self.request_number,
            "count": f"{self.worker_count:,}".replace(",", "."),
            "count_words": terbilang(self.worker_count),
            "issuer": self.issuer,
            "office": self.office_name,
            "region": self.region_name,
            "ayat": rule.ayat,
            "channel": rule.manner,
        }


#: One appendix row: NIK (full; masked here), name, position, start, end, PKWT sequence, note.
PkwtRow = tuple[str, str, str, datetime.date, datetime.date, int, str]


def pkwt_letter_blocks(ctx: PkwtDecreeContext) -> list[Block]:
    """The body of the SK Pencatatan PKWT, between "Nomor" and the place/date line: the "Mengingat" list,
    then the office's body text, whose ``{company_details}`` paragraph is the company's identity table."""
    values = ctx.values()
    blocks: list[Block] = []
    basis = [line.strip() for line in ctx.basis.replace("\r\n", "\n").split("\n") if line.strip()]
    if basis:
        items = [f"{n}. {fill_markup(line, values)}" if len(basis) > 1 else fill_markup(line, values)
                 for n, line in enumerate(basis, 1)]  # fmt: skip
        blocks += [Fields([("Mengingat", "<br/>".join(items))], indent=0, label_width=20 * mm, font_size=9),
                   Space(2 * mm)]  # fmt: skip
    for paragraph in paragraphs(ctx.body):
        if paragraph == DETAILS_PARAGRAPH:
            blocks += [
                Fields(
                    [
                        ("Nama perusahaan", escape(ctx.company_name)),
                        ("Alamat", escape(ctx.company_address).replace("\n", "<br/>")),
                        ("NPWP", escape(ctx.company_npwp)),
                        ("Nomor permohonan", escape(ctx.request_number)),
                    ]
                ),
                Space(3 * mm),
            ]
        else:
            blocks.append(Para(fill_markup(paragraph, values)))
    return blocks


def decree_title_markup(ctx: PkwtDecreeContext) -> str:
    """The title as drawn: the office's lines, escaped, one ``<br/>`` between them."""
    values = ctx.values()
    lines = [line.strip() for line in ctx.title.replace("\r\n", "\n").split("\n") if line.strip()]
    return "<br/>".join(fill_markup(line, values) for line in lines)


APPENDIX_COLUMNS = (  # header, width
    ("No", 10 * mm),
    ("NIK/Paspor", 25 * mm),
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


#: What the appendix's *Keterangan* says of a kind other than the default (a PKWT by time period), first.
KIND_NOTES = {
    PkwtKind.PEKERJAAN_TERTENTU: "PKWT selesainya pekerjaan tertentu (akhir: perkiraan)",
    PkwtKind.HARIAN_LEPAS: "PKWT harian lepas",
}
APPENDIX_KIND_LEGEND = (
    "Jenis PKWT: berdasarkan jangka waktu, kecuali disebut lain pada Keterangan. Pekerja asing (TKA) "
    "tercatat dengan nomor paspor, disamarkan seperti NIK."
)


def appendix_source(rows: Iterable[tuple]) -> Iterator[tuple]:
    """Contract values ``(nik, name, position, start, end, sequence, note, ground, kind, nationality,
    passport)`` → the rows :func:`with_age_exception_notes` takes: a TKA's identity is its passport (with its
    nationality in the note), and a kind other than by time period is named first in the note (issue 12)."""
    for nik, name, position, start, end, sequence, note, ground, kind, nationality, passport in rows:
        notes = [KIND_NOTES[kind]] if kind in KIND_NOTES else []
        if not nik and passport:
            notes.append(f"TKA ({nationality})" if nationality else "TKA")
        if note:
            notes.append(note)
        yield (nik or passport, name, position, start, end, sequence, "; ".join(notes), ground)


def appendix_rows(rows: Iterable[PkwtRow]) -> list[list[str]]:
    inner = [w - 2 * TABLE_PAD for _h, w in APPENDIX_COLUMNS]
    name_w, position_w, note_w = inner[2], inner[3], inner[6]
    out = []
    for index, (nik, name, position, start, end, sequence, note) in enumerate(rows, 1):
        out.append(
            [
                str(index),
                identity_mask(nik),
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
        Spacer(1, 2 * mm),
        Paragraph(APPENDIX_KIND_LEGEND, CENTER),
        Spacer(1, 4 * mm),
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
        *letter_opening(ctx.letterhead, decree_title_markup(ctx), ctx.number),
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


def pkwt_decree_for(registration, actor, *, request=None, progress=None, passphrase=None) -> Decree:
    """Issue (or return the existing) SK Pencatatan PKWT of a registration, with its contracts in the appendix.

    Meant to be called by the head's "approve and sign" action inside its own ``transaction.atomic()``
    together with the status change; it does not look at the registration's status. ``progress(page,
    pages)`` follows the PDF's layout (the background signing shows it); ``passphrase`` is the head's BSrE
    passphrase for a ``bsre`` office (``decree_issue``)."""
    return decree_issue(**pkwt_decree_job(registration, progress=progress), actor=actor, request=request,
                        passphrase=passphrase)  # fmt: skip


def pkwt_decree_preview(registration, actor, *, request=None) -> bytes:
    """The SK as it will be issued, unnumbered, unsigned and marked DRAFT (``decrees.preview``)."""
    from disnaker.decrees.preview import decree_preview

    return decree_preview(**pkwt_decree_job(registration), actor=actor, request=request)


def pkwt_decree_job(registration, *, progress=None) -> dict:
    """What ``decree_issue`` and ``decree_preview`` are given for a registration's SK (all but the actor)."""
    company = registration.company
    office = registration.office
    office_settings = PkwtOfficeSettings.objects.for_office(office)
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
            title=office_settings.decree_title,
            basis=office_settings.decree_basis,
            body=office_settings.decree_body,
            # The channel the registration was judged under at submission; the office's own before that.
            channel=registration.registration_channel or office_settings.registration_channel,
            office_name=office.name,
            region_name=office.region.name if office.region_id else "",
        )
        rows = contracts.order_by("row", "pk").values_list(
            "nik", "name", "position", "start_date", "end_date", "sequence", "note", "age_exception__ground",
            "kind", "nationality", "passport_number",
        )  # fmt: skip
        source = appendix_source(rows.iterator(chunk_size=2000))
        return render_pkwt_decree(context, with_age_exception_notes(source), progress=progress)

    return {"kind": DecreeKind.PKWT_REGISTRATION, "subject": registration, "office": registration.office,
            "render": render, "title": PKWT_DECREE_TITLE, "subject_name": company.name,
            "subject_count": worker_count}  # fmt: skip
