from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Case, Q, QuerySet, Value, When
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from disnaker.core.constants import OfficeReach
from disnaker.core.models import AuditLog, StatusChange
from disnaker.core.selectors import office_scope

from .constants import AccountRequestStatus, Role
from .models import AccountRequest, ApiToken, User

#: Every secret starts with this; anything else is not one of our tokens.
API_TOKEN_PREFIX = "dk_"  # noqa: S105 (a label, not a secret)
#: ``last_used_at`` is written at most this often per token, so busy clients do not write on every call.
API_TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)


def account_requests_for(*, user) -> QuerySet[AccountRequest]:
    """Account requests the user may see: their office's for office staff, all for the admin."""
    qs = AccountRequest.objects.select_related("office", "region", "decided_by")
    if not user.is_authenticated:
        return qs.none()
    if user.role == Role.ADMIN:
        return qs
    if user.office_reach != OfficeReach.OFFICE:  # a company's request is its kab/kota office's business
        return qs.none()
    return qs.filter(office_scope(user, "office"))


def account_request_queue(*, user, status: str = "", query: str = "") -> QuerySet[AccountRequest]:
    qs = account_requests_for(user=user)
    if status:
        qs = qs.filter(status=status)
    if query:
        qs = qs.filter(
            Q(company_name__icontains=query)
            | Q(tracking_code__iexact=query.strip())
            | Q(email__iexact=query.strip())
        )
    # Waiting requests first, oldest first, so the verifier works from the top.
    waiting_first = Case(When(status=AccountRequestStatus.SUBMITTED, then=Value(0)), default=Value(1))
    return qs.annotate(waiting_first=waiting_first).order_by("waiting_first", "created_at")


def account_request_track(*, tracking_code: str, email: str) -> AccountRequest | None:
    """The public "Lacak Permohonan": both the code and the e-mail must match."""
    return (
        AccountRequest.objects.filter(
            tracking_code__iexact=tracking_code.strip(), email__iexact=email.strip()
        )
        .select_related("office")
        .first()
    )


def email_has_account(email: str) -> bool:
    """An e-mail is a login: a request whose e-mail already has an account cannot be approved."""
    return User.objects.filter(email__iexact=email).exists()


# --- API tokens ----------------------------------------------------------------------------------------


def api_token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def api_tokens_for(*, user) -> QuerySet[ApiToken]:
    """The tokens a user may see and revoke: their own company's, and only for company users."""
    if not user.is_authenticated or user.role != Role.COMPANY or not user.company_id:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(company_id=user.company_id).select_related("created_by")


class ApiTokenRefusal:
    """Why a secret authenticates nobody; the API says which, so the company knows what to do."""

    UNKNOWN = "unknown"
    REVOKED = "revoked"
    EXPIRED = "expired"
    CREATOR_INACTIVE = "creator_inactive"


@dataclass(frozen=True)
class ApiTokenCheck:
    user: User | None
    token: ApiToken | None = None
    refusal: str = ""


def api_token_check(secret: str) -> ApiTokenCheck:
    """The company user an API call with this secret acts as, or why it acts as nobody.

    A token acts as its creator only: when the creator is deactivated (or leaves the company) the token
    stops working, even if colleagues still have accounts. The secret is never compared directly: its
    SHA-256 digest is looked up through the unique index, so the comparison does not leak, character by
    character, how much of a guess was right.
    """
    secret = (secret or "").strip()
    if not secret.startswith(API_TOKEN_PREFIX) or len(secret) > 200:
        return ApiTokenCheck(user=None, refusal=ApiTokenRefusal.UNKNOWN)
    token = ApiToken.objects.filter(digest=api_token_digest(secret)).select_related("created_by").first()
    if token is None:
        return ApiTokenCheck(user=None, refusal=ApiTokenRefusal.UNKNOWN)
    if token.revoked_at is not None:
        return ApiTokenCheck(user=None, token=token, refusal=ApiTokenRefusal.REVOKED)
    if token.is_expired:
        return ApiTokenCheck(user=None, token=token, refusal=ApiTokenRefusal.EXPIRED)
    if not token.is_active:
        return ApiTokenCheck(user=None, token=token, refusal=ApiTokenRefusal.CREATOR_INACTIVE)
    now = timezone.now()
    if token.last_used_at is None or token.last_used_at <= now - API_TOKEN_TOUCH_INTERVAL:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return ApiTokenCheck(user=token.created_by, token=token)


def api_token_authenticate(secret: str) -> User | None:
    """The user a secret acts as (its creator), or None; :func:`api_token_check` says why not."""
    return api_token_check(secret).user


# --- Two-factor devices ---------------------------------------------------------------------------------------
def otp_device_for(*, user) -> TOTPDevice | None:
    """The user's confirmed TOTP device (one per user: enrolment replaces nothing, an admin removes it)."""
    if not user.is_authenticated:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def user_has_history(user: User) -> bool:
    """Whether ``user`` acted in an audit entry or a status change. Such a user is deactivated, never deleted:
    those rows keep naming who did what (their foreign keys PROTECT the user)."""
    return AuditLog.objects.filter(actor=user).exists() or StatusChange.objects.filter(actor=user).exists()


def account_requests_count(*, user, status: str) -> int:
    """How many account requests the user sees with ``status`` (the dashboard's figure)."""
    return account_requests_for(user=user).filter(status=status).count()
