"""Builders for decree tests: registrations with contracts created in bulk, and signature checks."""

from __future__ import annotations

import datetime
import io
import itertools

from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
from django.conf import settings
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from disnaker.decrees import signing
from disnaker.decrees.pdf import Letterhead, Signer
from disnaker.pkwt.documents import PkwtDecreeContext
from disnaker.pkwt.models import PkwtContract, PkwtRegistration
from disnaker.pkwt.sample import sample_rows

START = datetime.date(2026, 1, 5)
WAGE = 7_345_000
_numbers = itertools.count(1)


def registration_with_workers(user, office, count: int, *, seed: int = 0) -> PkwtRegistration:
    """A verified registration of ``user``'s company with ``count`` contracts (bulk-created, no import).

    Every wage is ``WAGE`` so tests can look for it; NIKs are ``321601…`` with serials 0001, 0002…"""
    registration = PkwtRegistration.objects.create(
        number=f"PKWT-UJI-{next(_numbers):05d}",
        company=user.company,
        office=office,
        status="verified",
        created_by=user,
        worker_count=count,
    )
    PkwtContract.objects.bulk_create(
        PkwtContract(
            registration=registration,
            row=index + 2,
            nik=r[0],
            name=r[1],
            birth_date=r[2],
            birth_place=r[3],
            sex=r[4],
            position=r[5],
            start_date=r[6],
            end_date=r[7],
            sequence=r[8],
            wage=WAGE,
            note=r[12],
        )
        for index, r in enumerate(sample_rows(count, seed=seed, start=START))
    )
    return registration


def pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def dev_certificate() -> asn1_x509.Certificate:
    path, _created = signing.ensure_dev_certificate()
    _key, cert, _others = pkcs12.load_key_and_certificates(path.read_bytes(), None)
    return asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER))


def signature_status(data: bytes):
    """pyHanko's verdict on the (only) signature, trusting the development certificate."""
    reader = PdfFileReader(io.BytesIO(data))
    assert len(reader.embedded_signatures) == 1
    context = ValidationContext(trust_roots=[dev_certificate()], allow_fetching=False)
    return validate_pdf_signature(reader.embedded_signatures[0], context)


def context(worker_count: int, **overrides) -> PkwtDecreeContext:
    values = {
        "letterhead": Letterhead(
            "Pemerintah Kabupaten Bekasi", "Dinas Ketenagakerjaan", "Jl. Uji No. 1", "Telp. 021"
        ),
        "number": "500.15/7/PKWT/Disnaker/III/2026",
        "issued_on": datetime.date(2026, 3, 9),
        "place": "Cikarang",
        "issuer": "Kepala Dinas Ketenagakerjaan Kabupaten Bekasi",
        "company_name": "PT Uji Coba Sejahtera",
        "company_address": "Jl. Industri No. 1, Cikarang",
        "company_npwp": "01.300.066.6-091.000",
        "request_number": "PKWT-UJI-00001",
        "worker_count": worker_count,
        "signer": Signer(
            "Kepala Dinas Ketenagakerjaan Kabupaten Bekasi",
            "Hana Kepala",
            "Pembina (IV/a)",
            "197001011995031001",
        ),  # fmt: skip
        "verify_url": f"{settings.SITE_URL}/verifikasi/token-uji/",
        "copies_to": ("Kepala Disnakertrans Provinsi Jawa Barat",),
    }
    values.update(overrides)
    return PkwtDecreeContext(**values)


def rows(count: int) -> list[tuple]:
    """Appendix rows as plain tuples: NIK 321601…, wage-free, as the renderer takes them."""
    return [(r[0], r[1], r[5], r[6], r[7], r[8], r[12]) for r in sample_rows(count, start=START)]
