"""Seed 004 end to end in headless Chromium: a school's BKK applies and is registered; its operator signs in
with the e-mailed password and proposes two PAK; the head signs the SK Penetapan PAK; both PAK accept the
invitation and complete their profiles; the head sends the report to the province; the province verifies
one and rejects the other, who corrects the profile and is verified; the monitoring dashboard counts them.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from disnaker.accounts.constants import Role
from disnaker.accounts.tests.factories import PASSWORD, UserFactory, bekasi_office
from disnaker.core.models import Office
from disnaker.core.nik import nik_build
from disnaker.core.tests.files import make_image, make_pdf
from disnaker.decrees.models import Decree
from disnaker.notifications.models import OutboxMessage
from disnaker.placement.models import Bkk, PakProfile, ProvinceReport

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OPERATOR_EMAIL = "bkk@smkn3cikarang.sch.id"
NEW_PASSWORD = "Bursa-Kerja-Khusus-2026"
PAK_PASSWORD = "Antar-Kerja-2026!"
LETTER_NUMBER = "421.5/087/SMKN3/XII/2026"


def sign_in(page: Page, email: str, password: str) -> None:
    page.goto("/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk", exact=True).click()
    expect(page).not_to_have_url(re.compile(r"^https?://[^/]+/$"))


def decide(page: Page, button: str, note: str = "") -> None:
    if note:
        page.get_by_label("Catatan / alasan").fill(note)
    page.get_by_role("button", name=button).click()
    expect(page.locator(".alert-success")).to_be_visible()


def delivered_body(to: str, kind: str) -> str:
    """The last e-mail of ``kind`` delivered to ``to`` (the outbox's copy hides passwords and links once
    sent, so they are read from what was delivered)."""
    subject = OutboxMessage.objects.filter(to=to, kind=kind).latest("pk").subject
    return next(m.body for m in reversed(mail.outbox) if m.to == [to] and m.subject == subject)


def mail_link(to: str, kind: str, marker: str) -> str:
    body = delivered_body(to, kind)
    url = next(word for word in body.split() if marker in word)
    return url[url.index(marker) :]


def fill_profile(page: Page, tmp_path, *, photo: bool = True) -> None:
    page.get_by_label("Tempat lahir").fill("Bekasi")
    page.get_by_label("Tanggal lahir").fill("12/04/1990")
    page.get_by_label("Jenis kelamin").select_option(label="Perempuan")
    page.get_by_label("Alamat domisili").fill("Perum Griya Asri Blok C/7, Cikarang")
    page.get_by_label("Nama perguruan tinggi/sekolah").fill("Universitas Negeri Jakarta")
    page.get_by_label("Tahun lulus").fill("2012")
    page.get_by_label("Riwayat pekerjaan").fill("2013–sekarang, Guru BK, SMK Negeri 3 Cikarang")
    if photo:
        page.get_by_label("Pas foto (JPG/PNG)").set_input_files(tmp_path / "foto.jpg")


def test_bkk_to_verified_pak(live_server, settings, new_context, artifacts, tmp_path):
    """The ``internal`` channel (the deployment is itself the registry): the province verifies in the app."""
    settings.SITE_URL = live_server.url
    settings.PAK_REGISTRATION_CHANNEL = "internal"
    (tmp_path / "dokumen.pdf").write_bytes(make_pdf())
    (tmp_path / "foto.jpg").write_bytes(make_image("JPEG"))
    office = bekasi_office()
    UserFactory(
        email="vera.pak@disnaker.go.id", role=Role.VERIFIER, office=office, full_name="Vera Verifikator"
    )
    UserFactory(email="hana.pak@disnaker.go.id", role=Role.HEAD, office=office, full_name="Hana Kepala")
    UserFactory(email="prita.pak@jabarprov.go.id", role=Role.PROVINCE_ADMIN, office=Office.objects.get(code="32"),
                full_name="Prita Provinsi")  # fmt: skip

    # 1. A school applies for its BKK from the sign-in page.
    school = new_context().new_page()
    school.goto("/")
    school.get_by_role("link", name="Daftarkan BKK").click()
    school.get_by_label("Nama BKK").fill("BKK SMK Negeri 3 Cikarang")
    school.get_by_label("Nama lembaga").fill("SMK Negeri 3 Cikarang")
    school.get_by_label("Jenis lembaga").select_option(value="smk")
    school.get_by_label("NPSN / kode lembaga").fill("2022345")  # one digit short
    school.get_by_label("Alamat lembaga").fill("Jl. Raya Cikarang No. 3")
    school.get_by_label("Kabupaten/Kota").select_option(label="Kabupaten Bekasi")
    school.get_by_label("Nama kepala lembaga").fill("Drs. Bambang Sutrisno")
    school.get_by_label("Nama operator/kontak").fill("Rina Operator")
    school.get_by_label("E-mail operator").fill(OPERATOR_EMAIL)
    school.get_by_label("No WhatsApp/telepon").fill("0813 1111 2222")
    school.get_by_label("Izin operasional lembaga (PDF)").set_input_files(tmp_path / "dokumen.pdf")
    school.get_by_label("SK pembentukan BKK beserta struktur organisasi (PDF)").set_input_files(
        tmp_path / "dokumen.pdf"
    )
    school.get_by_label("Rencana penempatan minimal 1 tahun (PDF)").set_input_files(tmp_path / "dokumen.pdf")
    school.get_by_role("button", name="Kirim Pendaftaran").click()
    expect(school.locator("#id_institution_code_error")).to_contain_text("8 digit")
    school.get_by_label("NPSN / kode lembaga").fill("20223456")
    school.get_by_role("button", name="Kirim Pendaftaran").click()
    expect(school.locator("#tracking-code")).to_have_text(re.compile(r"^BKK-"))
    bkk = Bkk.objects.get(email=OPERATOR_EMAIL)
    assert bkk.status == "submitted" and bkk.institution_code == "20223456"

    # 2. The verifier verifies, the head signs the tanda daftar.
    verifier = new_context().new_page()
    sign_in(verifier, "vera.pak@disnaker.go.id", PASSWORD)
    verifier.goto(f"/kantor/bkk/{bkk.pk}/")
    decide(verifier, "Verifikasi dan teruskan ke Kepala Dinas")
    head = new_context().new_page()
    sign_in(head, "hana.pak@disnaker.go.id", PASSWORD)
    head.goto(f"/kantor/bkk/{bkk.pk}/")
    # The signing screen (issue 14) names what will happen and offers the preview before the head signs.
    head.get_by_role("link", name="Setujui dan Tandatangani Tanda Daftar").click()
    expect(head.locator("main")).to_contain_text("akun operator BKK dibuat")
    expect(head.locator("#preview-link")).to_be_visible()
    head.locator("#sign-form").get_by_role("button", name=re.compile("Tanda Daftar", re.IGNORECASE)).click()
    expect(head.locator(".alert-success")).to_be_visible()
    bkk.refresh_from_db()
    assert bkk.status == "registered"

    # 3. The operator signs in with the e-mailed password, changes it, and proposes two PAK.
    body = delivered_body(OPERATOR_EMAIL, "bkk_registered")
    initial = re.search(r"^\s*Kata sandi\s*:\s*(\S+)\s*$", body, re.MULTILINE).group(1)
    operator = new_context().new_page()
    sign_in(operator, OPERATOR_EMAIL, initial)
    expect(operator).to_have_url(re.compile(r"/ubah-password/$"))
    operator.locator("#id_old_password").fill(initial)
    operator.locator("#id_new_password1").fill(NEW_PASSWORD)
    operator.locator("#id_new_password2").fill(NEW_PASSWORD)
    operator.get_by_role("button", name="Simpan Kata Sandi").click()
    operator.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Usulan PAK").click()
    operator.get_by_role("button", name="Tambah Usulan PAK").click()
    people = [
        ("Dewi Lestari", "dewi@smkn3cikarang.sch.id", 1),
        ("Andi Saputra", "andi@smkn3cikarang.sch.id", 2),
    ]
    for name, email, serial in people:
        operator.get_by_label("Nama lengkap").fill(name)
        nik = nik_build(region="32.16", district="05", birth_date=__import__("datetime").date(1990, 4, 12), sex="P",
                        serial=serial)  # fmt: skip
        operator.get_by_role("textbox", name="NIK").fill(nik)
        operator.get_by_role("textbox", name="E-mail", exact=True).fill(email)
        operator.get_by_label("No WhatsApp/telepon").fill("081355556666")
        operator.get_by_label("Jabatan di lembaga").fill("Guru BK")
        operator.get_by_label("Pendidikan terakhir").select_option(value="s1")
        operator.get_by_label("Surat usulan dari kepala lembaga (PDF)").set_input_files(
            tmp_path / "dokumen.pdf"
        )
        for field in operator.locator("input[type=file][name^=evidence_]").all():
            field.set_input_files(tmp_path / "dokumen.pdf")
        operator.get_by_role("button", name="Simpan Calon").click()
        expect(operator.locator(".alert-success")).to_contain_text(name)
    operator.screenshot(path=artifacts / "pak-01-proposal.png", full_page=True)
    # The institution's proposal letter (cited by the SK) is required, its error next to its field.
    operator.get_by_role("button", name="Kirim Usulan").click()
    expect(operator.locator("#id_letter_number_error")).to_be_visible()
    operator.get_by_label("Nomor surat usulan").fill(LETTER_NUMBER)
    operator.get_by_label("Tanggal surat usulan").fill("01/12/2026")
    operator.get_by_role("button", name="Kirim Usulan").click()
    expect(operator.locator(".alert-success")).to_contain_text("Usulan PAK dikirim")
    expect(operator.locator("#proposal-letter")).to_contain_text(f"{LETTER_NUMBER} tanggal 01/12/2026")

    # 4. The verifier forwards, the head signs the SK Penetapan PAK.
    verifier.goto("/kantor/pak/usulan/")
    verifier.get_by_role("row").filter(has_text="BKK SMK Negeri 3 Cikarang").get_by_role(
        "link", name="Periksa"
    ).click()
    expect(verifier.locator("#proposal-letter")).to_contain_text(LETTER_NUMBER)
    decide(verifier, "Verifikasi dan teruskan ke Kepala Dinas")
    head.goto("/kantor/pak/usulan/")
    head.get_by_role("row").filter(has_text="BKK SMK Negeri 3 Cikarang").get_by_role(
        "link", name="Periksa"
    ).click()
    head.get_by_role("link", name="Tetapkan dan tandatangani SK Penetapan PAK").click()  # the signing screen
    head.locator("#sign-form").get_by_role(
        "button", name="Tetapkan dan tandatangani SK Penetapan PAK"
    ).click()
    expect(head.locator(".alert-success")).to_contain_text("SK Penetapan PAK ditandatangani")
    head.screenshot(path=artifacts / "pak-02-sk-signed.png", full_page=True)
    decree = Decree.objects.get(kind="pak_appointment")
    assert decree.subject_count == 2
    # The SK as the head's page serves it: a Keputusan citing the letter, with the internal channel's clause.
    with head.expect_download() as download:
        head.get_by_role("link", name="Unduh", exact=True).click()
    sk = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(download.value.path()).pages)
    assert f"KEPUTUSAN {decree.signer_position.upper()} NOMOR {decree.number} TENTANG PENETAPAN" in sk
    assert f"Nomor {LETTER_NUMBER} tanggal 1 Desember 2026" in sk
    assert "untuk diverifikasi oleh Dinas provinsi" in sk and "aplikasi e-pengantarkerja pada laman" not in sk
    assert f"LAMPIRAN KEPUTUSAN {decree.signer_position.upper()} NOMOR {decree.number} TANGGAL" in sk

    # 5. Both PAK accept the invitation and complete their profiles.
    pages = {}
    for name, email, _serial in people:
        pak = new_context().new_page()
        pak.goto(mail_link(email, "pak_invitation", "/pak/undangan/"))
        pak.get_by_label("Kata sandi baru").fill(PAK_PASSWORD)
        pak.get_by_label("Ulangi kata sandi").fill(PAK_PASSWORD)
        pak.get_by_role("button", name="Buat Kata Sandi").click()
        expect(pak).to_have_url(re.compile(r"/pak/profil/$"))
        fill_profile(pak, tmp_path)
        pak.get_by_role("button", name="Simpan dan Kirim untuk Verifikasi").click()
        expect(pak.locator(".alert-success")).to_contain_text("Profil dikirim")
        pages[name] = pak
    pages["Dewi Lestari"].screenshot(path=artifacts / "pak-03-profile-sent.png", full_page=True)
    assert set(PakProfile.objects.values_list("status", flat=True)) == {"awaiting_verification"}

    # 6. The head sends the report to the province (both PAK preselected).
    head.goto("/kantor/pak/laporan-provinsi/")
    expect(head.locator("input[name=pak]:checked")).to_have_count(2)
    head.get_by_role("button", name="Tandatangani dan Kirim ke Provinsi").click()
    expect(head.locator(".alert-success")).to_contain_text("2 PAK")
    report = ProvinceReport.objects.get()
    assert report.officer_count == 2

    # 7. The province verifies Dewi and rejects Andi, who corrects the profile and is verified.
    province = new_context().new_page()
    sign_in(province, "prita.pak@jabarprov.go.id", PASSWORD)
    province.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Verifikasi PAK").click()
    expect(province.get_by_role("row").filter(has_text="BKK SMK Negeri 3 Cikarang")).to_have_count(2)
    province.get_by_role("row").filter(has_text="Dewi Lestari").get_by_role("link", name="Periksa").click()
    decide(province, "Verifikasi")
    province.get_by_role("row").filter(has_text="Andi Saputra").get_by_role("link", name="Periksa").click()
    decide(province, "Tolak", note="Riwayat pekerjaan belum mencantumkan tugas layanan penempatan.")
    andi = pages["Andi Saputra"]
    andi.reload()
    expect(andi.locator(".alert-danger")).to_contain_text("Riwayat pekerjaan belum mencantumkan")
    andi.get_by_label("Riwayat pekerjaan").fill("2013–sekarang, Guru BK dan pengelola layanan penempatan BKK")
    andi.get_by_role("button", name="Simpan dan Kirim untuk Verifikasi").click()
    expect(andi.locator(".alert-success")).to_contain_text("Profil dikirim")
    province.goto("/provinsi/verifikasi-pak/")
    province.get_by_role("row").filter(has_text="Andi Saputra").get_by_role("link", name="Periksa").click()
    decide(province, "Verifikasi")
    assert set(PakProfile.objects.values_list("status", flat=True)) == {"verified"}

    # 8. The monitoring dashboard counts them for Kabupaten Bekasi.
    province.goto("/pemantauan/pak/")
    row = province.get_by_role("row").filter(has_text="Kab. Bekasi").first
    expect(row).to_be_visible()
    province.screenshot(path=artifacts / "pak-04-monitoring.png", full_page=True)
    text = row.inner_text()
    assert re.search(r"\b2\b", text), text
