"""Self-signed X.509 certificates, with ``cryptography`` only (no Django): the development signing key of
decrees (``decrees.signing``) and the loopback TLS certificate of the deployment test (``deploy.loopback``)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from cryptography import x509
from cryptography.hazmat.primitives import hashes


def self_signed(
    key,
    name: x509.Name,
    *,
    valid_for: datetime.timedelta,
    extensions: Iterable[tuple[x509.ExtensionType, bool]] = (),
) -> x509.Certificate:
    """A certificate of ``name`` signed by its own ``key`` (SHA-256), valid from five minutes ago (clock skew)
    for ``valid_for``, with ``extensions`` as ``(extension, critical)`` pairs."""
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + valid_for)
    )
    for extension, critical in extensions:
        builder = builder.add_extension(extension, critical=critical)
    return builder.sign(key, hashes.SHA256())
