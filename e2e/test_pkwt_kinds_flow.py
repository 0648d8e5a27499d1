"""Issue 12 in headless Chromium: a test workbook per kind of PKWT (jangka waktu, selesainya pekerjaan tertentu,
harian lepas, a foreign worker) goes through the real pages to a signed decree. For each kind the company fills
the template v2 it downloaded from the page, uploads it with *Import Excel*, sees no error and submits with
*Ajukan Permohonan*; the verifier verifies, the head signs, and the company downloads the SK whose appendix
lists the workers.

One sign-in per role for the four registrations keeps it quick; each kind has its own workbook and its own
registration, so each is a decree of its own.
"""

from __future__ import annotations

import datetime

import openpyxl
import pypdfium2
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from disnaker.accounts.constants import Role
from disnaker.accounts.tests.factories import PASSWORD, CompanyFactory, UserFactory, bekasi_office
from disnaker.core.tests.files import make_pdf
from disnaker.pkwt.columns import COLUMNS, KEYS
from disnaker.pkwt.constants import RegistrationStatus
from disnaker.pkwt.models import PkwtRegistration
from disnaker.pkwt.sample import EXAMPLE_KINDS, kind_rows

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WORKERS_PER_KIND = 2
FILE_FIELD = "Daftar Pekerja (Excel .xlsx atau LibreOffice .ods)"


def _sign_in(page: Page, email: str) -> None:
    page.goto("/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()
    expect(page.get_by_role("button", name="Masuk", exact=True)).to_have_count(0)


def _fill(template_path, target_path, rows) -> None:
    """Type the rows into the downloaded template's data sheet, keeping its formats and drop-downs."""
    workbook = openpyxl.load_workbook(template_path)
    sheet = workbook["Data Pekerja"]
    assert [cell.value for cell in sheet[1]] == [c.header for c in COLUMNS]
    assert {dv.type for dv in sheet.data_validations.dataValidation} >= {"list", "date", "whole"}
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            cell = sheet.cell(row=r, column=c, value=value if value != "" else None)
            if isinstance(value, datetime.date):
                cell.number_format = "dd/mm/yyyy"
    workbook.save(target_path)


def _pdf_text(path) -> str:
    document = pypdfium2.PdfDocument(str(path))
    return "\n".join(document[index].get_textpage().get_text_range() for index in range(len(document)))


def test_a_workbook_per_kind_of_pkwt_goes_to_a_signed_decree(live_server, new_context, artifacts, tmp_path):
    company = CompanyFactory(name="PT Aneka Kontrak")
    UserFactory(email="hrd@anekakontrak.co.id", role=Role.COMPANY, company=company)
    UserFactory(email="vera.jenis@disnaker.go.id", role=Role.VERIFIER, office=bekasi_office())
    UserFactory(
        email="hana.jenis@disnaker.go.id", role=Role.HEAD, office=bekasi_office(), full_name="Hana Kepala"
    )
    pdf = tmp_path / "surat.pdf"
    pdf.write_bytes(make_pdf())

    clerk = new_context(viewport={"width": 1280, "height": 900}).new_page()
    verifier = new_context().new_page()
    head = new_context().new_page()
    _sign_in(clerk, "hrd@anekakontrak.co.id")
    _sign_in(verifier, "vera.jenis@disnaker.go.id")
    _sign_in(head, "hana.jenis@disnaker.go.id")

    template = None
    for index, kind in enumerate(EXAMPLE_KINDS):
        clerk.goto("/permohonan/")
        clerk.get_by_role("button", name="Tambah Permohonan PKWT").click()
        expect(clerk.get_by_role("heading", name="Permohonan Pencatatan PKWT")).to_be_visible()
        if template is None:
            with clerk.expect_download() as download_info:
                clerk.get_by_role("link", name="Unduh Template Excel (.xlsx)").click()
            template = tmp_path / "template.xlsx"
            download_info.value.save_as(template)
        rows = kind_rows(kind, WORKERS_PER_KIND, start=timezone.localdate(), seed=7, serial_offset=10 * index)
        filled = tmp_path / f"pekerja-{kind}.xlsx"
        _fill(template, filled, rows)

        clerk.get_by_label("Surat Permohonan (PDF)").set_input_files(pdf)
        clerk.get_by_label("Scan Sample Kontrak Kerja (PDF)").set_input_files(pdf)
        clerk.get_by_label(FILE_FIELD).set_input_files(filled)
        clerk.get_by_role("button", name="Import Excel").click()
        expect(clerk.get_by_text(f"Import Excel berhasil: {WORKERS_PER_KIND} pekerja")).to_be_visible()
        expect(clerk.locator("table.findings-error")).to_have_count(0)
        expect(clerk.get_by_label("Jumlah PKWT")).to_have_value(str(WORKERS_PER_KIND))
        clerk.screenshot(path=str(artifacts / f"pkwt-kind-{kind}-imported.png"), full_page=True)
        clerk.get_by_role("button", name="Ajukan Permohonan").click()
        expect(clerk.get_by_role("heading", name="Progress Permohonan")).to_be_visible()
        registration = PkwtRegistration.objects.filter(company=company).latest("pk")
        assert registration.status == RegistrationStatus.SUBMITTED

        verifier.goto(f"/kantor/pkwt/{registration.pk}/")
        verifier.get_by_role("button", name="Verifikasi dan teruskan ke Kepala Dinas").click()
        expect(verifier.locator(".alert-success")).to_contain_text("diverifikasi")

        head.goto(f"/kantor/pkwt/{registration.pk}/")
        head.get_by_role("link", name="Setujui dan tandatangani SK").click()  # the signing screen (issue 14)
        head.locator("#sign-form").get_by_role("button", name="Setujui dan tandatangani SK").click()
        expect(head.locator(".alert-success")).to_contain_text("telah ditandatangani")

        clerk.goto("/permohonan/")
        clerk.get_by_role("row").filter(has_text=registration.number).get_by_role(
            "link", name="Lihat PDF"
        ).click()
        expect(clerk.get_by_role("heading", name="SK Pencatatan PKWT")).to_be_visible()
        with clerk.expect_download() as download_info:
            clerk.get_by_role("link", name="Unduh PDF SK").click()
        decree = tmp_path / f"sk-{kind}.pdf"
        download_info.value.save_as(decree)
        assert decree.read_bytes().startswith(b"%PDF-")
        text = _pdf_text(decree)
        for row in rows:
            assert row[KEYS.index("nama_pegawai")] in text, (kind, row[KEYS.index("nama_pegawai")])
        registration.refresh_from_db()
        assert registration.status == RegistrationStatus.APPROVED

    assert PkwtRegistration.objects.filter(company=company, status=RegistrationStatus.APPROVED).count() == 4
