"""The documents the office signs for BKK and PAK, each a decree kind (numbered, PDF, signed, QR):

- the *Tanda Daftar BKK*;
- the *SK Penetapan Petugas Antar Kerja*, naming each PAK and their BKK;
- the letter to the province listing PAK (with an Excel list beside it).

To change a text, edit the ``*_blocks`` function of that document: the letterhead, number, signature,
QR code and tembusan are shared with every decree (:func:`disnaker.decrees.pdf.render_letter`).
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.units import mm

from disnaker.core.exports import xlsx_bytes
from disnaker.core.formats import format_number
from disnaker.decrees.constants import DecreeKind
from disnaker.decrees.numbering import date_id, terbilang
from disnaker.decrees.pdf import FRAME_WIDTH, Fields, LetterContext, ListAppendix, Para, Space, render_letter
from disnaker.decrees.services import DecreeFields, decree_issue

from .models import Bkk, PakProposal, PlacementOfficer, ProvinceReport, ProvinceReportItem


def _context(fields: DecreeFields, *, title: str, document_name: str, subject: str) -> LetterContext:
    return LetterContext(
        letterhead=fields.letterhead, title=title, number=fields.number, issued_on=fields.issued_on,
        place=fields.place, signer=fields.signer, verify_url=fields.verify_url, copies_to=fields.copies_to,
        document_name=document_name, subject=subject,
    )  # fmt: skip


# --- Tanda Daftar BKK ----------------------------------------------------------------------------------------

BKK_TITLE = "Tanda Daftar Bursa Kerja Khusus"


def bkk_blocks(bkk: Bkk, issuer: str) -> list:
    e = escape
    return [
        Para(
            "Berdasarkan Peraturan Menteri Ketenagakerjaan Nomor 39 Tahun 2016 tentang Penempatan Tenaga Kerja "
            "sebagaimana telah diubah, dan setelah memeriksa kelengkapan dokumen pendaftaran, "
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
            "telah <b>terdaftar sebagai Bursa Kerja Khusus (BKK)</b> dengan kode pendaftaran "
            f"<b>{e(bkk.tracking_code)}</b>. BKK melayani penempatan alumni lembaganya sendiri di dalam negeri, "
            "tanpa memungut biaya dari pencari kerja, dan wajib menyampaikan laporan penempatan secara berkala."
        ),
        Para(
            "Tanda daftar ini berlaku selama BKK aktif dan dapat dicabut apabila BKK tidak aktif atau "
            "melanggar ketentuan peraturan perundang-undangan."
        ),
    ]


def bkk_registration_decree(bkk: Bkk, actor, *, request=None):
    def render(fields: DecreeFields) -> bytes:
        ctx = _context(fields, title="TANDA DAFTAR<br/>BURSA KERJA KHUSUS (BKK)", document_name="Tanda Daftar BKK",
                       subject=bkk.name)  # fmt: skip
        return render_letter(ctx, bkk_blocks(bkk, fields.signer.position))

    return decree_issue(
        kind=DecreeKind.BKK_REGISTRATION, subject=bkk, office=bkk.office, actor=actor, render=render,
        title=BKK_TITLE, subject_name=bkk.name, request=request,
    )  # fmt: skip


# --- SK Penetapan PAK ----------------------------------------------------------------------------------------

PAK_TITLE = "SK Penetapan Petugas Antar Kerja"
PAK_COLUMNS = (("No", 10 * mm), ("Nama", 48 * mm), ("Jabatan di lembaga", 40 * mm))
PAK_COLUMNS += (("BKK / lembaga", FRAME_WIDTH - sum(w for _h, w in PAK_COLUMNS)),)


def pak_blocks(proposal: PakProposal, count: int, issuer: str) -> list:
    e = escape
    return [
        Para(f"{e(issuer.upper())},"),
        Fields(
            [
                (
                    "Menimbang",
                    "bahwa kepala lembaga telah mengusulkan calon Petugas Antar Kerja pada "
                    f"{e(proposal.bkk.name)} ({e(proposal.bkk.institution_name)}) dan calon tersebut telah "
                    "memenuhi persyaratan;",
                ),
                (
                    "Mengingat",
                    "Peraturan Menteri Ketenagakerjaan Nomor 39 Tahun 2016 tentang Penempatan Tenaga Kerja "
                    "sebagaimana telah diubah; Keputusan Direktur Jenderal Binapenta dan PKK Nomor "
                    "3/95/PK.01.02/VI/2025 tentang Pedoman Penetapan Petugas Antar Kerja;",
                ),
            ],
            indent=0,
            label_width=26 * mm,
        ),
        Space(2 * mm),
        Para("<b>MEMUTUSKAN:</b>"),
        Fields(
            [
                (
                    "KESATU",
                    f"Menetapkan <b>{count} ({terbilang(count)}) orang</b> yang namanya tercantum dalam Lampiran "
                    "sebagai Petugas Antar Kerja pada Bursa Kerja Khusus yang disebut di sampingnya.",
                ),
                (
                    "KEDUA",
                    "Petugas Antar Kerja wajib melakukan registrasi dan melengkapi profil secara mandiri, "
                    "memberikan layanan penempatan tanpa memungut biaya, dan mengikuti pembinaan dari Dinas.",
                ),
                ("KETIGA", "Keputusan ini berlaku sejak tanggal ditetapkan."),
            ],
            indent=0,
            label_width=26 * mm,
        ),
    ]


def pak_appointment_decree(proposal: PakProposal, officers: list[PlacementOfficer], actor, *, request=None):
    rows = [
        (str(i), o.name, o.position, f"{proposal.bkk.name} — {proposal.bkk.institution_name}")
        for i, o in enumerate(sorted(officers, key=lambda o: o.name), 1)
    ]

    def render(fields: DecreeFields) -> bytes:
        ctx = _context(
            fields,
            title="KEPUTUSAN KEPALA DINAS<br/>TENTANG PENETAPAN PETUGAS ANTAR KERJA<br/>PADA BURSA KERJA KHUSUS",
            document_name="SK Penetapan PAK",
            subject=proposal.bkk.name,
        )
        appendix = ListAppendix(
            heading="DAFTAR PETUGAS ANTAR KERJA PADA BURSA KERJA KHUSUS", columns=PAK_COLUMNS, rows=rows,
            caption=f"{proposal.bkk.name} · {len(rows)} orang",
        )  # fmt: skip
        return render_letter(ctx, pak_blocks(proposal, len(rows), fields.signer.position), appendix)

    return decree_issue(
        kind=DecreeKind.PAK_APPOINTMENT, subject=proposal, office=proposal.office, actor=actor, render=render,
        title=PAK_TITLE, subject_name=proposal.bkk.name, subject_count=len(rows), request=request,
    )  # fmt: skip


# --- Letter to the province ----------------------------------------------------------------------------------

REPORT_TITLE = "Laporan Petugas Antar Kerja pada BKK"
REPORT_COLUMNS = (("No", 10 * mm), ("Nama PAK", 45 * mm), ("BKK", 45 * mm))
REPORT_COLUMNS += (("Status registrasi", FRAME_WIDTH - sum(w for _h, w in REPORT_COLUMNS)),)
EXCEL_HEADERS = ["No", "Nama PAK", "BKK", "Lembaga", "Status penetapan", "Status registrasi"]


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
            "tercantum dalam lampiran, untuk diverifikasi registrasinya."
        ),
    ]
    if report.note:
        blocks.append(Para(e(report.note).replace("\n", "<br/>")))
    blocks.append(
        Para("Demikian kami sampaikan; atas perhatian dan kerja samanya kami ucapkan terima kasih.")
    )
    return blocks


def province_report_decree(report: ProvinceReport, items: list[ProvinceReportItem], actor, *, request=None):
    rows = [(str(i), it.name, it.bkk_name, it.get_profile_status_display()) for i, it in enumerate(items, 1)]

    def render(fields: DecreeFields) -> bytes:
        ctx = _context(
            fields, title="SURAT", document_name="Surat Laporan PAK", subject=report.province_office.name
        )
        appendix = ListAppendix(heading="DAFTAR PETUGAS ANTAR KERJA PADA BKK", columns=REPORT_COLUMNS, rows=rows,
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
            it.get_profile_status_display(),
        )  # fmt: skip
        for i, it in enumerate(items, 1)
    )
    return xlsx_bytes(title="Daftar PAK", headers=EXCEL_HEADERS, rows=rows)
