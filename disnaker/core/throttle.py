"""What anonymous visitors may make the portal do, and how a refusal looks.

Built on :mod:`disnaker.core.ratelimit` (the counters); the numbers are settings:

- ``PUBLIC_FORM_RATE_LIMIT_PER_IP_HOUR``: submissions of one public form per client IP and hour;
- ``PUBLIC_EMAIL_RATE_LIMIT_PER_RECIPIENT_HOUR``: e-mails that public forms (and re-sent invitations) cause
  to one address per hour, one counter for all of them so the forms cannot be combined to flood an inbox;
- ``CAPTCHA_RATE_LIMIT_PER_IP_HOUR``: image-captcha challenges (a database row each) per client IP and hour.

A refused form answers 429 with the form again, a message saying when to try again and ``Retry-After``.
Each refusal is audited as RATE_LIMITED, once per scope, client and window: a flood of refused requests
must not turn into a flood of audit rows. The audit entry names the scope only, never the e-mail address.
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from . import ratelimit
from .audit import audit_record, client_ip
from .constants import AuditAction

HOUR = 3600


def retry_after(window: int = HOUR) -> int:
    """Seconds until the current window of :mod:`ratelimit` ends, i.e. when a refused client may try again
    (the counters are fixed windows aligned on ``time.time() // window``)."""
    return window - int(time.time()) % window


def public_form_allowed(request: HttpRequest, *, scope: str) -> bool:
    """Count one submission of the public form ``scope`` from this client IP."""
    return ratelimit.allow(
        request, scope=f"public-form:{scope}", limit=settings.PUBLIC_FORM_RATE_LIMIT_PER_IP_HOUR, window=HOUR
    )


def recipient_allowed(email: str) -> bool:
    """Count one e-mail to ``email`` caused by a public form; ``False`` once it had too many this hour."""
    return ratelimit.hit(
        scope="public-email",
        subject=(email or "").strip().lower(),
        limit=settings.PUBLIC_EMAIL_RATE_LIMIT_PER_RECIPIENT_HOUR,
        window=HOUR,
    )


def captcha_allowed(request: HttpRequest) -> bool:
    """Count one new captcha challenge (one ``CaptchaStore`` row) for this client IP."""
    return ratelimit.allow(
        request, scope="captcha", limit=settings.CAPTCHA_RATE_LIMIT_PER_IP_HOUR, window=HOUR
    )


def wait_message(seconds: int, *, what: str = "") -> str:
    """ "Coba lagi dalam 12 menit (pukul 14.05 WIB)." with ``what`` said first, in Indonesian."""
    minutes = max(1, (seconds + 59) // 60)
    at = timezone.localtime(timezone.now() + timedelta(seconds=seconds))
    when = _("Coba lagi dalam %(minutes)d menit (pukul %(time)s WIB).") % {
        "minutes": minutes,
        "time": time_format(at, "TIME_FORMAT"),
    }
    what = what or _("Terlalu banyak permintaan dari alamat internet Anda dalam satu jam terakhir.")
    return f"{what} {when}"


def record_rate_limited(request: HttpRequest, *, scope: str, window: int = HOUR) -> None:
    """Audit a refusal, at most once per scope, client IP and window."""
    if ratelimit.hit(
        scope=f"rate-limited-audit:{scope}", subject=client_ip(request) or "unknown", limit=1, window=window
    ):
        audit_record(action=AuditAction.RATE_LIMITED, request=request, data={"scope": scope})


def form_initial(request: HttpRequest) -> dict[str, str]:
    """What the visitor typed, to show the form again without validating it (no files, no captcha)."""
    return {
        key: value
        for key, value in request.POST.items()
        if key != "csrfmiddlewaretoken" and not key.startswith("captcha")
    }


def rate_limited_response(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    scope: str,
    message: str = "",
    window: int = HOUR,
) -> HttpResponse:
    """The page again with status 429, ``Retry-After`` and ``rate_limit_message`` (shown by
    ``includes/form_errors.html``); the refusal is audited."""
    seconds = retry_after(window)
    record_rate_limited(request, scope=scope, window=window)
    context = {**context, "rate_limit_message": wait_message(seconds, what=message)}
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(seconds)
    return response
