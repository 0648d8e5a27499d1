"""The documents the office signs for BKK and PAK, each a decree kind (numbered, PDF, signed, QR):

- the *Tanda Daftar BKK*;
- the *SK Penetapan Petugas Antar Kerja*, naming each PAK and their BKK;
- the letter to the province listing PAK (with an Excel list beside it).

To change a text, edit the ``*_blocks`` function of that document: the letterhead, number, signature,
QR code and tembusan are shared with every decree (:func:`disnaker.decrees.letter_pdf.render_letter`).
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from django.utils import timezone
from reportlab.lib.units import mm

from disnaker.core.exports import xlsx_bytes
from disnaker.core.formats import format_number
from disnaker.decrees.constants import DecreeKind
from disnaker.decrees.keputusan_pdf import KeputusanAppendix, Recitals, render_keputusan
from disnaker.decrees.letter_pdf import LetterContext, ListAppendix, render_letter
from disnaker.decrees.markup import fill_markup, fill_plain
from disnaker.decrees.numbering import date_id, terbilang
from disnaker.decrees.pdf import FRAME_WIDTH, Fields, Para, Space
from disnaker.decrees.preview import decree_preview
from disnaker.decrees.services import DecreeFields, decree_issue

from . import channel
from .decree_text import CLAUSE_E_PENGANTARKERJA, CLAUSE_INTERNAL, DIKTUM, PLACEMENT_REGULATION, lines
from .models import Bkk, PakOfficeSettings, PakProposal, PlacementOfficer, ProvinceReport, ProvinceReportItem


def _context(
    fields: DecreeFields,
    *,
    title: str,
    document_name: str,
    subject: str,
    copies_to: tuple[str, ...] | None = None,
) -> LetterContext:
    return LetterContext(
        letterhead=fields.letterhead, title=title, number=fields.number, issued_on=fields.issued_on,
        place=fields.place, signer=fields.signer, verify_url=fields.verify_url,
        copies_to=fields.copies_to if copies_to is None else copies_to, document_name=document_name,
        subject=subject,
    )  # fmt: skip


# --- Tanda Daftar BKK ----------------------------------------------------------------------------------------

BKK_TITLE = "Tanda Daftar Bursa Kerja Khusus"


def bkk_blocks(bkk: Bkk, issuer: str, number: str) -> list:
    """The Tanda Daftar's text. ``number`` is the decree's number, taken from the office's gapless counter
    for the ``bkk_registration`` kind (``decrees.services.decree_issue``), not the application's tracking
    code."""
    e = escape
    return [
        Para(
            f"Berdasarkan {PLACEMENT_REGULATION}, dan setelah memeriksa kelengkapan dokumen pendaftaran, "
            f"{e(issuer)} menerangkan bahwa:"
        ),
        Fields(
            [
                ("Nama BKK", e(bkk.name)),
                ("Lembaga", e(bkk.institution_name)),
                ("Jenis lembaga", e(bkk.get_institution_type_display())),
                ("NPSN/kode lembaga", e(bkk.institution_code)),
                ("Alamat", e(bkk.address).replace("\n", "<br/>")),
                ("Kepala lembaga", e(bkk.head_name)),
            ]
        ),
        Space(3 * mm),
        Para(
            "telah <b>terdaftar sebagai Bursa Kerja Khusus (BKK)</b> dengan nomor tanda daftar "
            f"<b>{e(number)}</b>. BKK melayani penempatan alumni lembaganya sendiri di dalam negeri, "
            "tanpa memungut biaya dari pencari kerja, dan wajib menyampaikan laporan penempatan secara berkala."
        ),
        Para(
            "<b>Tanda daftar ini berlaku selama BKK aktif</b>, dan dicabut apabila BKK tidak aktif atau "
            "melanggar ketentuan peraturan perundang-undangan. Apabila tanda daftar dicabut atau BKK ditutup, "
            "penetapan Petugas Antar Kerja pada BKK ini berakhir."
        ),
    ]


def bkk_registration_job(bkk: Bkk) -> dict:
    """What ``decree_issue`` and ``decree_preview`` are given for a BKK's Tanda Daftar (all but the actor)."""

    def render(fields: DecreeFields) -> bytes:
        ctx = _context(fields, title="TANDA DAFTAR<br/>BURSA KERJA KHUSUS (BKK)", document_name="Tanda Daftar BKK",
                       subject=bkk.name)  # fmt: skip
        return render_letter(ctx, bkk_blocks(bkk, fields.signer.position, fields.number))

    return {"kind": DecreeKind.BKK_REGISTRATION, "subject": bkk, "office": bkk.office, "render": render,
            "title": BKK_TITLE, "subject_name": bkk.name}  # fmt: skip


def bkk_registration_decree(bkk: Bkk, actor, *, request=None, passphrase=None):
    return decree_issue(**bkk_registration_job(bkk), actor=actor, request=request, passphrase=passphrase)


def bkk_registration_preview(bkk: Bkk, actor, *, request=None) -> bytes:
    """The Tanda Daftar as it will be issued, unnumbered, unsigned and marked DRAFT (``decrees.preview``)."""
    return decree_preview(**bkk_registration_job(bkk), actor=actor, request=request)


# --- SK Penetapan PAK (a Keputusan Kepala Dinas) -------------------------------------------------------------

PAK_TITLE = "SK Penetapan Petugas Antar Kerja"

PAK_COLUMNS = (("No", 9 * mm), ("Nama", 38 * mm), ("NIK", 30 * mm), ("Jabatan di lembaga", 30 * mm),
               ("Pendidikan", 24 * mm))  # fmt: skip
PAK_COLUMNS += (("BKK", FRAME_WIDTH - sum(w for _h, w in PAK_COLUMNS)),)


def _lines(text: str, values: dict[str, str]) -> list[str]:
    return [fill_markup(line, values) for line in lines(text)]


def proposal_letter_text(proposal: PakProposal) -> str:
    """The institution's letter as the Memperhatikan cites it: "Nomor … tanggal …". A proposal sent before
    the operator gave the letter's number (issue 13 §2) is cited by its number in the portal."""
    if proposal.letter_number:
        text = f"Nomor {proposal.letter_number}"
        return text + (f" tanggal {date_id(proposal.letter_date)}" if proposal.letter_date else "")
    submitted = proposal.submitted_at.date() if proposal.submitted_at else None
    letter = f"yang diajukan melalui Layanan Disnaker (usulan nomor {proposal.pk}"
    return letter + (f") tanggal {date_id(submitted)}" if submitted else ")")


def pak_values(
    proposal: PakProposal, count: int, issuer: str, office_copies: tuple[str, ...] = ()
) -> dict[str, str]:
    """What the SK's placeholders print (``decree_text.PLACEHOLDERS``)."""
    from django.conf import settings

    bkk = proposal.bkk
    url = settings.E_PENGANTARKERJA_URL
    clause = CLAUSE_E_PENGANTARKERJA.replace("{url}", url) if channel.is_epak() else CLAUSE_INTERNAL
    return {
        "bkk": bkk.name, "institution": bkk.institution_name, "issuer": issuer, "office": proposal.office.name,
        "count": str(count), "count_words": terbilang(count), "proposal_letter": proposal_letter_text(proposal),
        "proposal_letter_number": proposal.letter_number or "-",
        "proposal_letter_date": date_id(proposal.letter_date) if proposal.letter_date else "-",
        "registration_clause": clause, "e_pengantarkerja_url": url, "office_copies": "; ".join(office_copies),
    }  # fmt: skip


def pak_blocks(proposal: PakProposal, count: int, issuer: str, text: PakOfficeSettings | None = None) -> list:
    """Menimbang (a., b., …), Mengingat (1., 2., …), Memperhatikan, MEMUTUSKAN, Menetapkan and the diktum,
    from the office's text (``text``; the defaults when none)."""
    text = text or PakOfficeSettings()
    values = pak_values(proposal, count, issuer)
    small = 10

    def listed(label: str, items: list[str], marks: list[str]) -> Recitals:
        return Recitals(label, marks[: len(items)], items, label_width=32 * mm, font_size=small)

    letters = [f"{chr(ord('a') + i)}." for i in range(26)]
    numbers = [f"{i}." for i in range(1, 40)]
    clauses = _lines(text.decree_menetapkan, values)
    return [
        listed("Menimbang", _lines(text.decree_menimbang, values), letters),
        Space(2 * mm),
        listed("Mengingat", _lines(text.decree_mengingat, values), numbers),
        Space(2 * mm),
        listed("Memperhatikan", _lines(text.decree_memperhatikan, values), numbers),
        Space(3 * mm),
        Para("<para alignment='center'><b>MEMUTUSKAN:</b></para>"),
        Fields(
            [
                (
                    "Menetapkan",
                    "<b>KEPUTUSAN " + escape(issuer.upper()) + " TENTANG PENETAPAN PETUGAS ANTAR KERJA "
                    "PADA BURSA KERJA KHUSUS " + escape(proposal.bkk.institution_name.upper()) + ".</b>",
                )
            ]
            + [(DIKTUM[i], text) for i, text in enumerate(clauses)],
            indent=0,
            label_width=32 * mm,
            font_size=small,
        ),  # fmt: skip
    ]


def pak_tembusan(proposal: PakProposal, text: PakOfficeSettings, count: int, issuer: str,
                 office_copies: tuple[str, ...]) -> tuple[str, ...]:  # fmt: skip
    """The SK's Tembusan from the office's text: ``{office_copies}`` alone on a line gives one line per copy
    of the office's usual tembusan (none when it has none)."""
    values = pak_values(proposal, count, issuer, office_copies)
    out: list[str] = []
    for line in lines(text.decree_tembusan):
        if line == "{office_copies}":
            out += office_copies
        else:
            out.append(fill_plain(line, values))
    return tuple(out)


def pak_appointment_decree(proposal: PakProposal, officers: list[PlacementOfficer], actor, *, request=None,
                           passphrase=None):  # fmt: skip
    return decree_issue(**pak_appointment_job(proposal, officers), actor=actor, request=request,
                        passphrase=passphrase)  # fmt: skip


def pak_appointment_preview(proposal: PakProposal, actor, *, request=None) -> bytes:
    """The SK Penetapan PAK as it will be issued (its candidates now), unnumbered, unsigned, marked DRAFT."""
    officers = list(PlacementOfficer.objects.filter(proposal=proposal))
    return decree_preview(**pak_appointment_job(proposal, officers), actor=actor, request=request)


def pak_appointment_job(proposal: PakProposal, officers: list[PlacementOfficer]) -> dict:
    """What ``decree_issue`` and ``decree_preview`` are given for a proposal's SK (all but the actor)."""
    from disnaker.core.nik import nik_mask

    bkk = proposal.bkk
    text = PakOfficeSettings.objects.for_office(proposal.office)
    rows = [
        (str(i), o.name, nik_mask(o.nik), o.position, o.get_education_level_display(), bkk.name)
        for i, o in enumerate(sorted(officers, key=lambda o: o.name), 1)
    ]

    def render(fields: DecreeFields) -> bytes:
        issuer = fields.signer.position
        copies = pak_tembusan(proposal, text, len(rows), issuer, tuple(fields.copies_to))
        ctx = _context(fields, title=escape(f"KEPUTUSAN {issuer.upper()}"), document_name="SK Penetapan PAK",
                       subject=bkk.name, copies_to=copies)  # fmt: skip
        about = escape(
            f"PENETAPAN PETUGAS ANTAR KERJA PADA BURSA KERJA KHUSUS {bkk.institution_name.upper()}"
        )
        header = (
            f"LAMPIRAN<br/>KEPUTUSAN {escape(issuer.upper())}<br/>NOMOR {escape(fields.number)}<br/>"
            f"TANGGAL {date_id(fields.issued_on).upper()}"
        )
        appendix = KeputusanAppendix(
            header=header, heading="DAFTAR PETUGAS ANTAR KERJA PADA BURSA KERJA KHUSUS", columns=PAK_COLUMNS,
            rows=rows,
        )  # fmt: skip
        return render_keputusan(ctx, about=about, blocks=pak_blocks(proposal, len(rows), issuer, text),
                                appendix=appendix)  # fmt: skip

    return {"kind": DecreeKind.PAK_APPOINTMENT, "subject": proposal, "office": proposal.office, "render": render,
            "title": PAK_TITLE, "subject_name": bkk.name, "subject_count": len(rows)}  # fmt: skip


# --- Letter to the province ----------------------------------------------------------------------------------

REPORT_TITLE = "Laporan Petugas Antar Kerja pada BKK"
REPORT_COLUMNS = (("No", 10 * mm), ("Nama PAK", 45 * mm), ("BKK", 45 * mm))
REPORT_COLUMNS += (("Status registrasi", FRAME_WIDTH - sum(w for _h, w in REPORT_COLUMNS)),)
EXCEL_HEADERS = ["No", "Nama PAK", "BKK", "Lembaga", "Status penetapan", "Status registrasi"]


def _report_columns() -> tuple:
    """The appendix's columns: in the e-pengantarkerja channel the status is e-pengantarkerja's, with the date
    it was last checked (issue 13 §4: the letter lists each PAK with their BKK and e-pengantarkerja status)."""
    if not channel.is_epak():
        return REPORT_COLUMNS
    head = (("No", 10 * mm), ("Nama PAK", 45 * mm), ("BKK", 45 * mm), ("Diperiksa", 22 * mm))
    return (*head[:3], ("Status e-pengantarkerja", FRAME_WIDTH - sum(w for _h, w in head)), head[3])


def _excel_headers() -> list[str]:
    if not channel.is_epak():
        return EXCEL_HEADERS
    return [*EXCEL_HEADERS[:5], "Status e-pengantarkerja", "Terakhir diperiksa di e-pengantarkerja"]


def _checked(item: ProvinceReportItem) -> str:
    return (
        timezone.localtime(item.profile_checked_at).strftime("%d/%m/%Y") if item.profile_checked_at else "—"
    )


def report_blocks(report: ProvinceReport, count: int) -> list:
    e = escape
    blocks = [
        Fields(
            [
                ("Kepada Yth.", f"Kepala {e(report.province_office.name)}"),
                ("Hal", "Laporan Petugas Antar Kerja pada Bursa Kerja Khusus"),
                ("Lampiran", "1 (satu) berkas daftar PAK"),
            ],
            indent=0,
            label_width=26 * mm,
        ),
        Space(3 * mm),
        Para(
            "Menindaklanjuti surat Direktur Jenderal Pembinaan Penempatan Tenaga Kerja dan Perluasan Kesempatan "
            "Kerja Nomor B-3/4662/PK.01.02/IX/2025 tanggal 23 September 2025 perihal Verifikasi registrasi PAK "
            f"pada BKK, bersama ini kami sampaikan nama-nama <b>{format_number(count)} ({terbilang(count)}) orang "
            "Petugas Antar Kerja</b> beserta nama BKK pada satuan pendidikan di wilayah kerja kami, sebagaimana "
            "tercantum dalam lampiran, untuk diverifikasi registrasinya"
            + (
                " dalam aplikasi e-pengantarkerja. Status registrasi masing-masing PAK di e-pengantarkerja, "
                "sebagaimana terakhir kami periksa, tercantum dalam lampiran."
                if channel.is_epak()
                else "."
            )
        ),
    ]
    if report.note:
        blocks.append(Para(e(report.note).replace("\n", "<br/>")))
    blocks.append(
        Para("Demikian kami sampaikan; atas perhatian dan kerja samanya kami ucapkan terima kasih.")
    )
    return blocks


def province_report_decree(report: ProvinceReport, items: list[ProvinceReportItem], actor, *, request=None):
    if channel.is_epak():
        rows = [(str(i), it.name, it.bkk_name, channel.status_label(it.profile_status), _checked(it))
                for i, it in enumerate(items, 1)]  # fmt: skip
    else:
        rows = [
            (str(i), it.name, it.bkk_name, it.get_profile_status_display()) for i, it in enumerate(items, 1)
        ]

    def render(fields: DecreeFields) -> bytes:
        ctx = _context(
            fields, title="SURAT", document_name="Surat Laporan PAK", subject=report.province_office.name
        )
        appendix = ListAppendix(heading="DAFTAR PETUGAS ANTAR KERJA PADA BKK", columns=_report_columns(), rows=rows,
                                caption=f"{report.office.name} · {date_id(fields.issued_on)}")  # fmt: skip
        return render_letter(ctx, report_blocks(report, len(rows)), appendix)

    return decree_issue(
        kind=DecreeKind.PROVINCE_REPORT, subject=report, office=report.office, actor=actor, render=render,
        title=REPORT_TITLE, subject_name=report.province_office.name, subject_count=len(rows), request=request,
    )  # fmt: skip


def province_report_excel(report: ProvinceReport, items: list[ProvinceReportItem]) -> bytes:
    rows = (
        (
            i,
            it.name,
            it.bkk_name,
            it.institution_name,
            it.get_appointment_status_display(),
            channel.status_label(it.profile_status),
            *((_checked(it),) if channel.is_epak() else ()),
        )  # fmt: skip
        for i, it in enumerate(items, 1)
    )
    return xlsx_bytes(title="Daftar PAK", headers=_excel_headers(), rows=rows)
