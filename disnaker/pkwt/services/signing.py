"""The head's approval: the SK Pencatatan PKWT numbered, rendered and signed at once or in the background,
with its progress."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from disnaker.accounts.constants import Role
from disnaker.accounts.models import User
from disnaker.core.audit import audit_record, denials_audited, deny
from disnaker.core.constants import AuditAction
from disnaker.core.formats import format_number
from disnaker.core.worker import enqueue_on_commit
from disnaker.core.workflow import (
    TransitionNotAllowed,
    can_transition,
)

from ..constants import (
    REGISTRATION_TRANSITIONS,
    RegistrationStatus,
    SigningState,
)
from ..models import PkwtRegistration
from ._common import _transition_and_tell_company

logger = logging.getLogger(__name__)

#: The background signing (its dotted path is stored with every queued signing: keep it).
SIGNING_TASK = "disnaker.pkwt.tasks.sign_registration"


def _lock_for_office_actor(
    registration: PkwtRegistration, actor: User, role: str, request=None
) -> PkwtRegistration:
    """Re-read the registration under a row lock and check the actor has ``role`` in its office."""
    locked = (
        PkwtRegistration.objects.select_for_update(of=("self",))
        .select_related("company", "office")
        .get(pk=registration.pk)
    )
    if actor.role != role or actor.office_id != locked.office_id:
        deny(actor=actor, obj=locked, request=request)
    return locked


@denials_audited
def registration_approve(
    *, registration: PkwtRegistration, actor: User, request=None, progress=None, passphrase: str | None = None
):
    """The head approves and signs: the decree gets its number at this moment, is rendered, signed and
    stored, and the registration becomes *SK terbit*, all in one transaction; the company is e-mailed.

    A double click or a second head waits on the row lock and then finds the registration approved: it
    gets the same decree back, never a second number. ``passphrase``: the head's BSrE passphrase (a ``bsre``
    office), passed through to the one signing request."""
    from disnaker.decrees.services import decree_valid_for

    from ..documents import pkwt_decree_for

    with transaction.atomic():
        locked = _lock_for_office_actor(registration, actor, Role.HEAD, request)
        if locked.status == RegistrationStatus.APPROVED:
            existing = decree_valid_for(locked)
            if existing is not None:
                return existing
        if not can_transition(REGISTRATION_TRANSITIONS, locked.status, RegistrationStatus.APPROVED):
            raise TransitionNotAllowed(locked, locked.status, RegistrationStatus.APPROVED)
        decree = pkwt_decree_for(locked, actor, request=request, progress=progress, passphrase=passphrase)
        _transition_and_tell_company(
            locked,
            to_status=RegistrationStatus.APPROVED,
            actor=actor,
            request=request,
            note=_("SK Pencatatan PKWT nomor %(number)s ditandatangani.") % {"number": decree.number},
            subject=_("SK Pencatatan PKWT %(number)s telah terbit") % {"number": decree.number},
            template="pkwt_approved",
            context={"decree": decree},
        )
    return decree


@denials_audited
def registration_approve_or_queue(
    *, registration: PkwtRegistration, actor: User, request=None, passphrase: str | None = None
):
    """Sign at once, or, for a decree longer than ``DECREE_SYNC_MAX_WORKERS``, queue the signing for the
    background task and return ``None``; the review page then shows its progress.

    An office signing through BSrE always signs at once, in this request: the head's passphrase lives only
    in this call's memory and is never written into a queued task's arguments (issue 14; docs/bsre.md)."""
    from disnaker.decrees.preview import needs_passphrase

    if registration.worker_count <= settings.DECREE_SYNC_MAX_WORKERS or needs_passphrase(registration.office):
        return registration_approve(
            registration=registration, actor=actor, request=request, passphrase=passphrase
        )
    with transaction.atomic():
        locked = _lock_for_office_actor(registration, actor, Role.HEAD, request)
        if not can_transition(REGISTRATION_TRANSITIONS, locked.status, RegistrationStatus.APPROVED):
            raise TransitionNotAllowed(locked, locked.status, RegistrationStatus.APPROVED)
        if locked.signing_state in (SigningState.QUEUED, SigningState.RUNNING):
            return None  # a double click: the first request's task is on its way
        locked.signing_state = SigningState.QUEUED
        locked.signing_stage = _("Menunggu giliran")
        locked.signing_requested_by = actor
        locked.save(update_fields=["signing_state", "signing_stage", "signing_requested_by"])
        audit_record(
            action=AuditAction.UPDATED, actor=actor, obj=locked, request=request, data={"signing": "queued"}
        )
        enqueue_on_commit(SIGNING_TASK, locked.pk)
    return None


def signing_run(*, registration_id: int) -> None:
    """The background signing: the same :func:`registration_approve`, with its stage shown on the page."""
    registration = PkwtRegistration.objects.select_related("signing_requested_by").get(pk=registration_id)
    actor = registration.signing_requested_by
    if registration.signing_state not in (SigningState.QUEUED, SigningState.RUNNING) or actor is None:
        return
    PkwtRegistration.objects.filter(pk=registration_id).update(
        signing_state=SigningState.RUNNING,
        signing_stage=_("Menyusun dan menandatangani PDF untuk %(n)s pekerja")
        % {"n": format_number(registration.worker_count)},
    )
    key = signing_progress_key(registration_id)
    last = {"page": 0}

    def progress(page: int, pages: int) -> None:
        # The signing transaction holds the decree counter; progress goes to the shared cache, outside it.
        if page - last["page"] >= SIGNING_PROGRESS_EVERY or page == pages:
            last["page"] = page
            cache.set(key, {"page": page, "pages": pages}, timeout=3600)

    try:
        registration_approve(registration=registration, actor=actor, progress=progress)
    except Exception as exc:
        logger.exception("Signing registration %s failed", registration_id)
        message = (
            exc.messages[0] if isinstance(exc, ValidationError) else _("Terjadi gangguan saat membuat SK.")
        )
        PkwtRegistration.objects.filter(pk=registration_id).update(
            signing_state=SigningState.FAILED,
            signing_stage=_("Gagal: %(message)s Tidak ada nomor SK yang terpakai; silakan coba lagi.")
            % {"message": message},
        )
        if not isinstance(exc, ValidationError | TransitionNotAllowed | PermissionDenied):
            raise
        return
    PkwtRegistration.objects.filter(pk=registration_id).update(signing_state="", signing_stage="")
    cache.delete(key)


def signing_worker_lost(*, registration_id: int) -> None:
    """The background signing was lost with its worker twice (it is run again once: the signing transaction
    rolled back with the worker, and :func:`registration_approve` gives a signed registration its decree
    back instead of a second number). Show the head that it stopped, so the head can sign again."""
    PkwtRegistration.objects.filter(
        pk=registration_id, signing_state__in=[SigningState.QUEUED, SigningState.RUNNING]
    ).update(
        signing_state=SigningState.FAILED,
        signing_stage=_(
            "Gagal: proses latar belakang berhenti sebelum SK selesai. Tidak ada nomor SK yang terpakai; "
            "silakan coba lagi."
        ),
    )
    cache.delete(signing_progress_key(registration_id))


#: Pages between two progress reports of a background signing (a 20,000-worker decree has ~420 pages).
SIGNING_PROGRESS_EVERY = 10


def signing_progress_key(registration_id: int) -> str:
    return f"pkwt-signing-progress:{registration_id}"


def signing_progress(registration: PkwtRegistration) -> dict | None:
    """``{"page": n, "pages": total}`` of a running background signing, or ``None`` before the first page."""
    return cache.get(signing_progress_key(registration.pk))
