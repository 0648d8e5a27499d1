"""X.509 certificates, with ``cryptography`` only (no Django): the development signing key of decrees
(``decrees.signing``), the loopback TLS certificate of the deployment test (``deploy.loopback``), and the
BSrE simulator's test certificate authority with the signer certificates it issues (``decrees.bsre``)."""

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
    return issued_by(key.public_key(), name, issuer_key=key, issuer_name=name, valid_for=valid_for,
                     extensions=extensions)  # fmt: skip


def issued_by(
    public_key,
    name: x509.Name,
    *,
    issuer_key,
    issuer_name: x509.Name,
    valid_for: datetime.timedelta,
    extensions: Iterable[tuple[x509.ExtensionType, bool]] = (),
) -> x509.Certificate:
    """A certificate of ``name`` for ``public_key``, signed by ``issuer_key`` in the name of ``issuer_name``
    (SHA-256), valid from five minutes ago (clock skew) for ``valid_for``."""
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(issuer_name)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + valid_for)
    )
    for extension, critical in extensions:
        builder = builder.add_extension(extension, critical=critical)
    return builder.sign(issuer_key, hashes.SHA256())
