"""The verifier's "saya periksa" (issue 16, the verifier's workbench): a verifier takes a submitted
registration so that two verifiers do not review the same one; the queue shows who has what.

Taking is one conditional UPDATE (``reviewer IS NULL``): when two verifiers take the same registration at
once, the database lets exactly one of them win, and the other is told who has it."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from disnaker.accounts.constants import Role
from disnaker.core.audit import audit_record, denials_audited, deny
from disnaker.core.constants import AuditAction

from ..constants import RegistrationStatus
from ..models import PkwtRegistration


def _may_review(actor, registration: PkwtRegistration) -> bool:
    return (
        getattr(actor, "role", None) == Role.VERIFIER
        and actor.office_id is not None
        and actor.office_id == registration.office_id
    )


@denials_audited
def registration_take(*, registration: PkwtRegistration, actor, request=None) -> PkwtRegistration:
    """``actor`` (a verifier of the registration's office) takes the submitted registration. Refused when
    another verifier has it already; taking one's own again changes nothing."""
    if not _may_review(actor, registration):
        deny(actor=actor, obj=registration, request=request)
    with transaction.atomic():
        taken = PkwtRegistration.objects.filter(
            pk=registration.pk, status=RegistrationStatus.SUBMITTED, reviewer__isnull=True
        ).update(reviewer=actor, reviewer_since=timezone.now())
        registration.refresh_from_db(fields=["reviewer", "reviewer_since", "status"])
        if taken:
            audit_record(
                action=AuditAction.UPDATED,
                actor=actor,
                obj=registration,
                request=request,
                data={"reviewer": "taken"},
            )
            return registration
    if registration.reviewer_id == actor.pk:
        return registration
    if registration.status != RegistrationStatus.SUBMITTED:
        deny(
            actor=actor,
            obj=registration,
            request=request,
            message=_("Permohonan ini tidak sedang menunggu verifikasi."),
        )
    deny(
        actor=actor,
        obj=registration,
        request=request,
        message=_("Permohonan ini sedang diperiksa oleh %(name)s.")
        % {"name": registration.reviewer.get_full_name() if registration.reviewer else "-"},
    )


@denials_audited
def registration_release(*, registration: PkwtRegistration, actor, request=None) -> PkwtRegistration:
    """The verifier who has the registration lets it go back to the queue."""
    if not _may_review(actor, registration):
        deny(actor=actor, obj=registration, request=request)
    with transaction.atomic():
        released = PkwtRegistration.objects.filter(pk=registration.pk, reviewer=actor).update(
            reviewer=None, reviewer_since=None
        )
        registration.refresh_from_db(fields=["reviewer", "reviewer_since"])
        if not released:
            deny(
                actor=actor,
                obj=registration,
                request=request,
                message=_("Permohonan ini tidak sedang Anda periksa."),
            )
        audit_record(
            action=AuditAction.UPDATED,
            actor=actor,
            obj=registration,
            request=request,
            data={"reviewer": "released"},
        )
    return registration


def reviewer_blocks(*, registration: PkwtRegistration, actor) -> bool:
    """Whether another verifier has taken the registration, so ``actor`` (a verifier) may not decide it."""
    return bool(
        registration.status == RegistrationStatus.SUBMITTED
        and registration.reviewer_id
        and registration.reviewer_id != actor.pk
        and getattr(actor, "role", None) == Role.VERIFIER
    )


@denials_audited
def registration_check_reviewer(*, registration: PkwtRegistration, actor, request=None) -> None:
    """Refuse a verifier's decision on a registration another verifier has taken."""
    if reviewer_blocks(registration=registration, actor=actor):
        deny(
            actor=actor,
            obj=registration,
            request=request,
            message=_("Permohonan ini sedang diperiksa oleh %(name)s.")
            % {"name": registration.reviewer.get_full_name() if registration.reviewer else "-"},
        )
