"""The whole seed end to end, in headless Chromium against the live server.

A company requests an account with real documents, a verifier approves it, the company signs in with the
e-mailed initial password and is made to change it before anything else. It then registers its PKWT, the
verifier verifies, the head signs, the company opens *Lihat PDF* and downloads the signed decree, and the
verification URL read from the PDF's QR code says the decree is valid. The image captcha is on and is
solved the honest way: the answer is looked up in the captcha store by the hashkey the page carries.
"""

from __future__ import annotations

import datetime
import re

import pypdfium2
import pytest
import zxingcpp
from captcha.models import CaptchaStore
from playwright.sync_api import Page, expect

from disnaker.accounts.constants import Role
from disnaker.accounts.models import AccountRequest, User
from disnaker.accounts.tests.factories import PASSWORD, UserFactory, bekasi_office
from disnaker.core.tests.files import make_image, make_pdf
from disnaker.notifications.models import OutboxMessage
from disnaker.pkwt.models import PkwtRegistration
from disnaker.pkwt.sample import sample_rows, sample_workbook

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COMPANY_EMAIL = "hrd@sinarterang.co.id"
VERIFIER_EMAIL = "vera.e2e@disnaker.go.id"
NEW_PASSWORD = "Kontrak-Kerja-Baru-2025"


def solve_captcha(page: Page) -> None:
    """Type the answer to the image captcha shown on ``page``."""
    image = page.locator("img.captcha")
    expect(image).to_be_visible()
    # The picture is really served by our server (and allowed by the CSP), not a broken image. The load
    # event comes after every image has loaded or failed, so this check does not race the download.
    page.wait_for_load_state("load")
    assert image.evaluate("img => img.complete && img.naturalWidth > 0"), "captcha image did not load"
    hashkey = page.locator('input[name="captcha_0"]').input_value()
    answer = CaptchaStore.objects.get(hashkey=hashkey).response
    page.get_by_label("Kode keamanan").fill(answer)


def sign_in(page: Page, email: str, password: str) -> None:
    page.goto("/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kata sandi").fill(password)
    solve_captcha(page)
    page.get_by_role("button", name="Masuk", exact=True).click()


def test_the_whole_seed_from_account_request_to_a_verified_decree(
    live_server,
    settings,
    new_context,
    artifacts,
    tmp_path,
    mailoutbox,
):
    settings.CAPTCHA_BACKEND = "image"
    settings.SITE_URL = live_server.url  # the decree's QR code must point at this server
    documents = {
        "surat-permohonan.pdf": make_pdf(),
        "surat-kuasa.pdf": make_pdf(2),
        "ktp.jpg": make_image("JPEG"),
        "id-card.png": make_image("PNG"),
    }
    for name, content in documents.items():
        (tmp_path / name).write_bytes(content)

    # 1. Anonymous visitor: from the sign-in page to the account request form.
    applicant = new_context().new_page()
    applicant.goto("/")
    expect(applicant.get_by_role("heading", name="Masuk", exact=True)).to_be_visible()
    applicant.get_by_role("link", name="Ajukan Permohonan Disini").click()
    expect(applicant).to_have_url(re.compile(r"/permohonan-akun/$"))

    # 2. The request, with real files.
    applicant.get_by_label("Nama Perusahaan").fill("PT Sinar Terang Abadi")
    applicant.get_by_label("Nama Pimpinan").fill("Rina Wulandari")
    applicant.get_by_label("Email").fill(COMPANY_EMAIL)
    applicant.get_by_label("No Whatsapp").fill("0812 3456 7890")
    applicant.get_by_label("Alamat").fill("Jl. Jababeka Raya Blok A No. 7\nCikarang Utara")
    expect(applicant.get_by_label("Kabupaten/Kota").locator("option:checked")).to_have_text(
        "Kabupaten Bekasi"
    )
    applicant.get_by_label("NPWP Perusahaan").fill("01.300.066.6-091.000")
    applicant.get_by_label("Jenis Perusahaan").select_option(label="Perseroan Terbatas (PT)")
    applicant.get_by_label("Skala Usaha").select_option(label="Usaha Menengah")
    applicant.get_by_label("Surat Permohonan (PDF)").set_input_files(tmp_path / "surat-permohonan.pdf")
    applicant.get_by_label("Surat KUASA (PDF)").set_input_files(tmp_path / "surat-kuasa.pdf")
    applicant.get_by_label("KTP (JPG/PNG)").set_input_files(tmp_path / "ktp.jpg")
    applicant.get_by_label("ID Card (JPG/PNG)").set_input_files(tmp_path / "id-card.png")
    applicant.get_by_label("Saya telah membaca dan menyetujui Syarat & Ketentuan").check()
    solve_captcha(applicant)
    applicant.screenshot(path=artifacts / "01-account-request-filled.png", full_page=True)
    applicant.get_by_role("button", name="Kirim Permohonan").click()

    expect(applicant).to_have_url(re.compile(r"/permohonan-akun/terkirim/$"))
    tracking_code = applicant.locator("#tracking-code")
    expect(tracking_code).to_have_text(re.compile(r"^AK-[A-Z0-9]{4}-[A-Z0-9]{4}$"))
    code = tracking_code.inner_text().strip()
    applicant.screenshot(path=artifacts / "02-account-request-sent.png", full_page=True)

    account_request = AccountRequest.objects.get(tracking_code=code)
    assert account_request.email == COMPANY_EMAIL
    assert account_request.npwp == "013000666091000"
    assert account_request.whatsapp == "6281234567890"
    assert account_request.office == bekasi_office()
    assert account_request.status == "submitted"

    # 3. The verifier of the Kabupaten Bekasi office approves it.
    UserFactory(
        email=VERIFIER_EMAIL, role=Role.VERIFIER, office=bekasi_office(), full_name="Vera Verifikator"
    )
    verifier = new_context().new_page()
    # The captcha is really enforced: a wrong answer is refused and a new picture is shown.
    verifier.goto("/")
    first_key = verifier.locator('input[name="captcha_0"]').input_value()
    verifier.get_by_label("Email").fill(VERIFIER_EMAIL)
    verifier.get_by_label("Kata sandi").fill(PASSWORD)
    verifier.get_by_label("Kode keamanan").fill("SALAH")
    verifier.get_by_role("button", name="Masuk", exact=True).click()
    expect(verifier.locator("#id_captcha_error")).to_contain_text("Kode keamanan salah")
    expect(verifier.locator('input[name="captcha_0"]')).not_to_have_value(first_key)
    sign_in(verifier, VERIFIER_EMAIL, PASSWORD)
    expect(verifier).to_have_url(re.compile(r"/dasbor/$"))
    expect(verifier.locator("#pending-count")).to_have_text("1")
    verifier.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Permohonan Akun").click()
    expect(verifier).to_have_url(re.compile(r"/kantor/permohonan-akun/$"))
    row = verifier.get_by_role("row").filter(has_text=code)
    expect(row).to_contain_text("PT Sinar Terang Abadi")
    row.get_by_role("link", name="Periksa").click()
    expect(verifier).to_have_url(re.compile(rf"/kantor/permohonan-akun/{account_request.pk}/$"))
    expect(verifier.get_by_role("heading", name="PT Sinar Terang Abadi")).to_be_visible()
    verifier.screenshot(path=artifacts / "03-verifier-request-detail.png", full_page=True)
    verifier.get_by_role("button", name="Setujui dan buat akun").click()
    expect(verifier.locator(".alert-success")).to_contain_text(f"Permohonan {code} disetujui")
    expect(verifier.get_by_role("button", name="Setujui dan buat akun")).to_have_count(0)
    verifier.screenshot(path=artifacts / "04-verifier-approved.png", full_page=True)

    # 4. The e-mail with the initial password, sent by the (immediate) task.
    message = OutboxMessage.objects.get(to=COMPANY_EMAIL, kind="account_request_approved")
    assert message.status == "sent"
    delivered = [mail for mail in mailoutbox if mail.to == [COMPANY_EMAIL] and "Kata sandi" in mail.body]
    assert len(delivered) == 1
    match = re.search(r"^\s*Kata sandi\s*:\s*(\S+)\s*$", delivered[0].body, re.MULTILINE)
    assert match, delivered[0].body
    initial_password = match.group(1)
    # The outbox keeps the message, but not the password once it has gone out.
    assert initial_password not in message.body and "[disembunyikan]" in message.body
    assert User.objects.get(email=COMPANY_EMAIL).must_change_password

    # 5. The company signs in and must change the initial password before anything else.
    company = new_context().new_page()
    sign_in(company, COMPANY_EMAIL, initial_password)
    expect(company).to_have_url(re.compile(r"/ubah-password/$"))
    expect(company.get_by_role("heading", name="Ubah Kata Sandi")).to_be_visible()
    company.goto("/dasbor/")
    expect(company).to_have_url(re.compile(r"/ubah-password/$"))
    expect(company.get_by_role("link", name="Permohonan", exact=True)).to_have_count(0)
    company.locator("#id_old_password").fill(initial_password)
    company.locator("#id_new_password1").fill(NEW_PASSWORD)
    company.locator("#id_new_password2").fill(NEW_PASSWORD)
    company.screenshot(path=artifacts / "05-company-change-password.png", full_page=True)
    company.get_by_role("button", name="Simpan Kata Sandi").click()

    expect(company).to_have_url(re.compile(r"/dasbor/$"))
    expect(company.locator(".alert-success")).to_contain_text("Kata sandi berhasil diubah.")
    navbar = company.get_by_role("navigation", name="Menu utama")
    expect(navbar.get_by_role("link", name="Permohonan", exact=True)).to_be_visible()
    company.screenshot(path=artifacts / "06-company-dashboard.png", full_page=True)
    user = User.objects.get(email=COMPANY_EMAIL)
    assert not user.must_change_password
    assert user.check_password(NEW_PASSWORD)

    # 6. The request form on a phone.
    phone = new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True).new_page()
    phone.goto("/permohonan-akun/")
    expect(phone.get_by_role("button", name="Kirim Permohonan")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390, "horizontal scroll on a phone"
    phone.screenshot(path=artifacts / "07-account-request-phone.png", full_page=True)

    # 7. The company registers its PKWT: documents, the worker Excel, Import Excel, Ajukan Permohonan.
    (tmp_path / "pekerja.xlsx").write_bytes(
        sample_workbook(sample_rows(12, start=datetime.date.today(), seed=3))
    )
    navbar.get_by_role("link", name="Permohonan", exact=True).click()
    company.get_by_role("button", name="Tambah Permohonan PKWT").click()
    company.get_by_label("Surat Permohonan (PDF)").set_input_files(tmp_path / "surat-permohonan.pdf")
    company.get_by_label("Scan Sample Kontrak Kerja (PDF)").set_input_files(tmp_path / "surat-kuasa.pdf")
    company.get_by_label("Daftar Pekerja (Excel .xlsx atau LibreOffice .ods)").set_input_files(
        tmp_path / "pekerja.xlsx"
    )
    company.get_by_role("button", name="Import Excel").click()
    expect(company.get_by_label("Jumlah PKWT")).to_have_value("12")
    company.get_by_role("button", name="Ajukan Permohonan").click()
    expect(company.get_by_role("heading", name="Progress Permohonan")).to_be_visible()
    registration = PkwtRegistration.objects.get(company__email=COMPANY_EMAIL)

    # 8. The verifier verifies it from the queue.
    verifier.goto("/dasbor/")
    verifier.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Pencatatan PKWT").click()
    verifier.get_by_role("row").filter(has_text=registration.number).get_by_role(
        "link", name="Periksa"
    ).click()
    verifier.get_by_role("button", name="Verifikasi dan teruskan ke Kepala Dinas").click()
    expect(verifier.locator(".alert-success")).to_contain_text("diverifikasi")

    # 9. The head signs.
    UserFactory(
        email="kepala.e2e@disnaker.go.id", role=Role.HEAD, office=bekasi_office(), full_name="Hana Kepala"
    )
    head = new_context().new_page()
    sign_in(head, "kepala.e2e@disnaker.go.id", PASSWORD)
    head.goto(f"/kantor/pkwt/{registration.pk}/")
    head.get_by_role("link", name="Setujui dan tandatangani SK").click()
    # Signing is irreversible: the signing screen says what will happen and offers the preview (issue 14).
    expect(head.locator("main, body").first).to_contain_text("diberi nomor dan ditandatangani")
    preview = head.request.get(head.locator("#preview-link").get_attribute("href"))
    assert preview.ok and preview.headers["content-type"] == "application/pdf"
    head.locator("#sign-form").get_by_role("button", name="Setujui dan tandatangani SK").click()
    expect(head.locator(".alert-success")).to_contain_text("telah ditandatangani")
    head.screenshot(path=artifacts / "08-head-signed.png", full_page=True)

    # 10. The company: Lihat PDF, then the download icon (the seed's figures 15-16).
    company.goto("/permohonan/")
    company.get_by_role("row").filter(has_text=registration.number).get_by_role(
        "link", name="Lihat PDF"
    ).click()
    expect(company.get_by_role("heading", name="SK Pencatatan PKWT")).to_be_visible()
    company.screenshot(path=artifacts / "09-company-lihat-pdf.png", full_page=True)
    with company.expect_download() as download_info:
        company.get_by_role("link", name="Unduh PDF SK").click()
    pdf_path = tmp_path / "sk.pdf"
    download_info.value.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF-")

    # 11. Anyone scanning the QR code lands on the verification page, which says the decree is valid.
    image = pypdfium2.PdfDocument(str(pdf_path))[0].render(scale=3).to_pil()
    urls = [result.text for result in zxingcpp.read_barcodes(image)]
    assert len(urls) == 1 and urls[0].startswith(live_server.url + "/verifikasi/"), urls
    visitor = new_context().new_page()
    visitor.goto(urls[0])
    expect(visitor.locator(".badge", has_text="Sah").first).to_be_visible()
    expect(visitor.get_by_text(registration.company.name).first).to_be_visible()
    # The downloaded file is the issued one, byte for byte.
    visitor.get_by_label("Berkas PDF yang ingin dicocokkan").set_input_files(pdf_path)
    visitor.get_by_role("button", name="Cocokkan", exact=True).click()
    expect(visitor.get_by_text("Identik.")).to_be_visible()
    visitor.screenshot(path=artifacts / "10-public-verification.png", full_page=True)
