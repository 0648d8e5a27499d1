"""Decrees a citizen can trust (issue 14): the verification page reads the stored PDF's own signature with
pyHanko, an uploaded copy's signature is checked as well as its bytes, the development certificate is named
on every decree page and in the PDF, and the letterhead carries the office's coat of arms and contact lines.
Real database, real PDFs, real signatures (the development PKCS#12 and the BSrE simulator)."""

from __future__ import annotations

import io

import pytest
from cryptography.hazmat.primitives.serialization import Encoding
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from disnaker.decrees import verification
from disnaker.decrees.bsre.simulator import CA_NAME, DEMO_PASSPHRASE
from disnaker.decrees.pdf import NOT_CERTIFIED_LINE
from disnaker.decrees.services import decree_settings_for
from disnaker.decrees.signing import DEV_CERT_NAME
from disnaker.decrees.tests.helpers import dev_certificate, pdf_text
from disnaker.decrees.tests.test_bsre import _issue, bsre_office, pdfsig  # noqa: F401
from disnaker.pkwt.documents import pkwt_decree_for


@pytest.fixture
def decree(registration, hana):
    return pkwt_decree_for(registration, hana)


def _url(decree):
    return reverse("decrees:verify", args=[decree.token])


def _facts_block(body: str) -> str:
    start = body.index("data-signature-facts")
    return body[start : body.index("</ul>", start)]


def test_page_shows_the_stored_signature_signer_issuer_time_and_development(client, decree):
    body = client.get(_url(decree)).content.decode()
    facts = _facts_block(body)
    assert "Utuh" in facts and DEV_CERT_NAME in facts  # self-signed: signer and issuer are the same name
    assert "Penerbit sertifikat" in facts and "Waktu penandatanganan" in facts
    assert "Pengembangan/uji" in facts and "Tersertifikasi" not in facts
    assert verification.NOT_CERTIFIED_NOTICE in body and "data-signature-notice" in body
    signed_at = verification.decree_signature(decree).signed_at
    assert signed_at is not None


def test_trusted_root_makes_the_signature_certified(client, decree, settings, tmp_path):
    bundle = tmp_path / "roots.pem"
    bundle.write_bytes(dev_certificate().dump() and _pem(dev_certificate()))
    settings.DECREE_TRUSTED_ROOTS = str(bundle)
    facts = verification.decree_signature(decree)
    assert facts.ok and facts.certified and facts.trust == verification.CERTIFIED
    body = client.get(_url(decree)).content.decode()
    assert "Tersertifikasi" in _facts_block(body)
    assert "data-signature-notice" not in body


def _pem(cert) -> bytes:
    from cryptography import x509

    return x509.load_der_x509_certificate(cert.dump()).public_bytes(Encoding.PEM)


def test_uploaded_copy_bytes_and_signature_are_both_checked(client, decree):
    original = decree.pdf.read()
    response = client.post(_url(decree), {"file": SimpleUploadedFile("sk.pdf", original, "application/pdf")})
    body = response.content.decode()
    assert "Identik." in body
    uploaded = body[body.index("data-uploaded-signature") :]
    assert "Utuh" in uploaded and DEV_CERT_NAME in uploaded

    # Bytes appended after the signature (an incremental edit): not identical, and the signature no longer
    # covers the whole file.
    appended = original + b"\n% tambahan\n"
    body = client.post(_url(decree), {"file": SimpleUploadedFile("sk.pdf", appended)}).content.decode()
    assert "Berbeda." in body
    assert "Tidak utuh" in body[body.index("data-uploaded-signature") :]
    assert "tambahan pada berkas" in body

    # A byte changed inside the signed range: the signature is broken.
    tampered = bytearray(original)
    offset = original.index(b"Nomor") if b"Nomor" in original else len(original) // 3
    tampered[offset] ^= 0x01
    facts = verification.check_pdf(bytes(tampered))
    assert facts.present and not facts.ok

    # Not a PDF, and a PDF with no signature: said plainly, no error page.
    body = client.post(_url(decree), {"file": SimpleUploadedFile("x.pdf", b"bukan pdf")}).content.decode()
    assert "bukan PDF yang dapat dibaca" in body
    assert not verification.check_pdf(b"%PDF-1.4 rusak").present


def test_decree_pages_carry_the_not_certified_notice(client, decree, registration, alice):
    client.force_login(alice)
    body = client.get(reverse("pkwt:decree", args=[registration.pk])).content.decode()
    assert verification.NOT_CERTIFIED_NOTICE in body


def test_pdf_says_not_certified_and_embeds_its_fonts(decree):
    pdf = decree.pdf.read()
    first = pdf_text(pdf)[0]
    assert "bukan tanda tangan elektronik" in first and "tersertifikasi" in first
    assert NOT_CERTIFIED_LINE.startswith("DOKUMEN UJI")
    reader = PdfReader(io.BytesIO(pdf))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts and all(
        "/FontFile2" in f["/FontDescriptor"].get_object()
        for f in (
            x["/DescendantFonts"][0].get_object() if "/DescendantFonts" in x else x for x in fonts.values()
        )
    ), list(fonts)
    assert not any("Helvetica" in str(name) for name in fonts)


def test_letterhead_uses_the_offices_coat_of_arms_and_contact_lines(office, registration, hana):
    office.phone, office.email = "(021) 89970000", "disnaker@bekasikab.go.id"
    office.website, office.postcode = "https://disnaker.bekasikab.go.id/", "17530"
    buffer = io.BytesIO()
    Image.new("RGB", (120, 140), (200, 30, 30)).save(buffer, format="PNG")
    office.coat_of_arms.save("lambang.png", ContentFile(buffer.getvalue()), save=False)
    office.save()
    row = decree_settings_for(office)
    assert row.letterhead_contact == ""  # composed from the office, not copied
    pdf = pkwt_decree_for(registration, hana).pdf.read()
    first = pdf_text(pdf)[0]
    for text in ("Telp. (021) 89970000", "Pos-el: disnaker@bekasikab.go.id", "Laman: disnaker.bekasikab.go.id",
                 "Kode Pos 17530"):  # fmt: skip
        assert text in first.replace("\n", " "), text
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    images = [obj for obj in page["/Resources"].get("/XObject", {}).values()
              if obj.get_object()["/Subtype"] == "/Image"]  # fmt: skip
    assert images, "the coat of arms is drawn on page 1"


def test_free_text_contact_line_overrides_the_office(office, registration, hana):
    office.phone, office.website = "111", "https://contoh.go.id"
    office.save()
    row = decree_settings_for(office)
    row.letterhead_contact = "Telp. 999 · Faks. 998"
    row.save()
    first = pdf_text(pkwt_decree_for(registration, hana).pdf.read())[0]
    assert "Telp. 999 · Faks. 998" in first and "contoh.go.id" not in first


def test_bsre_signed_decree_on_the_page_and_for_pdfsig(client, bsre_office, hana, registration, tmp_path):  # noqa: F811
    decree = _issue(bsre_office, hana, registration, DEMO_PASSPHRASE)
    pdf = decree.pdf.read()
    report = pdfsig(pdf, tmp_path)
    assert "Signature is Valid" in report and "Total document signed" in report
    # Signed through BSrE, so the PDF itself carries no development line.
    assert "DOKUMEN UJI" not in pdf_text(pdf)[0]
    facts = verification.decree_signature(decree)
    assert facts.ok and facts.issuer == CA_NAME and facts.signer_name == "Kepala Dinas (Simulator)"
    assert facts.development  # the simulator's test CA is not BSrE
    body = client.get(_url(decree)).content.decode()
    assert CA_NAME in _facts_block(body) and verification.NOT_CERTIFIED_NOTICE in body


def test_pkcs12_signed_decree_passes_pdfsig(decree, tmp_path):
    report = pdfsig(decree.pdf.read(), tmp_path)
    assert "Signature is Valid" in report and "Total document signed" in report
