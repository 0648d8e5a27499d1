from __future__ import annotations

from django.db.models import Case, Q, QuerySet, Value, When

from .constants import AccountRequestStatus, Role
from .models import AccountRequest, User


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
