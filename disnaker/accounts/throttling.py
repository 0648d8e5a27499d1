"""Login throttling on top of django-axes, and the counter for wrong verification codes.

Three locks, none permanent:

* **e-mail + address** (django-axes): ``AXES_FAILURE_LIMIT`` wrong passwords for one e-mail from one client
  address lock that pair for ``AXES_COOLOFF_TIME``, counted from the failure that locked it.
* **account** (``disnaker.core.ratelimit``): ``LOGIN_ACCOUNT_FAILURE_LIMIT`` wrong passwords for one e-mail
  from any number of addresses within one ``LOGIN_ACCOUNT_COOLOFF_MINUTES`` window lock the account until
  that window ends, so many addresses cannot keep guessing one password.
* **verification code**: ``LOGIN_OTP_FAILURE_LIMIT`` wrong codes within one ``LOGIN_OTP_COOLOFF_MINUTES``
  window stop the second step for that user until the window ends.

Attempts during a lock are refused without being counted, so they never extend it. A completed password
reset lifts the first two (the third guards the phone, which a reset e-mail does not prove).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address, get_client_username, get_cool_off
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from axes.utils import reset as axes_reset
from django.conf import settings
from django.db.models import Max, Sum
from django.http import HttpRequest
from django.utils import timezone

from disnaker.core import ratelimit

ACCOUNT_SCOPE = "login-account"
OTP_SCOPE = "login-otp"


# --- Who is counted --------------------------------------------------------------------------------------------
def axes_username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """``AXES_USERNAME_CALLABLE``: the account an attempt is for, spelled one way.

    Sign-in matches the e-mail case-insensitively (``email__iexact``), so every spelling of an address that
    reaches the same account must be counted as that account: the stored e-mail when one matches the way
    sign-in matches it, otherwise the typed e-mail stripped and lower-cased.
    """
    if credentials:
        raw = credentials.get(settings.AXES_USERNAME_FORM_FIELD)
    else:
        raw = getattr(request, "POST", {}).get(settings.AXES_USERNAME_FORM_FIELD)
    if raw is None:
        return None
    typed = str(raw).strip()[:254]
    if not typed:
        return None
    # Called several times per attempt: look the account up once per request.
    cache = getattr(request, "_login_usernames", None)
    if cache is None:
        cache = {}
        if request is not None:
            request._login_usernames = cache
    if typed not in cache:
        from .models import User

        stored = (
            User.objects.filter(email__iexact=typed).order_by("pk").values_list("email", flat=True).first()
        )
        cache[typed] = (stored or typed).lower()
    return cache[typed]


# --- The per-account counter -------------------------------------------------------------------------------------
def _account_window() -> int:
    return settings.LOGIN_ACCOUNT_COOLOFF_MINUTES * 60


def account_lock_seconds(username: str | None) -> int:
    """Seconds left of the account lock on ``username``, 0 when it is not locked."""
    if not username:
        return 0
    window = _account_window()
    failures = ratelimit.peek(scope=ACCOUNT_SCOPE, subject=username, window=window)
    if failures < settings.LOGIN_ACCOUNT_FAILURE_LIMIT:
        return 0
    return ratelimit.seconds_left(window=window)


def _account_failure(username: str) -> bool:
    """Count one wrong password for the account; ``True`` when this one reaches the limit."""
    limit = settings.LOGIN_ACCOUNT_FAILURE_LIMIT
    ratelimit.hit(scope=ACCOUNT_SCOPE, subject=username, limit=limit, window=_account_window())
    return ratelimit.peek(scope=ACCOUNT_SCOPE, subject=username, window=_account_window()) >= limit


def pair_lock_seconds(request: HttpRequest, username: str | None) -> int:
    """Seconds left of django-axes' lock on (``username``, this client address), 0 when it is not locked."""
    if not username:
        return 0
    ip_address = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
    threshold = timezone.now() - get_cool_off(request)
    totals = AccessAttempt.objects.filter(
        username=username, ip_address=ip_address, attempt_time__gte=threshold
    ).aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    if (totals["failures"] or 0) < settings.AXES_FAILURE_LIMIT:
        return 0
    left = (totals["last"] + get_cool_off(request) - timezone.now()).total_seconds()
    return max(1, math.ceil(left))


@dataclass(frozen=True)
class LoginLock:
    kind: str  # "pair" or "account"
    seconds: int

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.seconds / 60))


def login_lock(request: HttpRequest, credentials: dict | None = None) -> LoginLock | None:
    """The lock that holds this attempt back (the longer one when both do), or ``None``."""
    username = axes_username(request, credentials)
    locks = [
        LoginLock("account", account_lock_seconds(username)),
        LoginLock("pair", pair_lock_seconds(request, username)),
    ]
    locks = [lock for lock in locks if lock.seconds > 0]
    return max(locks, key=lambda lock: lock.seconds) if locks else None


def login_locks_clear(*, username: str) -> dict:
    """Lift both password locks on ``username`` (every address). Returns what there was to lift."""
    username = username.strip().lower()
    attempts = axes_reset(username=username)
    account = ratelimit.clear(scope=ACCOUNT_SCOPE, subject=username, window=_account_window())
    return {"attempts": attempts, "account": account}


class LoginThrottleHandler(AxesDatabaseHandler):
    """django-axes' database handler plus the per-account lock.

    ``AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT`` is off, so an attempt refused by a lock reaches
    ``user_login_failed`` with ``request.axes_locked_out`` already set and is not recorded; the account
    counter follows the same rule.
    """

    def is_locked(self, request, credentials=None) -> bool:
        if super().is_locked(request, credentials):
            return True
        return account_lock_seconds(get_client_username(request, credentials)) > 0

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        if request is None:
            return super().user_login_failed(sender, credentials, request, **kwargs)
        during_lock = bool(getattr(request, "axes_locked_out", False))
        # Lets the audit receiver tell a lock that starts now from an attempt refused during one.
        request.login_lock_ongoing = during_lock
        super().user_login_failed(sender, credentials, request, **kwargs)
        if during_lock:
            return
        username = get_client_username(request, credentials)
        if username and _account_failure(username) and not request.axes_locked_out:
            request.axes_locked_out = True
            request.axes_credentials = credentials
            request.login_lock_kind = "account"
            user_locked_out.send(
                "axes", request=request, username=username, ip_address=request.axes_ip_address
            )


# --- Wrong verification codes ------------------------------------------------------------------------------------
def _otp_window() -> int:
    return settings.LOGIN_OTP_COOLOFF_MINUTES * 60


def _otp_subject(user) -> str:
    return f"user:{user.pk}"


def otp_lock_seconds(user) -> int:
    """Seconds left before ``user`` may enter a verification code again, 0 when not locked."""
    window = _otp_window()
    if ratelimit.peek(scope=OTP_SCOPE, subject=_otp_subject(user), window=window) < (
        settings.LOGIN_OTP_FAILURE_LIMIT
    ):
        return 0
    return ratelimit.seconds_left(window=window)


def otp_failure(user) -> int:
    """Count one wrong code for ``user``; returns how many more may be tried in this window (0: locked)."""
    limit = settings.LOGIN_OTP_FAILURE_LIMIT
    ratelimit.hit(scope=OTP_SCOPE, subject=_otp_subject(user), limit=limit, window=_otp_window())
    used = ratelimit.peek(scope=OTP_SCOPE, subject=_otp_subject(user), window=_otp_window())
    return max(0, limit - used)


def otp_failures_clear(user) -> None:
    ratelimit.clear(scope=OTP_SCOPE, subject=_otp_subject(user), window=_otp_window())
