"""Signing decree PDFs: the office's signer backend (``DecreeSettings.signer_backend``).

- ``pkcs12`` (:class:`Pkcs12Backend`): PAdES signatures with pyHanko on this server.
- ``bsre`` (:class:`BsreBackend`): the office's BSrE esign-client (``decrees.bsre.client``), a certified
  electronic signature; the head types the passphrase at signing time.

For ``pkcs12`` the key comes from, in order: the office's ``DecreeSettings.pkcs12_path`` (password in the environment
variable it names), the deployment's ``DECREE_PKCS12_PATH``/``DECREE_PKCS12_PASSWORD``, or, when
``DECREE_ALLOW_DEV_CERTIFICATE`` is on, a self-signed development certificate generated on first use in
``DECREE_SIGNING_DIR``. That development certificate proves only that the file was not changed after our
server signed it: it is NOT a legal electronic signature (that needs a certificate from a recognised CA such
as BSrE).
"""

from __future__ import annotations

import datetime
import io
import logging
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from pyhanko.sign import fields, signers
from pypdf import PdfReader
from reportlab.lib.units import mm

from disnaker.core.certificates import self_signed

from .bsre.appearance import signature_image
from .bsre.client import (
    BsreCertificateNotUsable,
    BsreError,
    BsreUnavailable,
    EsignClient,
    SignatureProperties,
)
from .constants import SignerBackend
from .pades import KeptKeySigner, incremental_writer
from .qr import SIGNATURE_ANCHOR, SIGNATURE_BOX_WIDTH, SIGNATURE_QR_SIZE

logger = logging.getLogger(__name__)

DEV_CERT_NAME = "Sertifikat Pengembangan — bukan tanda tangan elektronik sah"
DEV_PKCS12_FILE = "dev-signing.p12"
SIGNATURE_FIELD = "TandaTanganSK"


@dataclass(frozen=True)
class KeySource:
    path: Path
    password: bytes | None
    is_development: bool = False


def dev_pkcs12_path() -> Path:
    return Path(settings.DECREE_SIGNING_DIR) / DEV_PKCS12_FILE


def ensure_dev_certificate() -> tuple[Path, bool]:
    """Create the development PKCS#12 if it does not exist; return its path and whether it was created.

    Safe against two processes at once: the file is written under a temporary name and linked into
    place, which fails if another process got there first (then that one's certificate is used)."""
    path = dev_pkcs12_path()
    if path.exists():
        return path, False
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, DEV_CERT_NAME),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Layanan Disnaker (pengembangan)"),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
        ]
    )
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,  # "non-repudiation", which pyHanko asks of a signer by default
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    cert = self_signed(
        key,
        name,
        valid_for=datetime.timedelta(days=5 * 365),
        extensions=[
            (x509.BasicConstraints(ca=False, path_length=None), True),
            (usage, True),
            (x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False),
        ],
    )
    data = pkcs12.serialize_key_and_certificates(
        b"dev-signing", key, cert, None, serialization.NoEncryption()
    )
    temp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        try:
            os.link(temp, path)
        except FileExistsError:
            return path, False
    finally:
        temp.unlink(missing_ok=True)
    logger.warning(
        "Sertifikat tanda tangan pengembangan dibuat di %s (bukan tanda tangan elektronik sah).", path
    )
    return path, True


def key_source(decree_settings=None) -> KeySource:
    """Which PKCS#12 signs for this office (see the module docstring for the order)."""
    if decree_settings is not None and decree_settings.pkcs12_path:
        env_name = decree_settings.pkcs12_password_env
        password = os.environ.get(env_name, "") if env_name else ""
        return KeySource(Path(decree_settings.pkcs12_path), password.encode() or None)
    if settings.DECREE_PKCS12_PATH:
        return KeySource(Path(settings.DECREE_PKCS12_PATH), settings.DECREE_PKCS12_PASSWORD.encode() or None)
    if not settings.DECREE_ALLOW_DEV_CERTIFICATE:
        raise ImproperlyConfigured(
            "Tidak ada sertifikat penanda tangan SK: isi DECREE_PKCS12_PATH atau pengaturan SK kantor."
        )
    path, _created = ensure_dev_certificate()
    return KeySource(path, None, is_development=True)


_signer_cache: dict[tuple, KeptKeySigner] = {}
_signer_lock = threading.Lock()


def load_signer(source: KeySource) -> KeptKeySigner:
    """The pyHanko signer for a PKCS#12, cached per file version (path, size, mtime)."""
    try:
        stat = source.path.stat()
    except OSError as exc:
        raise ImproperlyConfigured(
            f"Berkas sertifikat penanda tangan SK tidak dapat dibaca: {source.path}"
        ) from exc
    cache_key = (str(source.path), stat.st_size, stat.st_mtime_ns, source.password)
    with _signer_lock:
        signer = _signer_cache.get(cache_key)
        if signer is None:
            try:
                signer = KeptKeySigner.from_pkcs12(source.path.read_bytes(), source.password)
            except ValueError as exc:
                raise ImproperlyConfigured(
                    f"Sertifikat penanda tangan SK tidak dapat dibuka (kata sandi salah?): {source.path}"
                ) from exc
            _signer_cache.clear()
            _signer_cache[cache_key] = signer
    return signer


def sign_pdf(pdf: bytes, *, source: KeySource, reason: str, location: str, name: str) -> bytes:
    """Add a PAdES (B-B) certification signature that allows no later changes to the document."""
    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        certify=True,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES,
        reason=reason,
        location=location,
        name=name,
    )
    writer = incremental_writer(pdf)
    signer = load_signer(source)
    out = signers.sign_pdf(writer, meta, signer=signer, bytes_reserved=signer.bytes_reserved)
    return out.getvalue()


# --- Signer backends: one per office (DecreeSettings.signer_backend) --------------------------------------

#: What the head reads when the esign-client cannot be reached (a timeout, a refused connection, a 5xx).
#: True because signing happens inside decree_issue()'s transaction: a failure rolls the number back.
UNAVAILABLE_MESSAGE = "Layanan TTE sedang tidak dapat dihubungi; tidak ada nomor yang terpakai."


class SigningError(ValidationError):
    """The signer refused or failed; the message is for the head. Raised inside ``decree_issue()``'s
    transaction, so nothing was numbered or stored. A ``ValidationError``: the pages show it as they show
    every refusal."""


@dataclass(frozen=True)
class SignatureRequest:
    """What a signature says besides the key: the reason (title and number), place, signer's name, and the
    verification URL its visible appearance links to."""

    reason: str
    location: str
    name: str
    verify_url: str = ""


class Pkcs12Backend:
    """Today's local signer: a PKCS#12 on the server (:func:`key_source`). Takes no passphrase."""

    name = SignerBackend.PKCS12

    def __init__(self, decree_settings=None):
        self.decree_settings = decree_settings

    def check(self, passphrase: str | None = None) -> None:
        """Before numbering: the key can be loaded."""
        load_signer(key_source(self.decree_settings))

    def sign(self, pdfs: Sequence[bytes], requests: Sequence[SignatureRequest], *, passphrase: str | None = None,
             ) -> list[bytes]:  # fmt: skip
        source = key_source(self.decree_settings)
        return [sign_pdf(pdf, source=source, reason=req.reason, location=req.location, name=req.name)
                for pdf, req in zip(pdfs, requests, strict=True)]  # fmt: skip


class BsreBackend:
    """BSrE through the office's esign-client (API v2): certified electronic signatures (PP 71/2019 Pasal
    60). The signer is the NIK in the office's settings; the passphrase is the head's, typed at signing time
    and passed through to the one request that needs it — never stored or logged."""

    name = SignerBackend.BSRE

    def __init__(self, decree_settings, client: EsignClient | None = None):
        self.nik = decree_settings.bsre_nik
        if not self.nik:
            raise SigningError(
                "NIK penanda tangan BSrE belum diisi di Pengaturan SK kantor ini.", code="bsre_nik_missing"
            )
        self.client = client or esign_client()

    def check(self, passphrase: str | None = None) -> None:
        """Before numbering: a passphrase was typed and the signer's certificate is ``ISSUE``."""
        if not passphrase:
            raise SigningError(
                "Ketik passphrase TTE Anda untuk menandatangani.", code="bsre_passphrase_missing"
            )
        with _translated():
            self.client.require_can_sign(self.nik)

    def sign(self, pdfs: Sequence[bytes], requests: Sequence[SignatureRequest], *, passphrase: str | None = None,
             ) -> list[bytes]:  # fmt: skip
        """All files in one call: all are signed, or the call fails and none is (the API's shape)."""
        if not passphrase:
            raise SigningError(
                "Ketik passphrase TTE Anda untuk menandatangani.", code="bsre_passphrase_missing"
            )
        props = [visible_properties(pdf, req) for pdf, req in zip(pdfs, requests, strict=True)]
        with _translated():
            return self.client.sign_pdf(self.nik, passphrase, list(pdfs), props)


def esign_client() -> EsignClient:
    """The deployment's esign-client (``BSRE_BASE_URL``, ``BSRE_USERNAME``, ``BSRE_PASSWORD``)."""
    if not settings.BSRE_BASE_URL:
        raise SigningError(
            "Alamat esign-client BSrE (BSRE_BASE_URL) belum diatur di server; hubungi admin.",
            code="bsre_not_configured",
        )
    return EsignClient(settings.BSRE_BASE_URL, settings.BSRE_USERNAME, settings.BSRE_PASSWORD,
                       timeout=settings.BSRE_TIMEOUT_SECONDS)  # fmt: skip


def backend_for(decree_settings=None) -> Pkcs12Backend | BsreBackend:
    """The office's signer: ``bsre`` or (the default) ``pkcs12``."""
    if decree_settings is not None and decree_settings.signer_backend == SignerBackend.BSRE:
        return BsreBackend(decree_settings)
    return Pkcs12Backend(decree_settings)


def visible_properties(pdf: bytes, request: SignatureRequest) -> SignatureProperties:
    """A visible signature over the QR code and its caption (the anchor ``qr.SIGNATURE_ANCHOR`` marks where
    the renderer drew them), showing the QR code and the BSrE words; invisible if the PDF has no anchor."""
    reader = PdfReader(io.BytesIO(pdf))
    dests = reader.named_destinations
    dest = dests.get(SIGNATURE_ANCHOR) or dests.get("/" + SIGNATURE_ANCHOR)
    if dest is None or dest.left is None or dest.top is None:
        return SignatureProperties(location=request.location, reason=request.reason)
    width, height = SIGNATURE_BOX_WIDTH, SIGNATURE_QR_SIZE
    image = signature_image(request.verify_url, request.name, width_mm=width / mm, height_mm=height / mm)
    return SignatureProperties.visible(
        image,
        page=reader.get_destination_page_number(dest) + 1,
        origin_x=round(float(dest.left), 2),
        origin_y=round(float(dest.top) - height, 2),
        width=round(width, 2),
        height=round(height, 2),
        location=request.location,
        reason=request.reason,
    )


@contextmanager
def _translated() -> Iterator[None]:
    """The client's errors as :class:`SigningError` (the message the head reads, a stable code)."""
    try:
        yield
    except BsreUnavailable as exc:
        raise SigningError(UNAVAILABLE_MESSAGE, code="bsre_unavailable") from exc
    except BsreCertificateNotUsable as exc:
        raise SigningError(exc.message, code=f"bsre_status_{exc.status.lower()}") from exc
    except BsreError as exc:
        code = f"bsre_{exc.code}" if exc.code is not None else "bsre_refused"
        raise SigningError(exc.message, code=code) from exc
