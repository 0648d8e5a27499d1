"""Path converters for the tokens in public links, each with the exact alphabet and length its generator makes.

A URL whose token could never have been issued (a NUL byte, a space, the wrong length) matches no route, so
it never reaches a database query. ``<str:token>`` would hand PostgreSQL whatever the path held.
"""

from __future__ import annotations

from django.urls import register_converter


class _Converter:
    regex = ""

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class UrlsafeToken43Converter(_Converter):
    """``secrets.token_urlsafe(32)``: 32 random bytes in unpadded URL-safe base64, always 43 characters.
    Decree verification tokens (``decrees.services``) and BKK revision tokens (``placement.services``)."""

    regex = r"[A-Za-z0-9_-]{43}"


class SignedTokenConverter(_Converter):
    """``django.core.signing.dumps(..., compress=True)`` with a timestamp (the PAK invitation): an optional
    "." (compressed), the payload in URL-safe base64, ":", the timestamp in base62, ":", the HMAC-SHA256 in
    URL-safe base64 (43 characters). The payload names a user id and 16 characters of the password hash,
    under 100 characters even for the largest id."""

    regex = r"\.?[A-Za-z0-9_-]{1,100}:[0-9A-Za-z]{1,10}:[A-Za-z0-9_-]{43}"


class UidB64Converter(_Converter):
    """Django's password reset ``uidb64``: the user's id in unpadded URL-safe base64 (2–26 characters for
    a 64-bit id)."""

    regex = r"[A-Za-z0-9_-]{2,26}"


class PasswordResetTokenConverter(_Converter):
    """Django's ``PasswordResetTokenGenerator``: a base36 timestamp, "-", 32 hex digits (every second digit
    of an HMAC-SHA256). After the first visit Django swaps it for the literal ``set-password`` (the real
    token moves into the session), so that word is a valid value too."""

    regex = r"(?:set-password|[0-9a-z]{1,13}-[0-9a-f]{32})"


register_converter(UrlsafeToken43Converter, "token43")
register_converter(SignedTokenConverter, "signed_token")
register_converter(UidB64Converter, "uidb64")
register_converter(PasswordResetTokenConverter, "reset_token")
