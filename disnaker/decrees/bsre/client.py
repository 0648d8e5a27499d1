"""A client of the BSrE esign-client API v2 (JSON over HTTP, Basic auth), with the standard library only.

Three calls are used (see ``docs/bsre.md`` for where each fact comes from):

- :meth:`EsignClient.check_status` — ``POST /api/v2/user/check/status`` ``{nik}`` → ``{status}``; only
  ``ISSUE`` may sign, every other status has its own message for the head (:data:`STATUS_MESSAGES`);
- :meth:`EsignClient.sign_pdf` — ``POST /api/v2/sign/pdf`` ``{nik, passphrase, signatureProperties: [...],
  file: [base64, ...]}`` → ``{file: [base64, ...]}``: several files in one call, all or nothing;
- :meth:`EsignClient.verify_pdf` — ``POST /api/v2/verify/pdf`` ``{file: base64}`` → ``{conclusion,
  description, signatureInformations: [...]}``.

Every failure is a :class:`BsreError` whose ``message`` is Indonesian text for the head. The passphrase is
an argument of :meth:`~EsignClient.sign_pdf` only: it is put in the request body and nowhere else — not on
the client, not in a log line, not in an exception.
"""

from __future__ import annotations

import base64
import binascii
import http.client
import json
import logging
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

logger = logging.getLogger(__name__)

SIGN_PATH = "/api/v2/sign/pdf"
STATUS_PATH = "/api/v2/user/check/status"
VERIFY_PATH = "/api/v2/verify/pdf"

#: The only status whose certificate may sign.
STATUS_ISSUE = "ISSUE"
#: What the head reads for each status of the signer's certificate.
STATUS_MESSAGES: dict[str, str] = {
    "ISSUE": "Sertifikat elektronik aktif dan dapat dipakai menandatangani.",
    "EXPIRED": "Sertifikat elektronik penanda tangan sudah kedaluwarsa. Ajukan pembaruan sertifikat ke BSrE "
    "melalui admin TTE (RA) instansi; SK belum ditandatangani.",
    "RENEW": "Sertifikat elektronik penanda tangan sedang diperbarui. Tanda tangan dapat dilakukan setelah "
    "sertifikat baru terbit.",
    "WAITING_FOR_VERIFICATION": "Pendaftaran sertifikat elektronik penanda tangan masih menunggu verifikasi "
    "BSrE.",
    "NEW": "Pendaftaran sertifikat elektronik penanda tangan baru diajukan dan belum diproses BSrE.",
    "NO_CERTIFICATE": "Akun TTE penanda tangan terdaftar tetapi belum memiliki sertifikat elektronik.",
    "NOT_REGISTERED": "NIK penanda tangan belum terdaftar sebagai pengguna TTE BSrE. Periksa NIK penanda "
    "tangan di Pengaturan SK.",
    "SUSPEND": "Sertifikat elektronik penanda tangan sedang dibekukan (suspend). Hubungi admin TTE instansi.",
    "REVOKE": "Sertifikat elektronik penanda tangan sudah dicabut (revoke). Ajukan sertifikat baru ke BSrE.",
}
#: The API's error codes and what the head reads for each.
ERROR_MESSAGES: dict[int, str] = {
    2011: "User tidak terdaftar: NIK penanda tangan belum terdaftar di layanan TTE BSrE. Periksa NIK "
    "penanda tangan di Pengaturan SK.",
    2031: "Passphrase anda salah. Ketik ulang passphrase TTE Anda; SK belum ditandatangani.",
}
UNAVAILABLE_MESSAGE = "Layanan TTE sedang tidak dapat dihubungi"


class BsreError(Exception):
    """A call to the esign-client failed. ``message`` is for the head; ``code`` is the API's error code
    (``None`` when there is none); ``http_status`` the HTTP status, if an answer came."""

    def __init__(self, message: str, *, code: int | None = None, http_status: int | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.http_status = http_status


class BsreUnavailable(BsreError):
    """No usable answer: a timeout, a refused connection, or an HTTP 5xx."""


class BsreRefused(BsreError):
    """The esign-client answered and refused (an error code such as 2011 or 2031, or an HTTP 4xx)."""


class BsreCertificateNotUsable(BsreError):
    """The signer's certificate status is not ``ISSUE``; ``status`` says which."""

    def __init__(self, status: str):
        message = STATUS_MESSAGES.get(
            status, f"Status sertifikat elektronik penanda tangan tidak dikenal ({status}); tidak dapat "
            "menandatangani."
        )  # fmt: skip
        super().__init__(message)
        self.status = status


class BsreProtocolError(BsreError):
    """The answer was not what the API documents (not JSON, a wrong number of files, not a PDF)."""


@dataclass(frozen=True)
class SignatureProperties:
    """One entry of ``signatureProperties``. ``tampilan`` is ``VISIBLE`` or ``INVISIBLE``; a visible
    signature draws ``image`` (PNG bytes) on ``page`` (1 = first) in the box whose lower left corner is
    (``origin_x``, ``origin_y``) in PDF points from the page's lower left corner."""

    tampilan: str = "INVISIBLE"
    image: bytes | None = None
    page: int = 1
    origin_x: float = 0
    origin_y: float = 0
    width: float = 0
    height: float = 0
    location: str = ""
    reason: str = ""

    @classmethod
    def visible(cls, image: bytes, *, page: int, origin_x: float, origin_y: float, width: float,
                height: float, location: str = "", reason: str = "") -> SignatureProperties:  # fmt: skip
        return cls("VISIBLE", image, page, origin_x, origin_y, width, height, location, reason)

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {"tampilan": self.tampilan, "location": self.location, "reason": self.reason}
        if self.tampilan == "VISIBLE":
            data.update(
                imageBase64=base64.b64encode(self.image or b"").decode("ascii"),
                page=self.page,
                originX=self.origin_x,
                originY=self.origin_y,
                width=self.width,
                height=self.height,
            )
        return data


@dataclass(frozen=True)
class UserStatus:
    status: str
    message: str

    @property
    def can_sign(self) -> bool:
        return self.status == STATUS_ISSUE


@dataclass(frozen=True)
class SignatureInfo:
    signer_name: str
    field_name: str
    signature_date: str
    integrity_valid: bool
    certificate_trusted: bool
    modified: bool
    issuer_name: str = ""


@dataclass(frozen=True)
class VerifyResult:
    conclusion: str
    description: str
    signatures: list[SignatureInfo] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return self.conclusion == "VALID"


def mask_nik(nik: str) -> str:
    """First 6 and last 4 digits, as every page shows a NIK (``templates/includes/nik.html``)."""
    return f"{nik[:6]}{'*' * max(len(nik) - 10, 0)}{nik[-4:]}" if len(nik) > 10 else "*" * len(nik)


class EsignClient:
    """The esign-client at ``base_url`` (e.g. ``http://10.0.0.5``), with the application's Basic-auth user.

    Connections are direct (no HTTP proxy from the environment): the esign-client is a server of the
    office's own network."""

    def __init__(self, base_url: str, username: str, password: str, *, timeout: float = 60.0):
        if not base_url.startswith(("http://", "https://")):
            raise ValueError("Alamat esign-client (BSRE_BASE_URL) harus diawali http:// atau https://.")
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        token = base64.b64encode(f"{username}:{password}".encode()).decode("ascii")
        self._authorization = f"Basic {token}"
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def __repr__(self) -> str:
        return f"EsignClient({self.base_url!r})"

    # --- calls ------------------------------------------------------------------------------------------

    def check_status(self, nik: str) -> UserStatus:
        body = self._post(STATUS_PATH, {"nik": nik}, what=f"status NIK {mask_nik(nik)}")
        status = _status_of(body)
        if not status:
            raise BsreProtocolError("Jawaban esign-client atas pemeriksaan status tidak memuat status.")
        return UserStatus(status, STATUS_MESSAGES.get(status, f"Status tidak dikenal: {status}"))

    def require_can_sign(self, nik: str) -> UserStatus:
        """The status, or :class:`BsreCertificateNotUsable` unless it is ``ISSUE``."""
        status = self.check_status(nik)
        if not status.can_sign:
            raise BsreCertificateNotUsable(status.status)
        return status

    def sign_pdf(
        self,
        nik: str,
        passphrase: str,
        files: Sequence[bytes],
        signature_properties: Sequence[SignatureProperties],
    ) -> list[bytes]:
        """Sign ``files`` in one call; the signed files come back in the same order.

        ``signature_properties`` holds one entry for all files or one per file. All or nothing: the call
        fails as a whole, and then no file is returned."""
        if not files:
            raise ValueError("Tidak ada berkas untuk ditandatangani.")
        if len(signature_properties) not in (1, len(files)):
            raise ValueError("signatureProperties harus satu untuk semua berkas atau satu per berkas.")
        payload = {
            "nik": nik,
            "passphrase": passphrase,
            "signatureProperties": [props.payload() for props in signature_properties],
            "file": [base64.b64encode(pdf).decode("ascii") for pdf in files],
        }
        body = self._post(SIGN_PATH, payload, what=f"tanda tangan {len(files)} berkas NIK {mask_nik(nik)}")
        encoded = body.get("file") if isinstance(body, dict) else None
        if not isinstance(encoded, list) or len(encoded) != len(files):
            raise BsreProtocolError(
                f"esign-client mengembalikan {len(encoded) if isinstance(encoded, list) else 0} berkas untuk "
                f"{len(files)} berkas yang dikirim; tidak ada yang dipakai."
            )
        signed = []
        for item in encoded:
            try:
                pdf = base64.b64decode(str(item), validate=True)
            except (binascii.Error, ValueError):
                raise BsreProtocolError("Berkas dari esign-client bukan base64 yang sah.") from None
            if not pdf.startswith(b"%PDF-"):
                raise BsreProtocolError("Berkas dari esign-client bukan PDF.")
            signed.append(pdf)
        return signed

    def verify_pdf(self, pdf: bytes) -> VerifyResult:
        body = self._post(VERIFY_PATH, {"file": base64.b64encode(pdf).decode("ascii")}, what="verifikasi")
        if not isinstance(body, dict):
            raise BsreProtocolError("Jawaban verifikasi esign-client bukan objek JSON.")
        infos = body.get("signatureInformations") or []
        return VerifyResult(
            conclusion=str(body.get("conclusion") or ""),
            description=str(body.get("description") or ""),
            signatures=[
                SignatureInfo(
                    signer_name=str(info.get("signerName") or ""),
                    field_name=str(info.get("fieldName") or ""),
                    signature_date=str(info.get("signatureDate") or ""),
                    integrity_valid=bool(info.get("integrityValid")),
                    certificate_trusted=bool(info.get("certificateTrusted")),
                    modified=bool(info.get("modified")),
                    issuer_name=str(info.get("issuerName") or ""),
                )
                for info in infos
                if isinstance(info, dict)
            ],
        )

    # --- transport --------------------------------------------------------------------------------------

    def _post(self, path: str, payload: dict[str, Any], *, what: str) -> Any:
        """POST ``payload`` as JSON and return the decoded JSON answer, or raise a :class:`BsreError`.

        Only ``what`` (no body) is logged."""
        request = urllib.request.Request(  # noqa: S310 - base_url is checked to be http(s) in __init__
            self.base_url + path,
            data=json.dumps(payload).encode(),
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "Authorization": self._authorization,
            },
        )
        logger.debug("esign-client %s: %s", path, what)
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as exc:
            status = exc.code
            try:
                raw = exc.read()
            except (OSError, http.client.HTTPException):
                raw = b""
            finally:
                exc.close()
        except TimeoutError as exc:
            logger.warning("esign-client %s: batas waktu %ss habis", path, self.timeout)
            raise BsreUnavailable(
                f"{UNAVAILABLE_MESSAGE} (batas waktu {self.timeout:g} detik habis)."
            ) from exc
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            if isinstance(getattr(exc, "reason", None), TimeoutError):
                logger.warning("esign-client %s: batas waktu %ss habis", path, self.timeout)
                raise BsreUnavailable(
                    f"{UNAVAILABLE_MESSAGE} (batas waktu {self.timeout:g} detik habis)."
                ) from exc
            logger.warning("esign-client %s: tidak terhubung (%s)", path, type(exc).__name__)
            raise BsreUnavailable(f"{UNAVAILABLE_MESSAGE}.") from exc
        finally:
            request.data = None
        logger.debug("esign-client %s: HTTP %s", path, status)
        body = _json_or_none(raw)
        if status >= 500:
            raise BsreUnavailable(f"{UNAVAILABLE_MESSAGE} (HTTP {status}).", http_status=status)
        error = _error_of(body)
        if error is None and status != 200:
            message = body.get("message") if isinstance(body, dict) else None
            error = (None, str(message or "")[:300])
        if error is not None:
            code, text = error
            if code in ERROR_MESSAGES:
                raise BsreRefused(ERROR_MESSAGES[code], code=code, http_status=status)
            if status == 401:
                raise BsreRefused(
                    "esign-client menolak akun aplikasi ini (HTTP 401). Admin: periksa BSRE_USERNAME dan "
                    "BSRE_PASSWORD.",
                    http_status=status,
                )
            detail = f" (kode {code})" if code is not None else f" (HTTP {status})"
            raise BsreRefused(
                f"Layanan TTE menolak permintaan{detail}: {text or 'tanpa keterangan'}", code=code,
                http_status=status,
            )  # fmt: skip
        if body is None:
            raise BsreProtocolError(f"Jawaban esign-client bukan JSON (HTTP {status}).", http_status=status)
        return body


def _json_or_none(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None


def _error_of(body: Any) -> tuple[int | None, str] | None:
    """``(code, text)`` when the JSON body says the call failed: an ``error`` member (with the code in
    ``status_code``, or ``code``), else ``None``."""
    if not isinstance(body, dict) or not body.get("error"):
        return None
    raw_code = body.get("status_code", body.get("code"))
    try:
        code = int(raw_code) if raw_code is not None else None
    except (TypeError, ValueError):
        code = None
    error = body.get("error")
    text = error if isinstance(error, str) else str(body.get("message") or "")
    return code, text[:300]


def _status_of(body: Any) -> str:
    if not isinstance(body, dict):
        return ""
    for candidate in (body.get("status"), body.get("userStatus"), (body.get("data") or {}).get("status")
                      if isinstance(body.get("data"), dict) else None):  # fmt: skip
        if isinstance(candidate, str) and candidate:
            return candidate.upper()
    return ""
