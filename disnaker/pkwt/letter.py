"""The draft application letter ("Draft surat permohonan pencatatan PKWT"), an editable .docx filled with
the company's data, for the company to complete, sign, stamp and upload as PDF."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.formats import date_format
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt


def draft_application_letter(*, registration) -> bytes:
    company = registration.company
    office = registration.office
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(33), Cm(21.5)  # F4/folio, common in Indonesian offices
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.5))
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)

    head = document.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = head.add_run(company.name.upper())
    run.bold = True
    run.font.size = Pt(14)
    head.add_run("\n" + company.address.replace("\n", ", "))
    head.add_run(f"\nTelp/WA: +{company.whatsapp} · Email: {company.email}")

    place = document.add_paragraph(f"{company.region.name.replace('Kabupaten ', '').replace('Kota ', '')}, "
                                   f"{date_format(timezone.localdate(), 'j F Y')}")  # fmt: skip
    place.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    table = document.add_table(rows=3, cols=3)
    for row, (label, value) in enumerate(
        (
            ("Nomor", ": ........................"),
            ("Lampiran", ": 1 (satu) berkas"),
            ("Perihal", ": Permohonan Pencatatan Perjanjian Kerja Waktu Tertentu (PKWT)"),
        )  # fmt: skip
    ):
        table.cell(row, 0).text = label
        table.cell(row, 1).merge(table.cell(row, 2)).text = value

    document.add_paragraph(f"Kepada Yth.\nKepala {office.name}\ndi\n{office.city or office.name}")
    document.add_paragraph("Dengan hormat,")
    body = document.add_paragraph(
        f"Yang bertanda tangan di bawah ini, {company.leader_name}, selaku pimpinan {company.name} "
        f"(NPWP {company.npwp}), dengan ini mengajukan permohonan pencatatan Perjanjian Kerja Waktu Tertentu "
        f"(PKWT) sebagaimana dimaksud dalam Peraturan Pemerintah Nomor 35 Tahun 2021, untuk "
        f"{registration.worker_count or '.....'} orang pekerja sebagaimana tercantum dalam daftar terlampir "
        f"(permohonan {registration.number})."
    )
    body.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    document.add_paragraph("Sebagai kelengkapan, bersama ini kami lampirkan:")
    for item in (
        "Daftar nama pekerja PKWT (sesuai format Excel yang disediakan);",
        "Contoh (sample) perjanjian kerja PKWT yang digunakan.",
    ):
        document.add_paragraph(item, style="List Number")
    closing = document.add_paragraph(
        "Kami menyatakan bahwa data yang disampaikan adalah benar. Demikian permohonan ini kami sampaikan; "
        "atas perhatian dan kerja samanya kami ucapkan terima kasih."
    )
    closing.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    sign = document.add_paragraph(f"Hormat kami,\n{company.name}\n\n\n\n(materai, tanda tangan dan cap)\n\n")
    sign.alignment = WD_ALIGN_PARAGRAPH.LEFT
    name = sign.add_run(company.leader_name)
    name.bold = True
    name.underline = True
    sign.add_run("\nPimpinan")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
