"""A pyHanko signer made for signing many decrees with one key (issue 14: the speed of batch signing).

pyHanko's :class:`~pyhanko.sign.signers.SimpleSigner` parses its private key from DER on every raw signature,
and ``sign_pdf`` signs each file twice: once as a dry run to estimate the size of the CMS container, then for
real. For an RSA 2048 key that parse (with its consistency check) is about 28 ms, so a file cost about 56 ms
of key loading. :class:`KeptKeySigner` parses the key once, and :meth:`KeptKeySigner.bytes_reserved` gives
the space to reserve, so the dry run is skipped. The signatures are the same PAdES signatures.

No Django here: the BSrE simulator (``bsre/simulator.py``) signs with it too.
"""

from __future__ import annotations

import io
from functools import cached_property

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.metadata.model import VENDOR
from pyhanko.sign import signers
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

#: Room for what a CMS SignedData holds besides the certificates and the signature value: the signed
#: attributes (content type, digest, signing time, signing certificate v2, algorithm protection), the
#: algorithm identifiers and the ASN.1 framing. pyHanko's own dry run measures about 600 bytes of these.
_CMS_OVERHEAD = 2048


class KeptKeySigner(signers.SimpleSigner):
    """A :class:`~pyhanko.sign.signers.SimpleSigner` that keeps its private key parsed."""

    @classmethod
    def from_pkcs12(cls, data: bytes, password: bytes | None = None) -> KeptKeySigner:
        """Load a PKCS#12 (``ValueError`` if it cannot be opened, as pyHanko's loader)."""
        loaded = signers.SimpleSigner.load_pkcs12_data(data, (), password)
        return cls(
            signing_cert=loaded.signing_cert,
            signing_key=loaded.signing_key,
            cert_registry=loaded.cert_registry,
        )

    @cached_property
    def _private_key(self):
        return serialization.load_der_private_key(self.signing_key.dump(), password=None)

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        try:
            name = mechanism.signature_algo
        except ValueError:
            name = mechanism["algorithm"].native
        key = self._private_key
        if name == "rsassa_pkcs1v15" and isinstance(key, RSAPrivateKey):
            return key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
        return super().sign_raw(data, digest_algorithm)  # PSS, EC…: pyHanko's own path

    @cached_property
    def bytes_reserved(self) -> int:
        """Bytes to reserve in the PDF for the signature's CMS container (hex-encoded: twice its size), with
        the 50 % margin pyHanko's estimate adds. Without a timestamp the container holds only the signer's
        certificate, the chain, the signed attributes and one signature value, all of known size."""
        certs = [self.signing_cert, *self.cert_registry]
        key_bytes = (
            (self._private_key.key_size + 7) // 8 if isinstance(self._private_key, RSAPrivateKey) else 512
        )
        size = sum(len(cert.dump()) for cert in certs) + key_bytes + _CMS_OVERHEAD
        hex_size = 2 * size
        return hex_size + 2 * (hex_size // 4)


def incremental_writer(pdf: bytes) -> IncrementalPdfFileWriter:
    """pyHanko's writer for signing ``pdf``, keeping a PDF/A file's metadata consistent (ISO 19005-2, 6.6.3:
    the information dictionary and the XMP packet say the same).

    On writing, pyHanko sets the XMP ``pdf:Producer`` to "pyHanko x.y" but *appends* "; pyHanko x.y" to the
    information dictionary's ``/Producer``, so the two would differ. When the file has XMP metadata, the
    dictionary's producer is set to pyHanko's name first: pyHanko then keeps it, and both agree."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    info_ref = writer.trailer.raw_get("/Info") if "/Info" in writer.trailer else None
    if info_ref is not None and "/Metadata" in writer.root:
        info = info_ref.get_object()
        info["/Producer"] = generic.TextStringObject(VENDOR)
        writer.mark_update(info_ref)
    return writer
