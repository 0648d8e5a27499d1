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
from disnaker.decrees.keputusan_pdf import KeputusanAppendix, render_keputusan
from disnaker.decrees.numbering import date_id, terbilang
from disnaker.decrees.pdf import FRAME_WIDTH, Fields, LetterContext, ListAppendix, Para, Space, render_letter
from disnaker.decrees.preview import decree_preview
from disnaker.decrees.services import DecreeFields, decree_issue

from .models import Bkk, PakProposal, PlacementOfficer, ProvinceReport, ProvinceReportItem


def _context(fields: DecreeFields, *, title: str, document_name: str, subject: str) -> LetterContext:
    return LetterContext(
        letterhead=fields.letterhead, title=title, number=fields.number, issued_on=fields.issued_on,
        place=fields.place, signer=fields.signer, verify_url=fields.verify_url, copies_to=fields.copies_to,
        document_name=document_name, subject=subject,
    )  # fmt: skip


# --- The regulation in force -------------------------------------------------------------------------------

#: The Permenaker that regulates BKK and PAK, cited by the Tanda Daftar BKK and the SK Penetapan PAK.
#: Permenaker 18/2024 "tentang Penempatan Tenaga Kerja Dalam Negeri" is the later regulation on the same matter
#: (its Pasal 1 angka 4 defines "Petugas Antar Kerja"; text at pasal.id/peraturan/permen/permenaker-no-18-tahun-
#: 2024); Permenaker 39/2016 "tentang Penempatan Tenaga Kerja" is the one it follows. The stored sources we
#: could search did not show the clause of 18/2024 that revokes 39/2016 word for word: an office that finds
#: otherwise edits this line in its SK text (``PakDecreeText``-style setting, README "Regulasi BKK/PAK").
PLACEMENT_REGULATION = (
    "Peraturan Menteri Ketenagakerjaan Nomor 18 Tahun 2024 tentang Penempatan Tenaga Kerja Dalam Negeri"
)


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

#: The Keputusan's parts, as plain text with ``{placeholders}`` (filled by ``decrees.markup.fill_markup``,
#: escaped; ``**x**`` bold). One recital / regulation / clause per line; letters, numbers and KESATU… are added.
PAK_MENIMBANG = (
    "bahwa Kepala {institution} telah mengusulkan calon Petugas Antar Kerja pada {bkk} untuk ditetapkan "
    "sebagai Petugas Antar Kerja pada Bursa Kerja Khusus;\n"
    "bahwa calon Petugas Antar Kerja yang diusulkan telah diverifikasi dan memenuhi persyaratan sebagaimana "
    "ditentukan dalam pedoman penetapan Petugas Antar Kerja;\n"
    "bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a dan huruf b, perlu menetapkan Keputusan "
    "{issuer} tentang Penetapan Petugas Antar Kerja pada Bursa Kerja Khusus {institution};"
)
#: UU 13/2003 as amended by UU 6/2023 (Penetapan Perppu 2/2022 Cipta Kerja), UU 23/2014 on regional
#: government (ketenagakerjaan is a concurrent matter of the kab/kota), and the Permenaker in force.
PAK_MENGINGAT = (
    "Undang-Undang Nomor 13 Tahun 2003 tentang Ketenagakerjaan sebagaimana telah diubah dengan Undang-Undang "
    "Nomor 6 Tahun 2023 tentang Penetapan Peraturan Pemerintah Pengganti Undang-Undang Nomor 2 Tahun 2022 "
    "tentang Cipta Kerja menjadi Undang-Undang;\n"
    "Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah sebagaimana telah beberapa kali diubah, "
    "terakhir dengan Undang-Undang Nomor 6 Tahun 2023;\n"
    f"{PLACEMENT_REGULATION};"
)
PAK_MEMPERHATIKAN = (
    "Keputusan Direktur Jenderal Pembinaan Penempatan Tenaga Kerja dan Perluasan Kesempatan Kerja Nomor "
    "3/95/PK.01.02/VI/2025 tentang Pedoman Penetapan Petugas Antar Kerja dalam Penyelenggaraan Layanan "
    "Penempatan Tenaga Kerja;\n"
    "Surat Direktur Jenderal Pembinaan Penempatan Tenaga Kerja dan Perluasan Kesempatan Kerja Nomor "
    "B-3/4662/PK.01.02/IX/2025 tanggal 23 September 2025 perihal Verifikasi registrasi PAK pada BKK dalam "
    "aplikasi e-pengantarkerja;\n"
    "Surat usulan Kepala {institution} {proposal_letter}."
)
PAK_MENETAPKAN = (
    "Menetapkan **{count} ({count_words}) orang** yang namanya tercantum dalam Lampiran Keputusan ini sebagai "
    "Petugas Antar Kerja pada {bkk}.\n"
    "Petugas Antar Kerja sebagaimana dimaksud dalam Diktum KESATU bertugas memberikan layanan penempatan tenaga "
    "kerja kepada alumni {institution} tanpa memungut biaya, dan mengikuti pembinaan dari Dinas.\n"
    "{registration_clause}\n"
    "Penetapan ini berakhir apabila Petugas Antar Kerja tidak lagi bertugas pada lembaga, atau tanda daftar "
    "BKK dicabut atau BKK ditutup.\n"
    "Keputusan ini berlaku sejak tanggal ditetapkan."
)
#: The clause of the e-pengantarkerja channel (Kemnaker letter B-3/4662/PK.01.02/IX/2025 point 2).
PAK_CLAUSE_E_PENGANTARKERJA = (
    "Petugas Antar Kerja sebagaimana dimaksud dalam Diktum KESATU wajib melakukan registrasi dan mengisi data "
    "profil diri dengan lengkap secara mandiri melalui aplikasi e-pengantarkerja pada laman {url}."
)
PAK_CLAUSE_INTERNAL = (
    "Petugas Antar Kerja sebagaimana dimaksud dalam Diktum KESATU wajib melakukan registrasi dan melengkapi "
    "profil secara mandiri untuk diverifikasi oleh Dinas provinsi."
)
DIKTUM = ("KESATU", "KEDUA", "KETIGA", "KEEMPAT", "KELIMA", "KEENAM", "KETUJUH", "KEDELAPAN", "KESEMBILAN",
          "KESEPULUH")  # fmt: skip


def _lines(text: str, values: dict[str, str]) -> list[str]:
    from disnaker.decrees.markup import fill_markup

    return [fill_markup(line.strip(), values) for line in text.splitlines() if line.strip()]


def pak_values(proposal: PakProposal, count: int, issuer: str) -> dict[str, str]:
    """What the SK's placeholders print."""
    from django.conf import settings

    bkk = proposal.bkk
    if getattr(settings, "PAK_REGISTRATION_CHANNEL", "e-pengantarkerja") == "e-pengantarkerja":
        clause = PAK_CLAUSE_E_PENGANTARKERJA.replace("{url}", settings.E_PENGANTARKERJA_URL)
    else:
        clause = PAK_CLAUSE_INTERNAL
    submitted = proposal.submitted_at.date() if proposal.submitted_at else None
    letter = f"yang diajukan melalui Layanan Disnaker (usulan nomor {proposal.pk}"
    letter += f") tanggal {date_id(submitted)}" if submitted else ")"
    return {
        "bkk": bkk.name, "institution": bkk.institution_name, "issuer": issuer, "count": str(count),
        "count_words": terbilang(count), "proposal_letter": letter, "registration_clause": clause,
    }  # fmt: skip


def pak_blocks(proposal: PakProposal, count: int, issuer: str) -> list:
    """Menimbang (a., b., …), Mengingat (1., 2., …), Memperhatikan, MEMUTUSKAN, Menetapkan and the diktum."""
    values = pak_values(proposal, count, issuer)
    small = 10

    def listed(label: str, items: list[str], marks: list[str]) -> Fields:
        body = "<br/>".join(f"{m} {t}" for m, t in zip(marks, items, strict=False))
        return Fields([(label, body)], indent=0, label_width=32 * mm, font_size=small)

    letters = [f"{chr(ord('a') + i)}." for i in range(26)]
    numbers = [f"{i}." for i in range(1, 40)]
    clauses = _lines(PAK_MENETAPKAN, values)
    return [
        listed("Menimbang", _lines(PAK_MENIMBANG, values), letters),
        Space(2 * mm),
        listed("Mengingat", _lines(PAK_MENGINGAT, values), numbers),
        Space(2 * mm),
        listed("Memperhatikan", _lines(PAK_MEMPERHATIKAN, values), numbers),
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
    rows = [
        (str(i), o.name, nik_mask(o.nik), o.position, o.get_education_level_display(), bkk.name)
        for i, o in enumerate(sorted(officers, key=lambda o: o.name), 1)
    ]

    def render(fields: DecreeFields) -> bytes:
        issuer = fields.signer.position
        ctx = _context(fields, title=escape(f"KEPUTUSAN {issuer.upper()}"), document_name="SK Penetapan PAK",
                       subject=bkk.name)  # fmt: skip
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
        return render_keputusan(ctx, about=about, blocks=pak_blocks(proposal, len(rows), issuer),
                                appendix=appendix)  # fmt: skip

    return {"kind": DecreeKind.PAK_APPOINTMENT, "subject": proposal, "office": proposal.office, "render": render,
            "title": PAK_TITLE, "subject_name": bkk.name, "subject_count": len(rows)}  # fmt: skip


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
