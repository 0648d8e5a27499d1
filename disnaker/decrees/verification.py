"""What a decree's PDF says about its own signature, checked with pyHanko: for the public verification page
(the stored file and an uploaded copy) and for the "bukan tanda tangan elektronik tersertifikasi" notice.

A signature is *certified* when its certificate chains to one of the roots in ``DECREE_TRUSTED_ROOTS`` (a PEM
bundle the deployment installs, e.g. Root CA Indonesia / BSrE's CA chain). It is a *development* signature
when it was made with this server's self-signed development certificate (``signing.DEV_CERT_NAME``) or by
the BSrE simulator's test CA (``bsre.simulator.CA_NAME``). Anything else is *untrusted*: intact perhaps, but
from an issuer this deployment does not recognise. PP 71/2019 Pasal 60: only a certified electronic
signature has full legal force.
"""

from __future__ import annotations

import datetime
import io
import logging
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from django.conf import settings
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from .bsre.simulator import CA_NAME as SIMULATOR_CA_NAME
from .signing import DEV_CERT_NAME

logger = logging.getLogger(__name__)

CERTIFIED, DEVELOPMENT, UNTRUSTED = "certified", "development", "untrusted"

#: The words every page showing a development-signed decree, and the PDF itself, carry (issue 14).
NOT_CERTIFIED_NOTICE = "bukan tanda tangan elektronik tersertifikasi"


@dataclass(frozen=True)
class SignatureFacts:
    """One signature's verdict. ``ok`` = present, mathematically valid, the bytes it covers unchanged and
    covering the whole file (nothing appended after signing)."""

    present: bool
    intact: bool = False
    whole_file: bool = False
    signer_name: str = ""
    issuer: str = ""
    signed_at: datetime.datetime | None = None
    trust: str = UNTRUSTED
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.present and self.intact and self.whole_file

    @property
    def certified(self) -> bool:
        return self.ok and self.trust == CERTIFIED

    @property
    def development(self) -> bool:
        return self.trust == DEVELOPMENT


def _common_name(name: asn1_x509.Name) -> str:
    native = name.native
    return native.get("common_name") or name.human_friendly


@cache
def _trusted_roots(path: str) -> tuple[asn1_x509.Certificate, ...]:
    if not path:
        return ()
    try:
        data = Path(path).read_bytes()
    except OSError:
        logger.error("DECREE_TRUSTED_ROOTS tidak dapat dibaca: %s", path)
        return ()
    if pem.detect(data):
        return tuple(
            asn1_x509.Certificate.load(der) for _type, _headers, der in pem.unarmor(data, multiple=True)
        )
    return (asn1_x509.Certificate.load(data),)


def trusted_roots() -> tuple[asn1_x509.Certificate, ...]:
    return _trusted_roots(str(settings.DECREE_TRUSTED_ROOTS or ""))


def _is_development(cert: asn1_x509.Certificate) -> bool:
    return _common_name(cert.subject) == DEV_CERT_NAME or _common_name(cert.issuer) == SIMULATOR_CA_NAME


def check_pdf(data: bytes) -> SignatureFacts:
    """The verdict on the PDF's last signature (a decree carries exactly one)."""
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = reader.embedded_signatures
    except Exception:  # noqa: BLE001 - any unreadable upload is "not a signed PDF", never a 500
        return SignatureFacts(present=False, problem="Berkas bukan PDF yang dapat dibaca.")
    if not embedded:
        return SignatureFacts(present=False, problem="Berkas tidak memuat tanda tangan digital.")
    signature = embedded[-1]
    roots = list(trusted_roots())
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    try:
        status = validate_pdf_signature(signature, context)
    except Exception as exc:  # noqa: BLE001 - a malformed signature is a verdict, not a crash
        logger.info("Tanda tangan PDF tidak dapat diperiksa: %s", exc)
        return SignatureFacts(present=True, problem="Tanda tangan digital rusak atau tidak dapat diperiksa.")
    cert = status.signing_cert
    if status.bottom_line and roots:
        trust = CERTIFIED
    elif _is_development(cert):
        trust = DEVELOPMENT
    else:
        trust = UNTRUSTED
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    intact = bool(status.intact and status.valid)
    problem = ""
    if not intact:
        problem = "Isi berkas telah berubah setelah ditandatangani."
    elif not whole:
        problem = "Ada tambahan pada berkas setelah ditandatangani."
    return SignatureFacts(
        present=True,
        intact=intact,
        whole_file=whole,
        signer_name=_common_name(cert.subject),
        issuer=_common_name(cert.issuer),
        signed_at=status.signer_reported_dt,
        trust=trust,
        problem=problem,
    )


_stored: dict[tuple[str, str], SignatureFacts] = {}
_stored_lock = threading.Lock()
_STORED_MAX = 512


def decree_signature(decree) -> SignatureFacts:
    """:func:`check_pdf` on a decree's stored file, remembered per file hash (a decree's file never changes)."""
    key = (decree.sha256, str(settings.DECREE_TRUSTED_ROOTS or ""))
    with _stored_lock:
        found = _stored.get(key)
    if found is not None:
        return found
    try:
        with decree.pdf.open("rb") as handle:
            data = handle.read()
    except OSError:
        logger.exception("Berkas SK %s tidak dapat dibaca untuk verifikasi", decree.pk)
        return SignatureFacts(present=False, problem="Berkas SK tidak dapat dibaca di server.")
    facts = check_pdf(data)
    with _stored_lock:
        if len(_stored) >= _STORED_MAX:
            _stored.clear()
        _stored[key] = facts
    return facts
