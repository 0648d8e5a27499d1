"""Who may do what. Scoping of *which* rows a user sees lives in ``selectors``."""

from __future__ import annotations

from .constants import Role


def is_company_user(user) -> bool:
    return bool(user.is_authenticated and user.role == Role.COMPANY)


def may_use_two_factor(user) -> bool:
    """Who may enrol a TOTP device: the admin site's users, admins, and the office staff who decide and sign."""
    return bool(
        user.is_authenticated and (user.is_staff or user.role in (Role.ADMIN, Role.VERIFIER, Role.HEAD))
    )


def is_office_staff(user) -> bool:
    return bool(user.is_authenticated and user.role in (Role.VERIFIER, Role.HEAD) and user.office_id)


def can_review_account_requests(user) -> bool:
    return is_office_staff(user) or (user.is_authenticated and user.role == Role.ADMIN)


def can_decide_account_request(user, account_request) -> bool:
    return bool(
        user.is_authenticated and user.role == Role.VERIFIER and user.office_id == account_request.office_id
    )


def can_view_account_request_documents(user, account_request) -> bool:
    """Documents (KTP, letters) are personal data: only staff of the deciding office may open them."""
    return is_office_staff(user) and user.office_id == account_request.office_id


def two_factor_required(user) -> bool:
    """Must this user pass a TOTP code after the password? Always for admins and anyone with admin-site access;
    for verifiers and heads when their office asks for it (``Office.two_factor_required``)."""
    if not user.is_authenticated:
        return False
    if user.role == Role.ADMIN or user.is_staff or user.is_superuser:
        return True
    return bool(is_office_staff(user) and user.office.two_factor_required)


def can_remove_two_factor_devices(user) -> bool:
    """Removing a device (a lost phone) lets the next sign-in enrol a new one: only admins."""
    return bool(user.is_authenticated and (user.role == Role.ADMIN or user.is_superuser))
