from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from disnaker.core.audit import audit_record
from disnaker.core.constants import AuditAction


@receiver(user_logged_in)
def _audit_login(sender, request, user, **kwargs):
    audit_record(action=AuditAction.LOGIN, actor=user, request=request)


@receiver(user_logged_out)
def _audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action=AuditAction.LOGOUT, actor=user, request=request)


@receiver(user_login_failed)
def _audit_login_failed(sender, credentials, request=None, **kwargs):
    # ``credentials`` has the password already masked by Django; keep only the e-mail.
    audit_record(
        action=AuditAction.LOGIN_FAILED,
        request=request,
        actor_label=str(credentials.get("username", ""))[:254],
    )


@receiver(user_locked_out)
def _audit_locked(sender, request, username, ip_address, **kwargs):
    # axes signals again for every attempt refused during a lock; only the start of a lock is an event
    # (each refused attempt is already a LOGIN_FAILED entry).
    if getattr(request, "login_lock_ongoing", False):
        return
    audit_record(
        action=AuditAction.LOGIN_LOCKED,
        request=request,
        actor_label=str(username or "")[:254],
        data={"lock": getattr(request, "login_lock_kind", "pair")},
    )
