"""BSrE: the esign-client API v2 client against the real simulator on a loopback port, and decrees signed
through it (``signer_backend = bsre``). No mocks: every call is HTTP to the simulator, every signature is
checked by pyHanko and by poppler's pdfsig."""

from __future__ import annotations

import io
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature

from disnaker.core.tests.files import make_pdf
from disnaker.decrees import signing
from disnaker.decrees.bsre import client as api
from disnaker.decrees.bsre.simulator import DEMO_PASSPHRASE, BsreSimulator
from disnaker.decrees.constants import DecreeKind, SignerBackend
from disnaker.decrees.letter_pdf import LetterContext, render_letter
from disnaker.decrees.models import Decree, DecreeCounter
from disnaker.decrees.pdf import Para
from disnaker.decrees.services import decree_issue, decree_settings_for

SIGNER = "3216010101800001"  # ISSUE in the simulator's demo table
EXPIRED = "3216010101800002"


@pytest.fixture
def esign(sim):
    # Generous: 20 signatures on a loaded test machine take seconds. Timeout tests make their own client.
    return api.EsignClient(sim.url, "esign", "esign-simulator", timeout=60)


def pdfsig(pdf: bytes, tmp_path) -> str:
    if shutil.which("pdfsig") is None:
        pytest.skip("pdfsig (poppler-utils) tidak terpasang: scripts/ensure_poppler.sh")
    path = tmp_path / "signed.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False).stdout


def signature_statuses(pdf: bytes, sim: BsreSimulator):
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    return [validate_pdf_signature(sig, sim.ca.validation_context()) for sig in reader.embedded_signatures]


# --- The client -------------------------------------------------------------------------------------------


def test_status_check_names_every_status(esign):
    assert esign.check_status(SIGNER).can_sign
    expired = esign.check_status(EXPIRED)
    assert (expired.status, expired.can_sign) == ("EXPIRED", False)
    assert "kedaluwarsa" in expired.message
    unknown = esign.check_status("3216010101809999")
    assert unknown.status == "NOT_REGISTERED" and "belum terdaftar" in unknown.message
    with pytest.raises(api.BsreCertificateNotUsable) as refused:
        esign.require_can_sign(EXPIRED)
    assert refused.value.status == "EXPIRED"
    # Every documented status has its own message, and only ISSUE may sign.
    assert len(set(api.STATUS_MESSAGES.values())) == len(api.STATUS_MESSAGES) == 9


def test_wrong_passphrase_is_2031(esign):
    with pytest.raises(api.BsreRefused) as refused:
        esign.sign_pdf(SIGNER, "bukan-passphrase", [make_pdf()], [api.SignatureProperties()])
    assert refused.value.code == 2031
    assert refused.value.message.startswith("Passphrase anda salah")


def test_unknown_user_is_2011(esign):
    with pytest.raises(api.BsreRefused) as refused:
        esign.sign_pdf("3216010101809999", DEMO_PASSPHRASE, [make_pdf()], [api.SignatureProperties()])
    assert refused.value.code == 2011
    assert refused.value.message.startswith("User tidak terdaftar")


def test_expired_certificate_cannot_sign(esign):
    with pytest.raises(api.BsreRefused) as refused:
        esign.sign_pdf(EXPIRED, DEMO_PASSPHRASE, [make_pdf()], [api.SignatureProperties()])
    assert "EXPIRED" in refused.value.message and refused.value.http_status == 400


def test_wrong_application_account_is_401(sim):
    esign = api.EsignClient(sim.url, "esign", "salah", timeout=5)
    with pytest.raises(api.BsreRefused) as refused:
        esign.check_status(SIGNER)
    assert refused.value.http_status == 401 and "BSRE_USERNAME" in refused.value.message


def test_timeout_and_5xx_are_unavailable(sim, esign):
    sim.faults.delay_seconds = 3
    slow = api.EsignClient(sim.url, "esign", "esign-simulator", timeout=0.5)
    with pytest.raises(api.BsreUnavailable, match="tidak dapat dihubungi"):
        slow.sign_pdf(SIGNER, DEMO_PASSPHRASE, [make_pdf()], [api.SignatureProperties()])
    sim.faults.reset()
    sim.faults.server_error = 503
    with pytest.raises(api.BsreUnavailable) as down:
        esign.check_status(SIGNER)
    assert down.value.http_status == 503
    closed = api.EsignClient("http://127.0.0.1:9", "esign", "esign-simulator", timeout=2)
    with pytest.raises(api.BsreUnavailable):
        closed.check_status(SIGNER)


def test_batch_of_20_fails_whole_at_item_11(sim, esign, tmp_path):
    files = [make_pdf() for _ in range(20)]
    sim.faults.fail_at_file = 11
    with pytest.raises(api.BsreRefused, match="berkas ke-11"):
        esign.sign_pdf(SIGNER, DEMO_PASSPHRASE, files, [api.SignatureProperties(reason="SK")])
    # All or nothing: the call returned no file. Without the fault the same 20 come back signed, in order.
    sim.faults.reset()
    signed = esign.sign_pdf(SIGNER, DEMO_PASSPHRASE, files, [api.SignatureProperties(reason="SK")])
    assert len(signed) == 20
    for original, pdf in zip(files, signed, strict=True):
        assert pdf.startswith(original)  # an incremental update of the file sent
        (status,) = signature_statuses(pdf, sim)
        assert status.bottom_line
    report = pdfsig(signed[10], tmp_path)
    assert "Signature is Valid" in report and "Total document signed" in report


def test_verify_pdf_valid_and_tampered(esign):
    (signed,) = esign.sign_pdf(SIGNER, DEMO_PASSPHRASE, [make_pdf()], [api.SignatureProperties()])
    result = esign.verify_pdf(signed)
    assert result.valid and result.signatures[0].signer_name == "Kepala Dinas (Simulator)"
    assert result.signatures[0].issuer_name.startswith("BSrE Simulator CA")
    tampered = bytearray(signed)
    offset = signed.index(b"/Contents") - 200
    tampered[offset] = tampered[offset] ^ 0x01
    assert esign.verify_pdf(bytes(tampered)).conclusion != "VALID"
    assert esign.verify_pdf(make_pdf()).conclusion == "NO_SIGNATURE"


def test_passphrase_never_logged(sim, esign, caplog):
    secret = "passphrase-rahasia-7731"
    sim.config.users["3216010101800077"] = type(sim.config.users[SIGNER])(secret, "ISSUE", "Uji Log")
    caplog.set_level(logging.DEBUG)
    esign.sign_pdf("3216010101800077", secret, [make_pdf()], [api.SignatureProperties()])
    with pytest.raises(api.BsreRefused) as refused:
        esign.sign_pdf(SIGNER, secret, [make_pdf()], [api.SignatureProperties()])
    sim.faults.delay_seconds = 3
    slow = api.EsignClient(sim.url, "esign", "esign-simulator", timeout=0.5)
    with pytest.raises(api.BsreUnavailable) as timed_out:
        slow.sign_pdf(SIGNER, secret, [make_pdf()], [api.SignatureProperties()])
    assert caplog.records, "the calls were logged at DEBUG"
    assert "esign-client /api/v2/sign/pdf" in caplog.text
    assert secret not in caplog.text
    for exc in (refused.value, timed_out.value):
        assert secret not in str(exc) and secret not in repr(exc) and secret not in repr(exc.__cause__)
    assert secret not in repr(esign) and secret not in str(vars(esign))


# --- Decrees signed through BSrE -------------------------------------------------------------------------


@pytest.fixture
def bsre_office(office, sim, settings):
    settings.BSRE_BASE_URL = sim.url
    settings.BSRE_USERNAME, settings.BSRE_PASSWORD = "esign", "esign-simulator"
    settings.BSRE_TIMEOUT_SECONDS = 5  # the delays injected below are longer
    decree_settings = decree_settings_for(office)
    decree_settings.signer_backend = SignerBackend.BSRE
    decree_settings.bsre_nik = SIGNER
    decree_settings.full_clean()
    decree_settings.save()
    return office


def _issue(office, actor, subject, passphrase):
    def render(fields):
        context = LetterContext(letterhead=fields.letterhead, title="SURAT UJI", number=fields.number,
                                issued_on=fields.issued_on, place=fields.place, signer=fields.signer,
                                verify_url=fields.verify_url, copies_to=fields.copies_to)  # fmt: skip
        return render_letter(context, [Para("Surat uji tanda tangan BSrE.")])

    return decree_issue(kind=DecreeKind.PKWT_REGISTRATION, subject=subject, office=office, actor=actor,
                        render=render, title="Surat Uji", subject_name="Uji", passphrase=passphrase)  # fmt: skip


def _last_number(office) -> int:
    counter = DecreeCounter.objects.filter(office=office, kind=DecreeKind.PKWT_REGISTRATION).first()
    return counter.last_number if counter else 0


def test_failed_bsre_signing_uses_no_number(bsre_office, hana, registration, sim, tmp_path):
    failures = [
        ({}, "salah", "Passphrase anda salah", "bsre_2031"),
        ({}, None, "passphrase TTE", "bsre_passphrase_missing"),
        # An outage at the status check (before the counter is locked) and at the signing call itself
        # (after the number was taken, inside the transaction): both roll back to no number used.
        ({"delay_seconds": 7}, DEMO_PASSPHRASE, signing.UNAVAILABLE_MESSAGE, "bsre_unavailable"),
        (
            {"delay_seconds": 7, "only_path": api.SIGN_PATH},
            DEMO_PASSPHRASE,
            signing.UNAVAILABLE_MESSAGE,
            "bsre_unavailable",
        ),
        ({"server_error": 502}, DEMO_PASSPHRASE, signing.UNAVAILABLE_MESSAGE, "bsre_unavailable"),
        (
            {"server_error": 503, "only_path": api.SIGN_PATH},
            DEMO_PASSPHRASE,
            signing.UNAVAILABLE_MESSAGE,
            "bsre_unavailable",
        ),
        ({"fail_at_file": 1}, DEMO_PASSPHRASE, "berkas ke-1", "bsre_refused"),
    ]
    for faults, passphrase, message, code in failures:
        sim.faults.reset()
        for name, value in faults.items():
            setattr(sim.faults, name, value)
        with pytest.raises(signing.SigningError) as refused:
            _issue(bsre_office, hana, registration, passphrase)
        assert message in refused.value.messages[0] and refused.value.code == code, faults
        assert Decree.objects.count() == 0 and _last_number(bsre_office) == 0, faults
    assert sim.calls[api.SIGN_PATH] >= 4  # the signing calls were really made (and failed)
    # The signer's certificate expired: refused before the counter is even touched.
    settings_row = decree_settings_for(bsre_office)
    settings_row.bsre_nik = EXPIRED
    settings_row.save()
    sim.faults.reset()
    with pytest.raises(signing.SigningError) as expired:
        _issue(bsre_office, hana, registration, DEMO_PASSPHRASE)
    assert expired.value.code == "bsre_status_expired" and "kedaluwarsa" in expired.value.messages[0]
    assert Decree.objects.count() == 0 and _last_number(bsre_office) == 0
    # After all of that the first decree still gets number 1, signed by BSrE (the simulator), visibly.
    settings_row.bsre_nik = SIGNER
    settings_row.save()
    decree = _issue(bsre_office, hana, registration, DEMO_PASSPHRASE)
    assert decree.sequence == 1 and _last_number(bsre_office) == 1
    assert _issue(bsre_office, hana, registration, DEMO_PASSPHRASE).pk == decree.pk  # idempotent
    pdf = decree.pdf.read()
    (status,) = signature_statuses(pdf, sim)
    assert status.bottom_line and status.signing_cert.subject.native["serial_number"] == SIGNER
    report = pdfsig(pdf, tmp_path)
    assert "Signature is Valid" in report and "Total document signed" in report
    # Visible: the signature widget covers the QR code's box on the signature page.
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    (embedded,) = reader.embedded_signatures
    x1, y1, x2, y2 = (float(v) for v in embedded.sig_field["/Rect"])
    assert x2 - x1 > 150 and y2 - y1 > 60


def test_pkcs12_office_still_signs_without_passphrase(office, hana, registration):
    decree = _issue(office, hana, registration, None)
    assert decree.sequence == 1
    assert signing.backend_for(decree_settings_for(office)).name == SignerBackend.PKCS12


def test_bsre_backend_needs_a_nik(office):
    decree_settings = decree_settings_for(office)
    decree_settings.signer_backend = SignerBackend.BSRE
    with pytest.raises(Exception, match="NIK penanda tangan"):
        decree_settings.full_clean()
    with pytest.raises(signing.SigningError):
        signing.backend_for(decree_settings)


@pytest.mark.parametrize(("environment", "allowed"), [
    ({"DEBUG": "0"}, "False"),
    ({"DEBUG": "1"}, "True"),
    ({"DEBUG": "0", "DECREE_ALLOW_DEV_CERTIFICATE": "1"}, "True"),
])  # fmt: skip
def test_development_certificate_only_with_debug_or_explicitly(environment, allowed):
    """Production (no DEBUG) never signs with the self-signed development certificate unless told to."""
    env = {"PATH": os.environ.get("PATH", ""), "LOCAL_SETTINGS_FILE": "", "SITE_URL": "https://disnaker.example.go.id",
           "SECRET_KEY": "test-secret-key-not-for-production-use-0123456789",
           "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend", **environment}  # fmt: skip
    out = subprocess.run(
        [sys.executable, "-c", "import config.settings as s; print(s.DECREE_ALLOW_DEV_CERTIFICATE)"],
        cwd=Path(__file__).resolve().parents[3], env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert out.stdout.strip() == allowed
