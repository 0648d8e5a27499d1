"""Who is calling: an API token (``Authorization: Bearer dk_…``) or the company's browser session.

A request that carries an ``Authorization`` header is decided by the token alone: an unknown, revoked or
expired token, or one whose creator was deactivated, answers 401 even if a session cookie came along. Every
authenticated call counts against API_RATE_LIMIT_PER_MINUTE for its user (429 beyond it). A session must pass Django's CSRF check, since a
browser sends its cookie to any site's form; a token cannot be sent by another site, so it needs none.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from disnaker.accounts.selectors import ApiTokenRefusal, api_token_check
from disnaker.core import ratelimit
from disnaker.core.throttle import record_rate_limited, retry_after

#: The API's counting window (seconds); the limit per window is API_RATE_LIMIT_PER_MINUTE.
API_RATE_WINDOW = 60


class ApiRateLimited(Exception):
    """Too many calls by one user in the current minute; answered 429 with ``Retry-After``."""

    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        super().__init__(retry_after)


def _count_call(request: HttpRequest, user) -> None:
    """One call by ``user`` (a token acts as its creator, so all of a user's tokens and their session share
    one budget: making more tokens does not buy more calls)."""
    if not ratelimit.hit(
        scope="api",
        subject=f"user:{user.pk}",
        limit=settings.API_RATE_LIMIT_PER_MINUTE,
        window=API_RATE_WINDOW,
    ):
        record_rate_limited(request, scope="api", window=API_RATE_WINDOW)
        raise ApiRateLimited(retry_after(API_RATE_WINDOW))


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
        check = api_token_check(token)
        if check.refusal == ApiTokenRefusal.EXPIRED:
            raise AuthenticationError(
                message=_("Token API sudah kedaluwarsa sejak %(date)s. Buat token baru di menu Pengaturan.")
                % {"date": timezone.localtime(check.token.expires_at).strftime("%d/%m/%Y")}
            )
        if check.refusal == ApiTokenRefusal.CREATOR_INACTIVE:
            raise AuthenticationError(
                message=_(
                    "Token API tidak berlaku lagi karena akun pembuatnya sudah nonaktif. Buat token baru "
                    "di menu Pengaturan dengan akun yang aktif."
                )
            )
        if check.user is None:
            raise AuthenticationError(message=_("Token API tidak dikenal atau sudah dicabut."))
        _count_call(request, check.user)
        return check.user


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
        if not request.user.is_authenticated:
            return None
        _count_call(request, request.user)
        return request.user
