"""The PKWT registration flow end to end in headless Chromium: download the template from the page, fill
it with 50 workers (one of them wrong), upload it with the two PDFs, read the report, fix the row, import
again, submit, and follow *Lihat Progress*."""

from __future__ import annotations

import datetime

import openpyxl
import pytest
from django.urls import reverse
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
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()
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
    page.get_by_label("Daftar Pekerja (Excel .xlsx atau LibreOffice .ods)").set_input_files(filled)
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
    page.get_by_label("Daftar Pekerja (Excel .xlsx atau LibreOffice .ods)").set_input_files(filled)
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


def test_company_uses_the_ods_template_and_sees_a_refusal_by_format(
    live_server, new_context, artifacts, tmp_path
):
    """Issue 18 in the browser: the .ods template next to the .xlsx one, an .ods import, and a refused .xls
    whose message names its format right under the file field; at desktop and phone width."""
    from disnaker.pkwt.sample import sample_workbook

    company = CompanyFactory(name="PT Calc Terbuka")
    UserFactory(email="hrd@calc.co.id", role=Role.COMPANY, company=company)
    for width, height, name in ((1280, 900, "desktop"), (390, 844, "phone")):
        page = new_context(viewport={"width": width, "height": height}).new_page()
        page.goto("/")
        page.get_by_label("Email").fill("hrd@calc.co.id")
        page.get_by_label("Kata sandi").fill(PASSWORD)
        page.get_by_role("button", name="Masuk", exact=True).click()
        expect(page.get_by_role("button", name="Masuk", exact=True)).to_have_count(0)
        page.goto(reverse("pkwt:list"))  # on a phone the menu is folded away
        page.get_by_role("button", name="Tambah Permohonan PKWT").click()
        ods_link = page.get_by_role("link", name="Unduh Template LibreOffice (.ods)")
        expect(ods_link).to_be_visible()
        expect(page.get_by_role("link", name="Unduh Template Excel (.xlsx)")).to_be_visible()
        page.screenshot(path=str(artifacts / f"pkwt-ods-template-{name}.png"), full_page=True)
        with page.expect_download() as download_info:
            ods_link.click()
        template = tmp_path / f"template-{name}.ods"
        download_info.value.save_as(template)
        assert download_info.value.suggested_filename == "template-pkwt.ods"
        assert template.read_bytes()[30:38] == b"mimetype"

        # A .xls (OLE2) is refused by name, next to the field.
        xls = tmp_path / "lama.xls"
        xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
        field = page.get_by_label("Daftar Pekerja (Excel .xlsx atau LibreOffice .ods)")
        field.set_input_files(xls)
        page.get_by_role("button", name="Import Excel").click()
        message = page.get_by_text("File ini berformat Excel 97-2003 (.xls).")
        expect(message).to_be_visible()
        # Both positions from one script, relative to the document: two bounding_box() calls are two
        # round trips, and the phone page may still be scrolling to the error summary between them.
        field = page.get_by_label("Daftar Pekerja (Excel .xlsx atau LibreOffice .ods)")
        field_top, message_top = page.evaluate(
            """([field, message]) => {
                const top = (el) => el.getBoundingClientRect().top + window.scrollY;
                return [top(field), top(message)];
            }""",
            [field.element_handle(), message.element_handle()],
        )
        assert abs(message_top - field_top) < 400, (field_top, message_top)
        page.screenshot(path=str(artifacts / f"pkwt-ods-refused-xls-{name}.png"), full_page=True)

        # An .ods with 10 workers imports.
        filled = tmp_path / f"pekerja-{name}.ods"
        filled.write_bytes(sample_workbook(sample_rows(10, start=datetime.date.today(), seed=3), fmt="ods"))
        page.get_by_label("Daftar Pekerja (Excel .xlsx atau LibreOffice .ods)").set_input_files(filled)
        page.get_by_role("button", name="Import Excel").click()
        expect(page.get_by_label("Jumlah PKWT")).to_have_value("10")
        page.screenshot(path=str(artifacts / f"pkwt-ods-imported-{name}.png"), full_page=True)
