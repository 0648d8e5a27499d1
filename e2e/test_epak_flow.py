"""The e-pengantarkerja channel end to end in headless Chromium (issue 13 §1): a registered BKK's operator
proposes two PAK; the verifier forwards and the head signs the SK; the invitation and the PAK's own page send
the PAK to e-pengantarkerja (no profile form here); the head sends the letter to the province; the province
uploads the list exported from e-pengantarkerja (a wrong file first: nothing applied; then a preview, confirmed),
the kab/kota records one PAK's change by hand; the province's dashboard shows the statuses and how fresh the
checks are. Screenshots of the new pages at 1280 and 390 px wide go to /work/wt/shots/epak/ when it exists
(else e2e/artifacts)."""

from __future__ import annotations

import concurrent.futures
import datetime
import io
import re
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from disnaker.accounts.constants import Role
from disnaker.accounts.tests.factories import PASSWORD, UserFactory, bekasi_office
from disnaker.core.models import Office
from disnaker.core.nik import nik_build
from disnaker.core.tests.files import make_pdf
from disnaker.notifications.models import OutboxMessage
from disnaker.placement.models import EpakStatusCheck, PakProfile, PlacementOfficer, ProvinceReport
from disnaker.placement.tests.helpers import registered_bkk

from .test_pak_flow import mail_link, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/work/wt/shots/epak")
PAK_PASSWORD = "Antar-Kerja-2026!"
EPAK_URL = "https://e-pengantarkerja.kemnaker.go.id"


def shoot(page: Page, artifacts: Path, name: str) -> None:
    """The page at 1280 and at 390 px wide; at 390 nothing scrolls sideways."""
    folder = SHOTS if SHOTS.is_dir() else artifacts
    for width, height in ((1280, 800), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=folder / f"{name}-{width}.png", full_page=True)
        if width == 390:
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{name}: {overflow}px of sideways scroll at 390 px"
    page.set_viewport_size({"width": 1280, "height": 800})


def confirm(page: Page) -> None:
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    dialog.locator("[data-confirm-ok]").click()


def epak_export(tmp_path: Path, rows) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["No", "Nama Lengkap", "NIK", "Nama BKK", "Status Verifikasi"])
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    path = tmp_path / "export-e-pengantarkerja.xlsx"
    path.write_bytes(buffer.getvalue())
    return path


def test_epak_channel_from_proposal_to_province_dashboard(
    live_server, settings, new_context, artifacts, tmp_path
):
    settings.SITE_URL = live_server.url
    settings.PAK_REGISTRATION_CHANNEL = "e-pengantarkerja"
    settings.E_PENGANTARKERJA_URL = EPAK_URL
    settings.EPAK_STATUS_STALE_DAYS = 30
    (tmp_path / "dokumen.pdf").write_bytes(make_pdf())
    office = bekasi_office()
    vera = UserFactory(
        email="vera.epak@disnaker.go.id", role=Role.VERIFIER, office=office, full_name="Vera Verifikator"
    )
    hana = UserFactory(
        email="hana.epak@disnaker.go.id", role=Role.HEAD, office=office, full_name="Hana Kepala"
    )
    UserFactory(email="prita.epak@jabarprov.go.id", role=Role.PROVINCE_ADMIN, office=Office.objects.get(code="32"),
                full_name="Prita Provinsi")  # fmt: skip
    # Signed through the services in a thread of its own (as the live server does): the decree signer runs an
    # event loop, and Playwright's is running in this thread.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        bkk = pool.submit(registered_bkk, vera, hana, email="bkk@smkn5cikarang.sch.id",
                          name="BKK SMK Negeri 5 Cikarang").result()  # fmt: skip
    operator_user = bkk.operator
    operator_user.set_password(PASSWORD)
    operator_user.must_change_password = False
    operator_user.save()

    # 1. The operator proposes two PAK.
    operator = new_context().new_page()
    sign_in(operator, operator_user.email, PASSWORD)
    operator.goto("/bkk/usulan-pak/")
    operator.get_by_role("button", name="Tambah Usulan PAK").click()
    people = [
        ("Dewi Lestari", "dewi@smkn5cikarang.sch.id", 11),
        ("Andi Saputra", "andi@smkn5cikarang.sch.id", 12),
    ]
    niks = {}
    for name, email, serial in people:
        niks[name] = nik_build(region="32.16", district="05", birth_date=datetime.date(1990, 4, 12), sex="P",
                               serial=serial)  # fmt: skip
        operator.get_by_label("Nama lengkap").fill(name)
        operator.get_by_role("textbox", name="NIK").fill(niks[name])
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
    # The institution's proposal letter, cited by the SK (issue 13 §2).
    operator.get_by_label("Nomor surat usulan").fill("421.5/077/SMK-BB/XII/2026")
    operator.get_by_label("Tanggal surat usulan").fill("01/12/2026")
    operator.get_by_role("button", name="Kirim Usulan").click()
    expect(operator.locator(".alert-success")).to_contain_text("Usulan PAK dikirim")

    # 2. The verifier forwards, the head signs the SK Penetapan PAK.
    verifier = new_context().new_page()
    sign_in(verifier, vera.email, PASSWORD)
    verifier.goto("/kantor/pak/usulan/")
    verifier.get_by_role("row").filter(has_text=bkk.name).get_by_role("link", name="Periksa").click()
    verifier.get_by_role("button", name="Verifikasi dan teruskan ke Kepala Dinas").click()
    expect(verifier.locator(".alert-success")).to_be_visible()
    head = new_context().new_page()
    sign_in(head, hana.email, PASSWORD)
    head.goto("/kantor/pak/usulan/")
    head.get_by_role("row").filter(has_text=bkk.name).get_by_role("link", name="Periksa").click()
    head.get_by_role("link", name="Tetapkan dan tandatangani SK Penetapan PAK").click()  # the signing screen
    head.locator("#sign-form").get_by_role(
        "button", name="Tetapkan dan tandatangani SK Penetapan PAK"
    ).click()
    expect(head.locator(".alert-success")).to_contain_text("SK Penetapan PAK ditandatangani")

    # 3. The invitation names e-pengantarkerja; the PAK's page has no profile form.
    dewi_email = people[0][1]
    assert EPAK_URL in OutboxMessage.objects.filter(to=dewi_email, kind="pak_invitation").latest("pk").body
    dewi = new_context().new_page()
    dewi.goto(mail_link(dewi_email, "pak_invitation", "/pak/undangan/"))
    dewi.get_by_label("Kata sandi baru").fill(PAK_PASSWORD)
    dewi.get_by_label("Ulangi kata sandi").fill(PAK_PASSWORD)
    dewi.get_by_role("button", name="Buat Kata Sandi").click()
    expect(dewi).to_have_url(re.compile(r"/pak/profil/$"))
    expect(dewi.get_by_role("link", name="Buka e-pengantarkerja")).to_have_attribute("href", EPAK_URL)
    expect(dewi.locator("input[type=file], textarea")).to_have_count(0)
    shoot(dewi, artifacts, "epak-pak-page")
    assert set(PakProfile.objects.values_list("status", flat=True)) == {"not_registered"}

    # 4. The head sends the letter to the province.
    head.goto("/kantor/pak/laporan-provinsi/")
    expect(head.get_by_role("columnheader", name="Status e-pengantarkerja")).to_be_visible()
    head.get_by_role("button", name="Tandatangani dan Kirim ke Provinsi").click()
    expect(head.locator(".alert-success")).to_contain_text("2 PAK")
    assert ProvinceReport.objects.get().officer_count == 2

    # 5. The province uploads the list from e-pengantarkerja: a row with an unknown status first (nothing is
    # applied), then the corrected file, previewed and confirmed.
    province = new_context().new_page()
    sign_in(province, "prita.epak@jabarprov.go.id", PASSWORD)
    province.goto("/pemantauan/pak/")
    province.get_by_role("link", name="Unggah daftar e-pengantarkerja").click()
    dewi_nik, andi_nik = niks["Dewi Lestari"], niks["Andi Saputra"]
    bad = epak_export(tmp_path, [(1, "Dewi Lestari", dewi_nik, bkk.name, "Terverifikasi"),
                                 (2, "Andi Saputra", andi_nik, bkk.name, "Diproses")])  # fmt: skip
    province.get_by_label("Berkas Excel dari e-pengantarkerja (.xlsx)").set_input_files(bad)
    province.get_by_role("button", name="Unggah dan lihat pratinjau").click()
    expect(province.locator("#upload-errors")).to_contain_text(
        "Baris 3 kolom E: status “Diproses” tidak dikenal"
    )
    shoot(province, artifacts, "epak-upload-errors")
    assert not EpakStatusCheck.objects.exists()
    good = epak_export(tmp_path, [(1, "Dewi Lestari", dewi_nik, bkk.name, "Terverifikasi"),
                                  (2, "Andi Saputra", andi_nik, bkk.name, "Menunggu Verifikasi")])  # fmt: skip
    province.get_by_label("Berkas Excel dari e-pengantarkerja (.xlsx)").set_input_files(good)
    province.get_by_role("button", name="Unggah dan lihat pratinjau").click()
    preview = province.locator("#tabel-pratinjau")
    expect(preview.get_by_role("row")).to_have_count(3)
    expect(preview).not_to_contain_text(dewi_nik)  # masked
    shoot(province, artifacts, "epak-upload-preview")
    assert set(PakProfile.objects.values_list("status", flat=True)) == {"not_registered"}
    province.get_by_role("button", name="Terapkan").click()
    confirm(province)
    expect(province.locator(".alert-success")).to_contain_text("2 PAK dicatat; 2 berubah")
    statuses = dict(PakProfile.objects.values_list("officer__name", "status"))
    assert statuses == {"Dewi Lestari": "verified", "Andi Saputra": "awaiting_verification"}

    # 6. The kab/kota records Andi's rejection by hand, with confirmation.
    andi = PlacementOfficer.objects.get(name="Andi Saputra")
    verifier.goto(f"/kantor/pak/{andi.pk}/")
    verifier.get_by_label("Status di e-pengantarkerja").select_option(label="Ditolak")
    verifier.get_by_label("Catatan (opsional)").fill("Ijazah belum diunggah di e-pengantarkerja.")
    verifier.get_by_role("button", name="Catat status").click()
    confirm(verifier)
    expect(verifier.locator(".alert-success")).to_contain_text("Ditolak")
    expect(verifier.locator("#status-epak")).to_contain_text("Vera Verifikator")
    shoot(verifier, artifacts, "epak-officer-status")
    check = EpakStatusCheck.objects.filter(profile__officer=andi).latest("pk")
    assert (check.to_status, check.source, check.checked_by_id) == (
        "verification_rejected",
        "manual",
        vera.pk,
    )

    # 7. The province's dashboard: statuses per kab/kota and every check fresh.
    province.goto("/pemantauan/pak/")
    registration = province.locator("#tabel-registrasi")
    expect(registration).to_contain_text("Terverifikasi")
    row = province.locator("#tabel-epak").get_by_role("row").filter(has_text="Kab. Bekasi").first
    cells = row.get_by_role("cell").all_inner_texts()
    assert cells[:3] == ["2", "0", "0"], cells
    shoot(province, artifacts, "epak-monitoring")
