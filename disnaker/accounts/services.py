"""Writes for accounts: account requests and their decisions, initial passwords, password changes."""

from __future__ import annotations

import secrets
import string
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from disnaker.core.audit import audit_record
from disnaker.core.constants import AuditAction
from disnaker.core.formats import random_unambiguous
from disnaker.core.models import Office
from disnaker.core.uploads import private_files_purge, retention_cutoff
from disnaker.core.workflow import status_history_start, status_transition
from disnaker.notifications.services import outbox_enqueue

from .constants import ACCOUNT_REQUEST_TRANSITIONS, AccountRequestStatus, Role
from .models import AccountRequest, ApiToken, Company, User
from .selectors import API_TOKEN_PREFIX, api_token_digest, email_has_account


def _new_tracking_code() -> str:
    return f"AK-{random_unambiguous(4)}-{random_unambiguous(4)}"


def generate_initial_password(length: int = 14) -> str:
    """A random password with letters of both cases and digits, e-mailed once and changed at first login."""
    alphabet = string.ascii_letters + string.digits
    while True:
        password = "".join(secrets.choice(alphabet) for _ in range(length))
        if (
            any(c.islower() for c in password)
            and any(c.isupper() for c in password)
            and any(c.isdigit() for c in password)
        ):
            return password


def account_request_create(*, data: dict, office: Office, request=None) -> AccountRequest:
    """Save a company's account request with its four documents and e-mail the tracking code.

    ``data`` is the cleaned form data; the documents in it have already passed the upload checks.
    """
    for _attempt in range(5):
        tracking_code = _new_tracking_code()
        try:
            with transaction.atomic():
                account_request = AccountRequest.objects.create(
                    tracking_code=tracking_code,
                    office=office,
                    company_name=data["company_name"],
                    leader_name=data["leader_name"],
                    email=data["email"],
                    whatsapp=data["whatsapp"],
                    address=data["address"],
                    legal_form=data["legal_form"],
                    scale=data["scale"],
                    npwp=data["npwp"],
                    region=data["region"],
                    application_letter=data["application_letter"],
                    power_of_attorney=data["power_of_attorney"],
                    ktp_image=data["ktp_image"],
                    id_card_image=data["id_card_image"],
                    terms_accepted_at=timezone.now(),
                )
                status_history_start(obj=account_request, request=request, note=_("Permohonan akun dikirim."))
                outbox_enqueue(
                    to=account_request.email,
                    subject=_("Permohonan akun PECAK diterima — %(code)s")
                    % {"code": account_request.tracking_code},
                    template="account_request_received",
                    context={"account_request": account_request},
                )
                return account_request
        except IntegrityError:
            # A tracking code collided (about 1 in 10^12): draw another. Any other integrity error is real.
            if AccountRequest.objects.filter(tracking_code=tracking_code).exists():
                continue
            raise
    raise RuntimeError("Tidak dapat membuat kode lacak yang unik.")


def account_request_approve(*, account_request: AccountRequest, actor: User, request=None) -> User:
    """Approve: create the company and its user with a random initial password, and e-mail the login."""
    with transaction.atomic():
        account_request = AccountRequest.objects.select_for_update().get(pk=account_request.pk)
        if email_has_account(account_request.email):
            raise ValidationError(
                _("E-mail %(email)s sudah dipakai akun lain. Tolak permohonan ini dengan alasan tersebut.")
                % {"email": account_request.email}
            )
        company = Company.objects.create(
            name=account_request.company_name,
            leader_name=account_request.leader_name,
            email=account_request.email,
            whatsapp=account_request.whatsapp,
            address=account_request.address,
            legal_form=account_request.legal_form,
            scale=account_request.scale,
            npwp=account_request.npwp,
            region=account_request.region,
            office=account_request.office,
        )
        password = generate_initial_password()
        expires_at = timezone.now() + timedelta(days=settings.INITIAL_PASSWORD_VALID_DAYS)
        user = User.objects.create_user(
            email=account_request.email,
            password=password,
            full_name=account_request.leader_name,
            role=Role.COMPANY,
            company=company,
            must_change_password=True,
            password_expires_at=expires_at,
        )
        account_request.company = company
        account_request.decided_by = actor
        account_request.decided_at = timezone.now()
        status_transition(
            obj=account_request,
            to_status=AccountRequestStatus.APPROVED,
            transitions=ACCOUNT_REQUEST_TRANSITIONS,
            actor=actor,
            request=request,
            note=_("Akun perusahaan dibuat."),
            update_fields=["company", "decided_by", "decided_at"],
        )
        outbox_enqueue(
            to=user.email,
            subject=_("Akun PECAK Anda telah disetujui"),
            template="account_request_approved",
            context={
                "account_request": account_request,
                "login": user.email,
                "password": password,
                "expires_at": expires_at,
            },
        )
    return user


def account_request_reject(
    *, account_request: AccountRequest, actor: User, reason: str, request=None
) -> AccountRequest:
    """Reject with a reason, which is e-mailed to the applicant and shown by "Lacak Permohonan"."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Alasan penolakan wajib diisi."))
    with transaction.atomic():
        account_request = AccountRequest.objects.select_for_update().get(pk=account_request.pk)
        account_request.rejection_reason = reason
        account_request.decided_by = actor
        account_request.decided_at = timezone.now()
        status_transition(
            obj=account_request,
            to_status=AccountRequestStatus.REJECTED,
            transitions=ACCOUNT_REQUEST_TRANSITIONS,
            actor=actor,
            request=request,
            note=reason,
            update_fields=["rejection_reason", "decided_by", "decided_at"],
        )
        outbox_enqueue(
            to=account_request.email,
            subject=_("Permohonan akun PECAK ditolak — %(code)s") % {"code": account_request.tracking_code},
            template="account_request_rejected",
            context={"account_request": account_request, "reason": reason},
        )
    return account_request


def account_request_files_purge(*, now=None) -> int:
    """Delete the four documents (KTP and ID card images, letters) of account requests rejected more than
    ABANDONED_UPLOAD_RETENTION_DAYS ago. The request, its data and its history stay, so *Lacak Permohonan*
    and the office's list still show it. Returns how many requests lost their files. Never touches a
    request that is waiting or approved."""
    cutoff = retention_cutoff(now)
    fields = [name for name, _label in AccountRequest.DOCUMENTS]
    has_a_file = Q()
    for name in fields:
        has_a_file |= ~Q(**{name: ""})
    candidates = AccountRequest.objects.filter(
        has_a_file, status=AccountRequestStatus.REJECTED, decided_at__lt=cutoff
    ).values_list("pk", flat=True)
    purged = 0
    for pk in list(candidates):
        with transaction.atomic():
            locked = AccountRequest.objects.select_for_update().get(pk=pk)
            if locked.status == AccountRequestStatus.REJECTED and private_files_purge(
                obj=locked, fields=fields, reason="rejected"
            ):
                purged += 1
    return purged


def user_password_changed(*, user: User, request=None, via_reset: bool = False) -> None:
    """Clear the initial-password flags after the user has set a password of their own."""
    if user.must_change_password or user.password_expires_at:
        user.must_change_password = False
        user.password_expires_at = None
        user.save(update_fields=["must_change_password", "password_expires_at"])
    audit_record(
        action=AuditAction.PASSWORD_RESET_DONE if via_reset else AuditAction.PASSWORD_CHANGED,
        actor=user,
        request=request,
        obj=user,
    )


# --- API tokens ----------------------------------------------------------------------------------------


def _require_company_user(actor: User, company: Company) -> None:
    if not (actor.is_authenticated and actor.role == Role.COMPANY and actor.company_id == company.pk):
        raise PermissionDenied


def api_token_create(*, company: Company, actor: User, name: str, request=None) -> tuple[ApiToken, str]:
    """Create a token for the company. Returns the token and its secret, which is not stored anywhere:
    the caller shows it once; only its SHA-256 digest is kept."""
    _require_company_user(actor, company)
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Nama token wajib diisi."))
    prefix = secrets.token_hex(4)
    secret = f"{API_TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        now = timezone.now()
        token = ApiToken.objects.create(
            company=company,
            name=name,
            prefix=prefix,
            digest=api_token_digest(secret),
            created_by=actor,
            created_at=now,
            expires_at=now + timedelta(days=settings.API_TOKEN_VALID_DAYS),
        )
        audit_record(
            action=AuditAction.API_TOKEN_CREATED,
            actor=actor,
            obj=token,
            office=company.office,
            request=request,
            data={"name": name, "prefix": prefix, "expires_at": token.expires_at.isoformat()},
        )
    return token, secret


def api_token_revoke(*, token: ApiToken, actor: User, request=None) -> ApiToken:
    """Revoke a token: from now on a call with it answers 401. Revoking twice changes nothing."""
    _require_company_user(actor, token.company)
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().select_related("company").get(pk=token.pk)
        if token.revoked_at is not None:
            return token
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            action=AuditAction.API_TOKEN_REVOKED,
            actor=actor,
            obj=token,
            office=token.company.office,
            request=request,
            data={"name": token.name, "prefix": token.prefix},
        )
    return token
