"""PDF/A-2b (ISO 19005-2) of the decree PDF, as far as it can be checked without veraPDF (not installable
here, docs/pdfa.md): the output intent with an sRGB ICC profile, the XMP identification, the information
dictionary equal to the XMP (6.6.3), uncompressed metadata, every font embedded; and all of it still true
after the signature (an incremental update by pyHanko), locally and through the BSrE simulator."""

from __future__ import annotations

import datetime
import io

import pytest
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from disnaker.core.tests.files import make_image
from disnaker.decrees import signing
from disnaker.decrees.bsre.simulator import DEMO_PASSPHRASE
from disnaker.decrees.pdf import Letterhead
from disnaker.decrees.tests.helpers import context, pdf_text, rows, signature_status
from disnaker.decrees.tests.test_bsre import SIGNER, esign, pdfsig  # noqa: F401 - esign: a fixture
from disnaker.pkwt.documents import render_pkwt_decree

_REQUEST = signing.SignatureRequest(
    reason="SK", location="Cikarang", name="Kepala", verify_url="http://t/v/a/"
)


@pytest.fixture(scope="module")
def decree() -> bytes:
    head = Letterhead(
        "Pemerintah Kabupaten Bekasi", "Dinas & Ketenagakerjaan", logo=make_image("PNG", (60, 70))
    )
    return render_pkwt_decree(context(40, letterhead=head, company_name="PT Maju <Jaya> & Co"), rows(40))


def _pdfa_problems(pdf: bytes) -> list[str]:
    """What is missing for PDF/A-2b among the parts checked here; [] when nothing."""
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    problems = []
    intents = root.get("/OutputIntents") or []
    intents = [i.get_object() for i in intents]
    if not any(i.get("/S") == "/GTS_PDFA1" for i in intents):
        problems.append("no GTS_PDFA1 output intent")
    for intent in intents:
        profile = intent["/DestOutputProfile"].get_object()
        data = profile.get_data()
        if profile.get("/N") != 3 or data[36:40] != b"acsp" or data[16:20] != b"RGB ":
            problems.append("output profile is not an RGB ICC profile")
    if "/Metadata" not in root:
        return [*problems, "no XMP metadata"]
    meta_obj = root["/Metadata"].get_object()
    if "/Filter" in meta_obj:
        problems.append("metadata stream is filtered")
    xmp = reader.xmp_metadata
    if xmp is None or xmp.pdfaid_part != "2" or xmp.pdfaid_conformance != "B":
        problems.append("no pdfaid part 2 conformance B")
        return problems
    info = reader.metadata
    pairs = {
        "Title": (info.title, (xmp.dc_title or {}).get("x-default")),
        "Author": (info.author, ", ".join(xmp.dc_creator or [])),
        "Subject": (info.subject, (xmp.dc_description or {}).get("x-default")),
        "Creator": (info.creator, xmp.xmp_creator_tool),
        "Producer": (info.producer, xmp.pdf_producer),
        "CreationDate": (info.creation_date, xmp.xmp_create_date),
        "ModDate": (info.modification_date, xmp.xmp_modify_date),
    }
    for key, (in_info, in_xmp) in pairs.items():
        if hasattr(in_info, "timestamp"):
            if in_xmp is not None and in_xmp.tzinfo is None:  # pypdf gives XMP dates as naive UTC
                in_xmp = in_xmp.replace(tzinfo=datetime.UTC)
            same = in_xmp is not None and abs(in_info.timestamp() - in_xmp.timestamp()) < 1
        else:
            same = (in_info or "") == (in_xmp or "")
        if not same:
            problems.append(f"{key}: info {in_info!r} != XMP {in_xmp!r}")
    for number, page in enumerate(reader.pages, 1):
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for name, ref in fonts.items():
            font = ref.get_object() if isinstance(ref, IndirectObject) else ref
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                problems.append(f"page {number}: font {name} ({font.get('/BaseFont')}) not embedded")
    return problems


def test_rendered_decree_declares_pdfa_2b(decree):
    assert _pdfa_problems(decree) == []
    xmp = PdfReader(io.BytesIO(decree)).xmp_metadata
    assert xmp.dc_description["x-default"] == "PT Maju <Jaya> & Co"  # escaped in the XML, equal when read
    assert xmp.dc_title["x-default"].endswith(context(1).number)


def test_the_content_is_unchanged(decree):
    text = "\n".join(pdf_text(decree))
    assert "PT Maju <Jaya> & Co" in text
    assert "Halaman 1 dari" in text


def test_local_signature_keeps_pdfa_and_stays_valid(decree, tmp_path):
    signed = signing.sign_pdf(decree, source=signing.key_source(None), reason="SK", location="Cikarang",
                              name="Kepala")  # fmt: skip
    assert _pdfa_problems(signed) == []
    assert PdfReader(io.BytesIO(signed)).metadata.producer.startswith("pyHanko")
    status = signature_status(signed)
    assert status.intact and status.valid
    report = pdfsig(signed, tmp_path)
    assert "Signature is Valid" in report and "Total document signed" in report


def test_bsre_simulator_signature_keeps_pdfa_and_stays_valid(decree, esign, tmp_path):  # noqa: F811
    props = signing.visible_properties(decree, _REQUEST)
    assert props.tampilan == "VISIBLE"
    (signed,) = esign.sign_pdf(SIGNER, DEMO_PASSPHRASE, [decree], [props])
    assert _pdfa_problems(signed) == []
    report = pdfsig(signed, tmp_path)
    assert "Signature is Valid" in report and "Total document signed" in report


def test_the_check_sees_a_file_that_is_not_pdfa():
    from disnaker.core.tests.files import make_pdf

    assert _pdfa_problems(make_pdf()) == ["no GTS_PDFA1 output intent", "no XMP metadata"]
