"""Who is calling: an API token (``Authorization: Bearer dk_…``) or the company's browser session.

A request that carries an ``Authorization`` header is decided by the token alone: an unknown or revoked
token answers 401 even if a session cookie came along. A session must pass Django's CSRF check, since a
browser sends its cookie to any site's form; a token cannot be sent by another site, so it needs none.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from disnaker.accounts.selectors import api_token_authenticate


class ApiTokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``; the token is created under Pengaturan → Token API."""

    def __call__(self, request: HttpRequest) -> Any | None:
        header = request.headers.get(self.header)
        if not header:
            return None
        scheme, _sep, secret = header.partition(" ")
        if scheme.lower() != self.openapi_scheme:
            raise AuthenticationError(message=_("Header Authorization harus berbentuk 'Bearer <token>'."))
        return self.authenticate(request, secret.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = api_token_authenticate(token)
        if user is None:
            raise AuthenticationError(message=_("Token API tidak dikenal atau sudah dicabut."))
        return user


class SessionCsrfAuth(APIKeyCookie):
    """The Django session of a signed-in user, with the CSRF token required (header ``X-CSRFToken``)."""

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> Any | None:
        # No signed-in user: nothing to protect, and the answer is 401 rather than a CSRF 403.
        if not request.user.is_authenticated:
            return None
        if self.csrf and check_csrf(request):
            raise HttpError(403, _("Pemeriksaan CSRF gagal: kirim header X-CSRFToken bersama sesi login."))
        return self.authenticate(request, request.COOKIES.get(self.param_name))

    def authenticate(self, request: HttpRequest, key: str | None) -> Any | None:
        return request.user if request.user.is_authenticated else None
