"""Writes for accounts: account requests and their decisions, initial passwords, password changes."""

from __future__ import annotations

import secrets
import string
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from disnaker.core.audit import audit_record, denials_audited, deny
from disnaker.core.constants import AuditAction
from disnaker.core.flows import lock_for_step, run_step
from disnaker.core.formats import random_unambiguous
from disnaker.core.models import Office
from disnaker.core.uploads import rejected_files_purge, retention_cutoff
from disnaker.core.workflow import TransitionNotAllowed, status_history_start, status_transition
from disnaker.notifications.services import outbox_enqueue

from .constants import ACCOUNT_REQUEST_FLOW, AccountRequestStatus, Role
from .models import AccountRequest, ApiToken, Company, User
from .permissions import can_remove_two_factor_devices
from .selectors import API_TOKEN_PREFIX, api_token_digest, email_has_account, otp_device_for
from .throttling import login_locks_clear, otp_failure, otp_failures_clear, otp_lock_seconds

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


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


#: The company's particulars an account request carries, copied to the company when it is approved.
COMPANY_FIELDS = ("leader_name", "email", "whatsapp", "address", "legal_form", "scale", "npwp", "region")
#: The four documents of an account request.
REQUEST_DOCUMENTS = ("application_letter", "power_of_attorney", "ktp_image", "id_card_image")


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
                    **{name: data[name] for name in (*COMPANY_FIELDS, *REQUEST_DOCUMENTS)},
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


def account_request_created(account_request: AccountRequest, *, actor: User, **_extra) -> list[str]:
    """The effect of approving (``ACCOUNT_REQUEST_FLOW``): create the company and its user with a random
    initial password, and e-mail the login to the applicant."""
    if email_has_account(account_request.email):
        raise ValidationError(
            _("E-mail %(email)s sudah dipakai akun lain. Tolak permohonan ini dengan alasan tersebut.")
            % {"email": account_request.email}
        )
    company = Company.objects.create(
        name=account_request.company_name,
        **{name: getattr(account_request, name) for name in COMPANY_FIELDS},
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
    return ["company", "decided_by", "decided_at"]


def account_request_refused(
    account_request: AccountRequest, *, actor: User, note: str, **_extra
) -> list[str]:
    """The effect of rejecting: the reason is kept for "Lacak Permohonan" and e-mailed to the applicant."""
    account_request.rejection_reason = note
    account_request.decided_by = actor
    account_request.decided_at = timezone.now()
    return ["rejection_reason", "decided_by", "decided_at"]


@denials_audited
def account_request_approve(*, account_request: AccountRequest, actor: User, request=None) -> User:
    """Approve: create the company and its user with a random initial password, and e-mail the login. The
    ``setujui`` step of ``ACCOUNT_REQUEST_FLOW`` is this service's own (``own_service``): it locks and checks
    the actor as every step does, then creates the accounts before the status moves."""
    step = ACCOUNT_REQUEST_FLOW.step("setujui")
    with transaction.atomic():
        locked = lock_for_step(
            flow=ACCOUNT_REQUEST_FLOW, step=step, obj=account_request, actor=actor, request=request
        )
        if locked.status not in step.source:
            raise TransitionNotAllowed(locked, locked.status, step.target)
        update_fields = account_request_created(locked, actor=actor)
        status_transition(
            obj=locked,
            to_status=step.target,
            transitions=ACCOUNT_REQUEST_FLOW.transitions,
            actor=actor,
            note=str(step.default_note),
            request=request,
            update_fields=update_fields,
        )
    return User.objects.get(company=locked.company, email=locked.email)


@denials_audited
def account_request_reject(
    *, account_request: AccountRequest, actor: User, reason: str = "", note: str = "", request=None
) -> AccountRequest:
    """Reject with a reason, which is e-mailed to the applicant and shown by "Lacak Permohonan"."""
    return run_step(
        flow=ACCOUNT_REQUEST_FLOW,
        step="tolak",
        obj=account_request,
        actor=actor,
        note=reason or note,
        request=request,
    )


def _end_sessions(user: User) -> None:
    """Delete the user's stored sessions. Only database sessions can be searched by user; whatever the engine,
    Django's ``ModelBackend`` refuses an inactive user on the next request, which ends the session anyway."""
    if settings.SESSION_ENGINE not in (
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    ):
        return
    from django.contrib.sessions.models import Session

    mine = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    Session.objects.filter(pk__in=mine).delete()


@denials_audited
def user_deactivate(*, user: User, actor: User | AnonymousUser, request=None) -> User:
    """End an account without deleting it (the admin's *Nonaktifkan pengguna*, or clearing *aktif*): the user
    can no longer log in, their open sessions end, and every audit and status row they wrote keeps naming
    them. Deactivating an inactive user changes nothing and writes nothing."""
    if not (actor.is_authenticated and actor.is_active and actor.has_perm("accounts.change_user")):
        deny(actor=actor, obj=user, request=request)
    if user.pk == actor.pk:
        raise ValidationError(_("Anda tidak dapat menonaktifkan akun Anda sendiri."), code="self")
    with transaction.atomic():
        changed = User.objects.filter(pk=user.pk, is_active=True).update(is_active=False)
        user.is_active = False
        if changed:
            audit_record(action=AuditAction.USER_DEACTIVATED, actor=actor, obj=user, request=request)
            _end_sessions(user)
    return user


def account_request_files_purge(*, now=None) -> int:
    """Delete the four documents (KTP and ID card images, letters) of account requests rejected more than
    ABANDONED_UPLOAD_RETENTION_DAYS ago. The request, its data and its history stay, so *Lacak Permohonan*
    and the office's list still show it. Returns how many requests lost their files. Never touches a
    request that is waiting or approved."""
    return rejected_files_purge(
        queryset=AccountRequest.objects.filter(
            status=AccountRequestStatus.REJECTED, decided_at__lt=retention_cutoff(now)
        ),
        fields=[name for name, _label in AccountRequest.DOCUMENTS],
        status=AccountRequestStatus.REJECTED,
    )


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
    if via_reset:
        user_login_unlock(user=user, request=request)


def user_login_unlock(*, user: User, request=None) -> bool:
    """Lift the password locks on ``user``'s e-mail, from every address. The lockout message sends a locked
    user to "Lupa Kata Sandi?", so a completed reset must let him in. Returns whether there was a lock."""
    lifted = login_locks_clear(username=user.email)
    if lifted["attempts"] or lifted["account"]:
        audit_record(action=AuditAction.LOGIN_UNLOCKED, actor=user, request=request, obj=user, data=lifted)
        return True
    return False


# --- API tokens ----------------------------------------------------------------------------------------


def _require_company_user(actor: User | AnonymousUser, company: Company, *, obj=None, request=None) -> None:
    if not (actor.is_authenticated and actor.role == Role.COMPANY and actor.company_id == company.pk):
        deny(actor=actor, obj=obj or company, request=request)


@denials_audited
def api_token_create(*, company: Company, actor: User, name: str, request=None) -> tuple[ApiToken, str]:
    """Create a token for the company. Returns the token and its secret, which is not stored anywhere:
    the caller shows it once; only its SHA-256 digest is kept."""
    _require_company_user(actor, company, request=request)
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


@denials_audited
def api_token_revoke(*, token: ApiToken, actor: User, request=None) -> ApiToken:
    """Revoke a token: from now on a call with it answers 401. Revoking twice changes nothing."""
    _require_company_user(actor, token.company, obj=token, request=request)
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


# --- Two-factor login (TOTP) --------------------------------------------------------------------------------------
OTP_DEVICE_NAME = "Aplikasi autentikator"


class OtpLocked(Exception):
    """Too many wrong codes: no code is checked until the window ends."""

    def __init__(self, seconds: int):
        super().__init__(seconds)
        self.seconds = seconds

    @property
    def minutes(self) -> int:
        return max(1, -(-self.seconds // 60))


def otp_enrolment_device(*, user: User) -> TOTPDevice:
    """The not yet confirmed device whose secret the enrolment page shows. The same one until it is confirmed,
    so reloading the page does not change the QR code the user may already have scanned."""
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=OTP_DEVICE_NAME, confirmed=False)
    return device


def _otp_check(*, user: User, device: TOTPDevice, token: str, request, step: str) -> int | None:
    """Check ``token`` against ``device``. ``None`` when right; else how many more wrong codes may be tried.
    Raises ``OtpLocked`` instead of checking while the user is over the limit, so a guess during the lock
    is never compared (and never extends it)."""
    seconds = otp_lock_seconds(user)
    if seconds:
        raise OtpLocked(seconds)
    with transaction.atomic():
        # select_for_update: two requests with the same code cannot both pass (django-otp keeps last_t).
        locked_device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        if locked_device.verify_token(token):
            otp_failures_clear(user)
            return None
    left = otp_failure(user)
    audit_record(action=AuditAction.OTP_FAILED, actor=user, request=request, obj=user, data={"step": step})
    if left == 0:
        audit_record(
            action=AuditAction.LOGIN_LOCKED, actor=user, request=request, obj=user, data={"lock": "otp"}
        )
        raise OtpLocked(otp_lock_seconds(user))
    return left


@denials_audited
def otp_device_confirm(*, user: User, device: TOTPDevice, token: str, request) -> int | None:
    """Enrolment: the first right code from the app confirms the device and verifies this session.
    Returns ``None`` on success, else how many wrong codes are left (``OtpLocked`` at the limit)."""
    if device.user_id != user.pk or device.confirmed:
        deny(actor=user, obj=user, request=request)
    left = _otp_check(user=user, device=device, token=token, request=request, step="enrolment")
    if left is not None:
        return left
    with transaction.atomic():
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
        TOTPDevice.objects.filter(user=user, confirmed=False).exclude(pk=device.pk).delete()
        device.refresh_from_db()
        audit_record(
            action=AuditAction.OTP_DEVICE_CONFIRMED,
            actor=user,
            request=request,
            obj=user,
            data={"device": device.persistent_id},
        )
    otp_login(request, device)
    return None


@denials_audited
def otp_verify(*, user: User, token: str, request) -> int | None:
    """The second step of sign-in: a right code from the confirmed device verifies this session.
    Returns ``None`` on success, else how many wrong codes are left (``OtpLocked`` at the limit)."""
    device = otp_device_for(user=user)
    if device is None:
        deny(actor=user, obj=user, request=request)
    left = _otp_check(user=user, device=device, token=token, request=request, step="login")
    if left is None:
        otp_login(request, device)
    return left


@denials_audited
def otp_devices_remove(*, user: User, actor: User, request=None, devices=None) -> int:
    """Remove ``user``'s TOTP devices (a lost phone). Sessions verified with them stop being verified, and the
    next sign-in asks the user to enrol a new phone. Only an admin may do this."""
    if not can_remove_two_factor_devices(actor):
        deny(actor=actor, obj=user, request=request)
    with transaction.atomic():
        queryset = TOTPDevice.objects.filter(user=user)
        if devices is not None:
            queryset = queryset.filter(pk__in=[device.pk for device in devices])
        removed = [device.persistent_id for device in queryset]
        queryset.delete()
        if removed:
            audit_record(
                action=AuditAction.OTP_DEVICE_REMOVED,
                actor=actor,
                request=request,
                obj=user,
                data={"user": user.email, "devices": removed},
            )
    return len(removed)
