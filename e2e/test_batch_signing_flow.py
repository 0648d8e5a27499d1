"""Batch signing end to end in headless Chromium against the BSrE simulator: the head ticks three SK in the
*Antrean Tanda Tangan*, types the passphrase and confirms; the company downloads its SK; the QR code read from
the PDF opens the public verification page, which names the certificate's issuer."""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import urlsplit

import pypdfium2
import pytest
import zxingcpp
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from disnaker.accounts.constants import Role
from disnaker.accounts.tests.factories import PASSWORD, UserFactory
from disnaker.decrees.bsre.simulator import CA_NAME, DEMO_PASSPHRASE, BsreSimulator
from disnaker.decrees.constants import SignerBackend
from disnaker.decrees.preview import DRAFT_NUMBER
from disnaker.decrees.services import decree_settings_for
from disnaker.decrees.tests.helpers import registration_with_workers

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/work/wt/shots/batch")


@pytest.fixture
def simulator(tmp_path):
    sim = BsreSimulator(tmp_path / "bsre").start()
    yield sim
    sim.stop()


def _login(page, email):
    page.goto("/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()


def _qr_urls(pdf: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(io.BytesIO(pdf))
    found = []
    for index in range(len(document)):
        image = document[index].render(scale=4).to_pil()
        found += [code.text for code in zxingcpp.read_barcodes(image)]
    return found


def test_head_signs_a_batch_of_three_and_the_company_verifies_its_sk(
    live_server, new_context, simulator, settings, office, alice, tmp_path
):
    settings.BSRE_BASE_URL = simulator.url
    settings.BSRE_USERNAME, settings.BSRE_PASSWORD = "esign", "esign-simulator"
    decree_settings = decree_settings_for(office)
    decree_settings.signer_backend = SignerBackend.BSRE
    decree_settings.bsre_nik = "3216010101800001"
    decree_settings.save()
    registrations = [registration_with_workers(alice, office, 2, seed=i) for i in range(3)]
    UserFactory(email="kepala@disnaker.go.id", role=Role.HEAD, office=office, full_name="Kepala Uji")

    phone = new_context(viewport={"width": 390, "height": 844}).new_page()
    _login(phone, "kepala@disnaker.go.id")
    phone.goto(reverse("decrees:signing_queue"))
    phone.get_by_label("Pilih semua (3 item)").check()
    SHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SHOTS / "queue-390.png"), full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll on a phone

    head = new_context(viewport={"width": 1280, "height": 800}).new_page()
    _login(head, "kepala@disnaker.go.id")
    head.get_by_role("link", name="Antrean Tanda Tangan").first.click()
    expect(head.get_by_role("heading", name="Antrean Tanda Tangan")).to_be_visible()
    expect(head.locator("#signing-queue tbody tr")).to_have_count(3)
    # Before signing, the head opens one item's "Pratinjau": a PDF marked DRAFT, without a number.
    preview_href = (
        head.locator("#signing-queue tbody tr")
        .first.get_by_role("link", name="Pratinjau")
        .get_attribute("href")
    )
    preview = head.request.get(preview_href)
    assert preview.status == 200 and preview.headers["content-type"] == "application/pdf"
    preview_text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(preview.body())).pages)
    assert "DRAFT — belum ditandatangani" in preview_text and DRAFT_NUMBER in preview_text
    assert not re.search(r"Nomor:\s*\d", preview_text)  # no number was given
    head.get_by_label("Pilih semua (3 item)").check()
    expect(head.locator("#batch-count")).to_have_text("3 item dipilih.")
    head.get_by_label("Passphrase TTE (BSrE)").fill(DEMO_PASSPHRASE)
    SHOTS.mkdir(parents=True, exist_ok=True)
    head.screenshot(path=str(SHOTS / "queue-1280.png"), full_page=True)
    head.get_by_role("button", name="Tandatangani yang dipilih").click()
    dialog = head.locator("#confirm-dialog")
    expect(dialog).to_contain_text("3 dokumen akan diberi nomor dan ditandatangani")
    dialog.get_by_role("button", name="Ya, tandatangani yang dipilih").click()
    expect(head.locator("#batch-result")).to_contain_text("3 dari 3 ditandatangani")
    expect(head.locator("#signing-queue")).to_contain_text("Tidak ada dokumen yang menunggu")
    head.screenshot(path=str(SHOTS / "result-1280.png"), full_page=True)

    company = new_context(viewport={"width": 390, "height": 844}).new_page()
    _login(company, alice.email)
    response = company.request.get(reverse("pkwt:decree_pdf", args=[registrations[1].pk]))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    # The printed QR code and the one in the visible BSrE signature point to the same page.
    (url,) = set(_qr_urls(response.body()))
    assert "/verifikasi/" in url
    company.goto(urlsplit(url).path)
    expect(company.locator("[data-issuer]").first).to_contain_text(CA_NAME)
    company.screenshot(path=str(SHOTS / "verify-390.png"), full_page=True)
