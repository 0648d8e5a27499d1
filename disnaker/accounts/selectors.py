from __future__ import annotations

import hashlib
from datetime import timedelta

from django.db.models import Case, Q, QuerySet, Value, When
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from disnaker.core.models import AuditLog, StatusChange

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
    if user.role in (Role.VERIFIER, Role.HEAD) and user.office_id:
        return qs.filter(office_id=user.office_id)
    if user.role == Role.ADMIN:
        return qs
    return qs.none()


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


def api_token_authenticate(secret: str) -> User | None:
    """The company user an API call with this secret acts as, or None for an unknown or revoked token.

    The secret is never compared directly: its SHA-256 digest is looked up through the unique index, so
    the comparison does not leak, character by character, how much of a guess was right.
    """
    secret = (secret or "").strip()
    if not secret.startswith(API_TOKEN_PREFIX) or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.filter(digest=api_token_digest(secret), revoked_at__isnull=True)
        .select_related("created_by")
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or token.last_used_at <= now - API_TOKEN_TOUCH_INTERVAL:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    creator = token.created_by
    if creator.is_active and creator.role == Role.COMPANY and creator.company_id == token.company_id:
        return creator
    return (
        User.objects.filter(company_id=token.company_id, role=Role.COMPANY, is_active=True)
        .order_by("pk")
        .first()
    )


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
