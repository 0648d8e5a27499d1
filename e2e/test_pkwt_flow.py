"""The PKWT registration flow end to end in headless Chromium: download the template from the page, fill
it with 50 workers (one of them wrong), upload it with the two PDFs, read the report, fix the row, import
again, submit, and follow *Lihat Progress*."""

from __future__ import annotations

import datetime

import openpyxl
import pytest
from playwright.sync_api import expect

from disnaker.accounts.constants import Role
from disnaker.accounts.tests.factories import PASSWORD, CompanyFactory, UserFactory
from disnaker.core.tests.files import make_pdf
from disnaker.pkwt.constants import RegistrationStatus
from disnaker.pkwt.models import PkwtRegistration
from disnaker.pkwt.sample import sample_rows

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _fill(template_path, target_path, rows):
    """Fill the downloaded template the way a clerk does: typing into its (pre-formatted) cells."""
    workbook = openpyxl.load_workbook(template_path)
    sheet = workbook["Data Pekerja"]
    headers = [cell.value for cell in sheet[1]][:13]
    assert headers[8] == "pwkt_ke" and headers[0] == "nik"
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            cell = sheet.cell(row=r, column=c, value=value if value != "" else None)
            if isinstance(value, datetime.date):
                cell.number_format = "dd/mm/yyyy"
    workbook.save(target_path)


def test_company_registers_pkwt_from_template_to_progress(live_server, new_context, artifacts, tmp_path):
    company = CompanyFactory(name="PT Sinar Terang")
    UserFactory(email="hrd@sinarterang.co.id", role=Role.COMPANY, company=company)
    pdf = tmp_path / "surat.pdf"
    pdf.write_bytes(make_pdf())

    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto("/")
    page.get_by_label("Email").fill("hrd@sinarterang.co.id")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Permohonan", exact=True).first.click()
    page.get_by_role("button", name="Tambah Permohonan PKWT").click()
    expect(page.get_by_role("heading", name="Permohonan Pencatatan PKWT")).to_be_visible()

    # Download the template from the page and fill it with 50 workers; row 7 (the 6th worker) gets the
    # wrong sex for its NIK.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh Template Excel (.xlsx)").click()
    template = tmp_path / "template.xlsx"
    download_info.value.save_as(template)
    rows = list(sample_rows(50, start=datetime.date.today(), seed=7))
    good_sex = rows[5][4]
    rows[5][4] = "L" if good_sex == "P" else "P"
    filled = tmp_path / "pekerja.xlsx"
    _fill(template, filled, rows)

    page.get_by_label("Surat Permohonan (PDF)").set_input_files(pdf)
    page.get_by_label("Scan Sample Kontrak Kerja (PDF)").set_input_files(pdf)
    page.get_by_label("Daftar Pekerja (Excel .xlsx)").set_input_files(filled)
    page.get_by_role("button", name="Import Excel").click()

    errors = page.locator("table.findings-error tbody tr")
    expect(errors).to_have_count(1)
    expect(errors.first).to_contain_text("7")
    expect(errors.first).to_contain_text("jenis_kelamin")
    expect(errors.first).to_contain_text("tidak cocok dengan NIK")
    expect(page.get_by_label("Jumlah PKWT")).to_have_value("49")
    expect(page.get_by_role("button", name="Ajukan Permohonan")).to_be_disabled()
    page.screenshot(path=str(artifacts / "pkwt-report-error.png"), full_page=True)

    # The annotated copy carries the finding next to row 7.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh Excel beranotasi").click()
    annotated = tmp_path / "temuan.xlsx"
    download_info.value.save_as(annotated)
    sheet = openpyxl.load_workbook(annotated)["Data Pekerja"]
    assert sheet.cell(row=1, column=14).value == "temuan"
    assert "jenis_kelamin" in sheet.cell(row=7, column=14).value

    # Fix the row and import again: the documents saved with the first import are kept.
    rows[5][4] = good_sex
    _fill(template, filled, rows)
    expect(page.locator("#saved-application_letter")).to_be_visible()
    page.get_by_label("Daftar Pekerja (Excel .xlsx)").set_input_files(filled)
    page.get_by_role("button", name="Import Excel").click()
    expect(page.get_by_text("Import Excel berhasil: 50 pekerja")).to_be_visible()
    expect(page.get_by_label("Jumlah PKWT")).to_have_value("50")
    expect(page.locator("table.findings-error")).to_have_count(0)

    page.get_by_role("button", name="Ajukan Permohonan").click()
    expect(page.get_by_role("heading", name="Progress Permohonan")).to_be_visible()
    expect(page.get_by_text("Permohonan diajukan dengan 50 pekerja.")).to_be_visible()
    expect(page.locator(".timeline-item")).to_have_count(2)
    # NIKs are masked in the list.
    expect(page.locator("tbody tr").first).to_contain_text("******")
    page.screenshot(path=str(artifacts / "pkwt-progress.png"), full_page=True)

    registration = PkwtRegistration.objects.get(company=company)
    assert registration.status == RegistrationStatus.SUBMITTED
    assert registration.contracts.count() == 50

    # Permohonan lists it with Lihat Progress.
    page.get_by_role("link", name="Permohonan", exact=True).first.click()
    row = page.locator("tbody tr").first
    expect(row).to_contain_text(registration.number)
    expect(row).to_contain_text("50")
    row.get_by_role("link", name="Lihat Progress").click()
    expect(page.get_by_role("heading", name="Progress Permohonan")).to_be_visible()
