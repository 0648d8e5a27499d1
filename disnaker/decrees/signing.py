"""PAdES signatures on decree PDFs with pyHanko.

The key comes from, in order: the office's ``DecreeSettings.pkcs12_path`` (password in the environment
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
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

from disnaker.core.certificates import self_signed

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


_signer_cache: dict[tuple, signers.SimpleSigner] = {}
_signer_lock = threading.Lock()


def load_signer(source: KeySource) -> signers.SimpleSigner:
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
                signer = signers.SimpleSigner.load_pkcs12_data(source.path.read_bytes(), (), source.password)
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
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    out = signers.sign_pdf(writer, meta, signer=load_signer(source))
    return out.getvalue()
