"""Account pages, one module per audience: ``auth`` (sign-in, lockout, two-factor), ``password`` (change and
reset), ``account_request`` (the public request and tracking), ``office`` (the office's review of requests)
and ``company`` (the company's settings and API tokens); the dashboard is the portal's
(``disnaker.portal.views``). This package re-exports their public names, so dotted paths such as ``disnaker.accounts.views.lockout_response``
(``AXES_LOCKOUT_CALLABLE``) keep working."""

from .account_request import (
    REQUEST_TEMPLATE,
    account_request_create,
    account_request_sent,
    account_request_track,
    terms,
)
from .auth import (
    LoginView,
    LogoutView,
    lockout_message,
    lockout_response,
    otp_enrol,
    otp_verify,
    two_factor,
)
from .company import (
    api_token_revoke,
    company_settings,
)
from .office import (
    account_request_decide,
    account_request_detail,
    account_request_document,
    account_request_queue,
)
from .password import (
    PasswordChangeView,
    PasswordResetCompleteView,
    PasswordResetConfirmView,
    PasswordResetDoneView,
    PasswordResetView,
    password_reset_link_invalid,
)

__all__ = [
    "LoginView",
    "LogoutView",
    "PasswordChangeView",
    "PasswordResetCompleteView",
    "PasswordResetConfirmView",
    "PasswordResetDoneView",
    "PasswordResetView",
    "REQUEST_TEMPLATE",
    "account_request_create",
    "account_request_decide",
    "account_request_detail",
    "account_request_document",
    "account_request_queue",
    "account_request_sent",
    "account_request_track",
    "api_token_revoke",
    "company_settings",
    "lockout_message",
    "lockout_response",
    "otp_enrol",
    "otp_verify",
    "password_reset_link_invalid",
    "terms",
    "two_factor",
]
