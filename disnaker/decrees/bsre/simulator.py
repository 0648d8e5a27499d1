"""A simulator of the BSrE esign-client API v2 for tests and the demo (the real service is not reachable
from a development machine). Standard library HTTP server, pyHanko signatures, no Django.

It speaks the three calls :mod:`.client` uses, as the public client libraries document them
(``docs/bsre.md``): HTTP Basic auth, the NIK/passphrase checks against a small user table
(:class:`SimUser`: passphrase and certificate status), the status values and the error codes 2011 and 2031.
What the public sources leave open, the simulator decides and ``docs/bsre.md`` says so: a refusal is HTTP 400
``{"error": text, "status_code": code}``; a signing call is all or nothing.

Its signatures are real: a test certificate authority ("BSrE Simulator CA", not BSrE) and one signer
certificate per NIK, issued by it, are generated once into a directory and reused. ``/api/v2/verify/pdf``
validates with pyHanko against that CA.

For tests, :attr:`BsreSimulator.faults` injects failures (a delay longer than the client's timeout, an HTTP
5xx, a refusal at the Nth file of a call); ``POST /simulator/faults`` sets the same from another process.
Nothing a request carries is logged: a log line names the path and the answer's HTTP status.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import hmac
import io
import json
import logging
import os
import threading
from dataclasses import asdict, dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from PIL import Image
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator import ValidationContext

from disnaker.core.certificates import issued_by, self_signed

from ..pades import KeptKeySigner, incremental_writer
from . import client as api

logger = logging.getLogger(__name__)

CA_NAME = "BSrE Simulator CA (uji, bukan BSrE)"
FAULTS_PATH = "/simulator/faults"


@dataclass
class SimUser:
    passphrase: str
    status: str = api.STATUS_ISSUE
    name: str = "Penanda Tangan Simulator"


@dataclass
class Faults:
    """Failures to inject. ``delay_seconds``: wait this long before answering (longer than the client's
    timeout is a timeout); ``server_error``: answer every call with this HTTP status (e.g. 503);
    ``fail_at_file``: refuse a signing call at its Nth file (1 = first), after signing the ones before it;
    ``only_path``: the delay and the server error hit only this path (e.g. the signing call, not the status
    check before it); ``refuse_after_calls``: sign this many calls from now, then refuse every later one
    (a batch whose item N+1 is refused)."""

    delay_seconds: float = 0
    server_error: int | None = None
    fail_at_file: int | None = None
    only_path: str | None = None
    refuse_after_calls: int | None = None
    signing_calls: int = 0  # signing calls since the last reset (counted for refuse_after_calls)

    def reset(self) -> None:
        self.delay_seconds, self.server_error, self.fail_at_file, self.only_path = 0, None, None, None
        self.refuse_after_calls, self.signing_calls = None, 0

    def hits(self, path: str) -> bool:
        return self.only_path is None or self.only_path == path


#: The demo's user table: one NIK per certificate status, passphrase ``rahasia-tte``. The first signs.
DEMO_PASSPHRASE = "rahasia-tte"  # noqa: S105 - the demo table's published test passphrase
DEMO_USERS: dict[str, SimUser] = {
    f"321601010180{index:04d}": SimUser(DEMO_PASSPHRASE, status, f"Pengguna {status.title()}")
    for index, status in enumerate(
        [
            "ISSUE",
            "EXPIRED",
            "RENEW",
            "WAITING_FOR_VERIFICATION",
            "NEW",
            "NO_CERTIFICATE",
            "SUSPEND",
            "REVOKE",
        ],
        start=1,
    )
}
DEMO_USERS["3216010101800001"].name = "Kepala Dinas (Simulator)"


# --- The test certificate authority ------------------------------------------------------------------------


class SimulatorCA:
    """The CA and the signer certificates, in ``directory`` (created 0700; keys 0600), made on first use."""

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._lock = threading.Lock()
        self._signers: dict[str, KeptKeySigner] = {}
        self.ca_cert, self._ca_key = self._load_or_create_ca()

    @property
    def ca_pem_path(self) -> Path:
        return self.directory / "ca.pem"

    def _load_or_create_ca(self):
        key_path = self.directory / "ca-key.pem"
        if key_path.exists() and self.ca_pem_path.exists():
            key = serialization.load_pem_private_key(key_path.read_bytes(), None)
            return x509.load_pem_x509_certificate(self.ca_pem_path.read_bytes()), key
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, CA_NAME),
                          x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Layanan Disnaker (simulator)"),
                          x509.NameAttribute(NameOID.COUNTRY_NAME, "ID")])  # fmt: skip
        cert = self_signed(
            key,
            name,
            valid_for=datetime.timedelta(days=10 * 365),
            extensions=[
                (x509.BasicConstraints(ca=True, path_length=0), True),
                (_key_usage(ca=True), True),
                (x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False),
            ],
        )
        _write_private(key_path, key.private_bytes(serialization.Encoding.PEM,
                       serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))  # fmt: skip
        self.ca_pem_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        return cert, key

    def signer_for(self, nik: str, name: str) -> KeptKeySigner:
        """The pyHanko signer of ``nik``'s certificate (issued by the CA the first time)."""
        with self._lock:
            found = self._signers.get(nik)
            if found is not None:
                return found
            path = self.directory / f"signer-{nik}.p12"
            if not path.exists():
                key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
                subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name),
                                     x509.NameAttribute(NameOID.SERIAL_NUMBER, nik),
                                     x509.NameAttribute(NameOID.COUNTRY_NAME, "ID")])  # fmt: skip
                cert = issued_by(
                    key.public_key(),
                    subject,
                    issuer_key=self._ca_key,
                    issuer_name=self.ca_cert.subject,
                    valid_for=datetime.timedelta(days=2 * 365),
                    extensions=[
                        (x509.BasicConstraints(ca=False, path_length=None), True),
                        (_key_usage(ca=False), True),
                        (x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False),
                        (
                            x509.AuthorityKeyIdentifier.from_issuer_public_key(self._ca_key.public_key()),
                            False,
                        ),
                    ],
                )
                _write_private(path, pkcs12.serialize_key_and_certificates(
                    nik.encode(), key, cert, [self.ca_cert], serialization.NoEncryption()))  # fmt: skip
            signer = KeptKeySigner.from_pkcs12(path.read_bytes())
            self._signers[nik] = signer
            return signer

    def validation_context(self) -> ValidationContext:
        return ValidationContext(trust_roots=[load_cert_from_pemder(str(self.ca_pem_path))])


def _key_usage(*, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(digital_signature=not ca, content_commitment=not ca, key_encipherment=False,
                         data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                         encipher_only=False, decipher_only=False)  # fmt: skip


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


# --- Signing and verifying -------------------------------------------------------------------------------


class Refusal(Exception):
    def __init__(self, text: str, code: int | None = None, http_status: int = 400):
        super().__init__(text)
        self.text, self.code, self.http_status = text, code, http_status

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"error": self.text}
        if self.code is not None:
            body["status_code"] = self.code
        return body


def sign_one(
    pdf: bytes, props: dict[str, Any], signer: KeptKeySigner, *, name: str, field_name: str
) -> bytes:
    """One PAdES signature (approval, not certification) on ``pdf``, visible when ``props`` say so."""
    writer = incremental_writer(pdf)
    visible = str(props.get("tampilan", "")).upper() == "VISIBLE"
    stamp_style = None
    if visible:
        page = int(props.get("page") or 1)
        pages = int(writer.root["/Pages"]["/Count"])
        if not 1 <= page <= pages:
            raise Refusal(f"Halaman {page} tidak ada pada dokumen ({pages} halaman).")
        x, y = float(props.get("originX") or 0), float(props.get("originY") or 0)
        width, height = float(props.get("width") or 0), float(props.get("height") or 0)
        if width <= 0 or height <= 0:
            raise Refusal("Lebar dan tinggi tanda tangan visible harus lebih dari 0.")
        spec = fields.SigFieldSpec(field_name, on_page=page - 1,
                                   box=(int(x), int(y), int(x + width), int(y + height)))  # fmt: skip
        image = _image(props.get("imageBase64"))
        stamp_style = StaticStampStyle(border_width=0, background=PdfImage(image), background_opacity=1.0)
    else:
        spec = fields.SigFieldSpec(field_name)
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=str(props.get("reason") or "") or None,
        location=str(props.get("location") or "") or None,
        name=name,
    )
    out = signers.PdfSigner(meta, signer, stamp_style=stamp_style, new_field_spec=spec).sign_pdf(
        writer, bytes_reserved=signer.bytes_reserved
    )
    return out.getvalue()


def _image(encoded: Any) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(base64.b64decode(str(encoded or ""), validate=True)))
        image.load()
    except (binascii.Error, ValueError, OSError):
        raise Refusal("imageBase64 bukan gambar PNG/JPEG yang sah.") from None
    return image.convert("RGB") if image.mode not in ("RGB", "L") else image


def verify(pdf: bytes, context: ValidationContext) -> dict[str, Any]:
    """The verify answer: every embedded signature validated with pyHanko against the simulator's CA."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:  # any parse failure of an uploaded file is "not a PDF we can read"
        raise Refusal(f"Berkas tidak dapat dibaca sebagai PDF ({type(exc).__name__}).") from None
    infos = []
    for sig in embedded:
        status = validate_pdf_signature(sig, context)
        cert = status.signing_cert
        infos.append({
            "signerName": cert.subject.native.get("common_name", ""),
            "issuerName": cert.issuer.native.get("common_name", ""),
            "fieldName": sig.field_name,
            "signatureFormat": "PAdES",
            "signatureDate": status.signer_reported_dt.isoformat() if status.signer_reported_dt else "",
            "integrityValid": bool(status.intact and status.valid),
            "certificateTrusted": bool(status.trusted),
            "modified": status.coverage != status.coverage.ENTIRE_FILE if sig is embedded[-1] else False,
            "bottomLine": bool(status.bottom_line),
        })  # fmt: skip
    if not infos:
        conclusion, description = "NO_SIGNATURE", "Dokumen tidak memuat tanda tangan elektronik."
    elif all(info["bottomLine"] for info in infos) and not infos[-1]["modified"]:
        conclusion, description = "VALID", "Semua tanda tangan sah dan dokumen tidak berubah."
    else:
        conclusion, description = "INVALID", "Ada tanda tangan yang tidak sah atau dokumen berubah."
    return {"conclusion": conclusion, "description": description, "signatureCount": len(infos),
            "signatureInformations": infos}  # fmt: skip


# --- The HTTP server -------------------------------------------------------------------------------------


@dataclass
class SimulatorConfig:
    username: str = "esign"
    password: str = "esign-simulator"  # noqa: S105 - the simulator's own test credentials
    users: dict[str, SimUser] = field(
        default_factory=lambda: {k: SimUser(**asdict(v)) for k, v in DEMO_USERS.items()}
    )
    faults: Faults = field(default_factory=Faults)


class BsreSimulator:
    """The simulator on ``host:port`` (``port=0`` picks a free one), serving from a background thread."""

    def __init__(self, directory: Path, config: SimulatorConfig | None = None, *, host: str = "127.0.0.1",
                 port: int = 0):  # fmt: skip
        self.config = config or SimulatorConfig()
        self.ca = SimulatorCA(directory)
        self._stopping = threading.Event()
        self._counter_lock = threading.Lock()
        self.calls: dict[str, int] = {}
        self.server = ThreadingHTTPServer((host, port), _handler_for(self))
        self.server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def faults(self) -> Faults:
        return self.config.faults

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> BsreSimulator:
        self._thread = threading.Thread(target=self.server.serve_forever, name="bsre-simulator", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self.server.serve_forever()

    def stop(self) -> None:
        self._stopping.set()
        self.server.shutdown()
        self.server.server_close()

    def count(self, path: str) -> None:
        with self._counter_lock:
            self.calls[path] = self.calls.get(path, 0) + 1

    def wait(self, seconds: float) -> None:
        self._stopping.wait(seconds)

    # --- the API ------------------------------------------------------------------------------------------

    def answer(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        if path == api.STATUS_PATH:
            user = self.config.users.get(str(body.get("nik") or ""))
            status = user.status if user else "NOT_REGISTERED"
            return {"status": status, "message": api.STATUS_MESSAGES.get(status, "")}
        if path == api.SIGN_PATH:
            return {"file": self._sign(body), "time": datetime.datetime.now(datetime.UTC).isoformat()}
        if path == api.VERIFY_PATH:
            return verify(_decode_pdf(body.get("file")), self.ca.validation_context())
        raise Refusal("Not Found", http_status=404)

    def _sign(self, body: dict[str, Any]) -> list[str]:
        nik = str(body.get("nik") or "")
        user = self.config.users.get(nik)
        if user is None:
            raise Refusal("User tidak terdaftar", 2011)
        if not hmac.compare_digest(str(body.get("passphrase") or "").encode(), user.passphrase.encode()):
            raise Refusal("Passphrase anda salah", 2031)
        if user.status != api.STATUS_ISSUE:
            raise Refusal(f"Sertifikat tidak dapat dipakai (status {user.status})")
        with self._counter_lock:
            self.faults.signing_calls += 1
            call = self.faults.signing_calls
        if self.faults.refuse_after_calls is not None and call > self.faults.refuse_after_calls:
            raise Refusal(f"Proses signing gagal pada permintaan ke-{call}")
        files = body.get("file")
        props = body.get("signatureProperties") or [{"tampilan": "INVISIBLE"}]
        if not isinstance(files, list) or not files:
            raise Refusal("file wajib berisi minimal satu PDF (base64)")
        if not isinstance(props, list) or len(props) not in (1, len(files)):
            raise Refusal("signatureProperties harus satu untuk semua berkas atau satu per berkas")
        signer = self.ca.signer_for(nik, user.name)
        signed = []
        for index, encoded in enumerate(files, start=1):
            if self.faults.fail_at_file == index:
                raise Refusal(f"Proses signing gagal pada berkas ke-{index}")
            item_props = props[0] if len(props) == 1 else props[index - 1]
            signed.append(base64.b64encode(sign_one(_decode_pdf(encoded), item_props, signer, name=user.name,
                                                    field_name="Signature1")).decode("ascii"))  # fmt: skip
        return signed


def _decode_pdf(encoded: Any) -> bytes:
    try:
        pdf = base64.b64decode(str(encoded or ""), validate=True)
    except (binascii.Error, ValueError):
        raise Refusal("file bukan base64 yang sah") from None
    if not pdf.startswith(b"%PDF-"):
        raise Refusal("file bukan PDF")
    return pdf


def _handler_for(simulator: BsreSimulator) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "BsreSimulator/1"
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args) -> None:  # noqa: A002 - the stdlib's signature
            logger.debug("bsre-simulator: " + format, *args)

        def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
            path = self.path.split("?", 1)[0]
            simulator.count(path)
            try:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                if not self._authorized():
                    raise Refusal("Unauthorized", http_status=401)
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    raise Refusal("Badan permintaan bukan JSON") from None
                if not isinstance(body, dict):
                    raise Refusal("Badan permintaan harus objek JSON")
                if path == FAULTS_PATH:
                    for name in (
                        "delay_seconds",
                        "server_error",
                        "fail_at_file",
                        "only_path",
                        "refuse_after_calls",
                    ):
                        if name in body:
                            setattr(simulator.faults, name, body[name])
                    if "refuse_after_calls" in body:
                        simulator.faults.signing_calls = 0
                    self._send(200, asdict(simulator.faults))
                    return
                faults = simulator.faults
                if faults.delay_seconds and faults.hits(path):
                    simulator.wait(float(faults.delay_seconds))
                if faults.server_error and faults.hits(path):
                    self._send(int(faults.server_error), {"error": "Simulated server error"})
                    return
                self._send(200, simulator.answer(path, body))
            except Refusal as refusal:
                self._send(refusal.http_status, refusal.body())
            except Exception:
                logger.exception("bsre-simulator: %s gagal", path)
                self._send(500, {"error": "Internal Server Error"})

        def _authorized(self) -> bool:
            header = self.headers.get("Authorization") or ""
            if not header.startswith("Basic "):
                return False
            try:
                user, _, password = base64.b64decode(header[6:]).decode().partition(":")
            except (binascii.Error, UnicodeDecodeError):
                return False
            config = simulator.config
            return hmac.compare_digest(user.encode(), config.username.encode()) and hmac.compare_digest(
                password.encode(), config.password.encode()
            )

        def _send(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                if status == 401:
                    self.send_header("WWW-Authenticate", 'Basic realm="esign-client"')
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (its timeout): nothing to answer

    return Handler
