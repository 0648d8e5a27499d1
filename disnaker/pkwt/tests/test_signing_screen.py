"""The head's signing screen (issue 14): the SK preview (DRAFT, no number, unsigned), the confirmation step
and, for an office signing through BSrE, the passphrase with the esign-client's refusals next to it.

Every BSrE call is real HTTP to the simulator on a loopback port (``BsreSimulator``, as in
``decrees/tests/test_bsre.py``); every refusal is checked to have used no number (``DecreeCounter``
unchanged) and left no decree, no stored file and the registration still waiting for the signature."""

from __future__ import annotations

import io
import logging
import re

import pytest
from django.core import mail
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader
from pypdf import PdfReader

from disnaker.core.constants import AuditAction
from disnaker.core.models import AuditLog
from disnaker.decrees import signing
from disnaker.decrees.bsre import client as api
from disnaker.decrees.bsre.simulator import DEMO_PASSPHRASE
from disnaker.decrees.constants import SignerBackend
from disnaker.decrees.models import Decree, DecreeCounter
from disnaker.decrees.pdf import DRAFT_WATERMARK, NOT_CERTIFIED_LINE
from disnaker.decrees.preview import DRAFT_NUMBER
from disnaker.decrees.services import decree_settings_for
from disnaker.pkwt import services
from disnaker.pkwt.constants import RegistrationStatus
from disnaker.pkwt.models import PkwtRegistration

from .helpers import submitted_sample

SIGNER = "3216010101800001"  # ISSUE in the simulator's demo table
EXPIRED = "3216010101800002"
WRONG = "bukan-passphrase-kepala"

pytestmark = pytest.mark.django_db


@pytest.fixture
def verified(alice, vera):
    return services.registration_verify(registration=submitted_sample(alice), actor=vera)


@pytest.fixture
def bsre_office(verified, sim, settings):
    settings.BSRE_BASE_URL = sim.url
    settings.BSRE_USERNAME, settings.BSRE_PASSWORD = "esign", "esign-simulator"
    settings.BSRE_TIMEOUT_SECONDS = 2  # the delays injected below are longer
    row = decree_settings_for(verified.office)
    row.signer_backend = SignerBackend.BSRE
    row.bsre_nik = SIGNER
    row.full_clean()
    row.save()
    return verified.office


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _numbers_used(office) -> int:
    return sum(DecreeCounter.objects.filter(office=office).values_list("last_number", flat=True))


def _field_error(html: str) -> str:
    """The text of the error shown next to the passphrase field (``includes/field.html``)."""
    found = re.search(r'id="id_passphrase_error">(.*?)</div>', html, re.S)
    return found.group(1).strip() if found else ""


# --- Preview ----------------------------------------------------------------------------------------------


def test_the_preview_is_the_decree_marked_draft_unnumbered_unsigned_and_uses_no_number(
    client, verified, hana, vera
):
    url = reverse("pkwt:office_decree_preview", args=[verified.pk])
    client.force_login(hana)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["Cache-Control"] == "private, no-store" and response["X-Frame-Options"] == "SAMEORIGIN"
    pdf = response.content
    text = _text(pdf)
    pages = PdfReader(io.BytesIO(pdf)).pages
    # Every page is marked; the number is not given; the company, its workers and the signer are there.
    assert all(DRAFT_WATERMARK in page.extract_text() for page in pages) and len(pages) >= 2
    assert f"Nomor: {DRAFT_NUMBER}" in text
    assert verified.company.name in text and "Hana Kepala" in text
    assert "dibubuhkan saat SK ditandatangani" in text
    # Not signed, nothing numbered or stored, and the viewing is audited.
    assert PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures == []
    assert Decree.objects.count() == 0 and _numbers_used(verified.office) == 0
    row = AuditLog.objects.filter(action=AuditAction.DOCUMENT_VIEWED, actor=hana).latest("pk")
    assert row.data["document"] == "decree_preview"
    # The verifier, who forwards it, may look too (with the head's name as signer).
    client.force_login(vera)
    response = client.get(url)
    assert response.status_code == 200 and "Hana Kepala" in _text(response.content)
    assert _numbers_used(verified.office) == 0


def test_the_company_and_other_offices_cannot_preview(client, verified, alice, oscar):
    url = reverse("pkwt:office_decree_preview", args=[verified.pk])
    client.force_login(alice)
    assert client.get(url).status_code == 403
    client.force_login(oscar)
    assert client.get(url).status_code == 404


def test_a_signed_registration_has_no_preview_and_its_pdf_says_development(client, verified, hana):
    client.force_login(hana)
    response = client.post(reverse("pkwt:office_sign", args=[verified.pk]))
    assert response.status_code == 302
    decree = Decree.objects.get()
    assert decree.sequence == 1
    assert client.get(reverse("pkwt:office_decree_preview", args=[verified.pk])).status_code == 404
    # The development certificate (DEBUG/explicit setting in tests) is announced on the signed page.
    text = _text(decree.pdf.read())
    assert NOT_CERTIFIED_LINE in text and "bukan tanda tangan elektronik tersertifikasi" in text
    assert DRAFT_WATERMARK not in text and DRAFT_NUMBER not in text


# --- The confirmation step ----------------------------------------------------------------------------------


def test_the_signing_screen_says_what_will_happen_and_asks_a_bsre_office_for_the_passphrase(
    client, bsre_office, verified, hana
):
    client.force_login(hana)
    html = client.get(reverse("pkwt:office_sign", args=[verified.pk])).content.decode()
    assert "SK Pencatatan PKWT akan diberi nomor dan ditandatangani" in html
    assert reverse("pkwt:office_decree_preview", args=[verified.pk]) in html
    field = re.search(r"<input[^>]*name=\"passphrase\"[^>]*>", html).group(0)
    assert 'type="password"' in field and 'autocomplete="off"' in field and 'id="id_passphrase"' in field
    assert '<label class="form-label" for="id_passphrase">Passphrase TTE (BSrE)' in html
    assert _numbers_used(bsre_office) == 0


def test_the_verifier_has_no_signing_screen(client, bsre_office, verified, vera):
    client.force_login(vera)
    assert client.get(reverse("pkwt:office_sign", args=[verified.pk])).status_code == 403


@pytest.mark.parametrize(
    ("case", "passphrase", "expected"),
    [
        ("missing", "", "Ketik passphrase TTE Anda untuk menandatangani."),
        ("wrong", WRONG, "Passphrase anda salah"),
        ("expired", DEMO_PASSPHRASE, "kedaluwarsa"),
        ("status timeout", DEMO_PASSPHRASE, signing.UNAVAILABLE_MESSAGE),
        ("signing timeout", DEMO_PASSPHRASE, signing.UNAVAILABLE_MESSAGE),
        ("5xx", DEMO_PASSPHRASE, signing.UNAVAILABLE_MESSAGE),
    ],
)
def test_a_refusal_shows_next_to_the_passphrase_and_uses_no_number(
    client, bsre_office, verified, hana, sim, caplog, case, passphrase, expected
):
    if case == "expired":
        row = decree_settings_for(bsre_office)
        row.bsre_nik = EXPIRED
        row.save()
    elif case == "status timeout":
        sim.faults.delay_seconds = 4
    elif case == "signing timeout":  # after the status check: the number was taken, then rolled back
        sim.faults.delay_seconds, sim.faults.only_path = 4, api.SIGN_PATH
    elif case == "5xx":
        sim.faults.server_error, sim.faults.only_path = 503, api.SIGN_PATH
    before = dict(sim.calls)
    client.force_login(hana)
    mail.outbox.clear()
    with caplog.at_level(logging.DEBUG):
        response = client.post(reverse("pkwt:office_sign", args=[verified.pk]), {"passphrase": passphrase})
    html = response.content.decode()
    assert response.status_code == 400
    assert expected in _field_error(html), html
    # No number used, no decree, nothing stored, the registration still awaits the signature.
    assert _numbers_used(bsre_office) == 0 and Decree.objects.count() == 0
    registration = PkwtRegistration.objects.get(pk=verified.pk)
    assert registration.status == RegistrationStatus.VERIFIED and registration.signing_state == ""
    assert mail.outbox == []
    if case in ("signing timeout", "5xx"):
        assert sim.calls[api.SIGN_PATH] > before.get(api.SIGN_PATH, 0)  # the signing call was really made
    if passphrase:
        # The passphrase is neither shown again, nor logged, nor audited.
        assert passphrase not in html
        assert passphrase not in caplog.text
        assert not any(passphrase in str(row.data) for row in AuditLog.objects.all())


def test_the_right_passphrase_signs_with_bsre_visibly_and_synchronously(
    client, bsre_office, verified, hana, sim, settings, caplog
):
    settings.DECREE_SYNC_MAX_WORKERS = 1  # a pkcs12 office would queue this; a BSrE office signs now
    client.force_login(hana)
    with caplog.at_level(logging.DEBUG):
        response = client.post(
            reverse("pkwt:office_sign", args=[verified.pk]), {"passphrase": DEMO_PASSPHRASE}
        )
    assert response.status_code == 302
    decree = Decree.objects.get()
    assert decree.sequence == 1 and _numbers_used(bsre_office) == 1
    registration = PkwtRegistration.objects.get(pk=verified.pk)
    assert registration.status == RegistrationStatus.APPROVED and registration.signing_state == ""
    pdf = decree.pdf.read()
    (signature,) = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    assert signature.signer_cert.subject.native["serial_number"] == SIGNER
    text = " ".join(_text(pdf).split())
    assert (
        "Ditandatangani secara elektronik oleh Hana Kepala menggunakan sertifikat elektronik yang "
        "diterbitkan oleh BSrE"
    ) in text
    assert "bukan tanda tangan elektronik tersertifikasi" not in text
    assert DEMO_PASSPHRASE not in caplog.text


def test_a_missing_signer_nik_is_said_above_the_form_not_at_the_passphrase(
    client, bsre_office, verified, hana
):
    type(decree_settings_for(bsre_office)).objects.filter(office=bsre_office).update(bsre_nik="")
    client.force_login(hana)
    response = client.post(reverse("pkwt:office_sign", args=[verified.pk]), {"passphrase": DEMO_PASSPHRASE})
    html = response.content.decode()
    assert response.status_code == 400 and _field_error(html) == ""
    assert "NIK penanda tangan BSrE belum diisi" in html
    assert _numbers_used(bsre_office) == 0 and Decree.objects.count() == 0
