"""The verifier's exception for a worker under 18 (UU 13/2003 Pasal 68–71; the rules are in
``pkwt/age_exceptions.py``): recorded for one row while the registration waits for verification, required by
the verification step, shown in the history and the decree's appendix."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from disnaker.accounts.models import User
from disnaker.core.audit import audit_record, denials_audited, deny
from disnaker.core.constants import AuditAction
from disnaker.core.workflow import status_history_note

from ..age_exceptions import (
    GROUND_SHORT,
    NEEDS_AGE_EXCEPTION,
    AgeExceptionGround,
    age_on,
    ground_refusal,
    not_exceptable,
)
from ..constants import RegistrationStatus
from ..models import AgeException, PkwtContract, PkwtRegistration
from ..permissions import can_review_registration

#: How many rows the verification's refusal names before it says "and N more".
_NAMED_ROWS = 20


def flagged_contracts(registration: PkwtRegistration):
    """The registration's rows whose worker was under the minimum age at the start (the import's flag)."""
    return PkwtContract.objects.filter(
        registration=registration, warning_codes__contains=NEEDS_AGE_EXCEPTION
    ).order_by("row")


def _is_flagged(contract: PkwtContract) -> bool:
    return NEEDS_AGE_EXCEPTION in contract.warning_codes.split(",")


@denials_audited
def age_exception_record(
    *,
    registration: PkwtRegistration,
    contract: PkwtContract,
    actor: User,
    ground: str,
    reason: str,
    document,
    request=None,
) -> AgeException:
    """Record (or replace) the exception for one flagged row: only a verifier of the registration's office,
    only while it waits for verification, only on a ground that covers the worker's age at the start."""
    with transaction.atomic():
        locked = PkwtRegistration.objects.select_for_update(of=("self",)).get(pk=registration.pk)
        if not can_review_registration(actor, locked) or contract.registration_id != locked.pk:
            deny(actor=actor, obj=locked, request=request)
        if locked.status != RegistrationStatus.SUBMITTED:
            raise ValidationError(
                _("Pengecualian usia hanya dapat dicatat selama permohonan menunggu verifikasi."),
                code="not_submitted",
            )
        contract = PkwtContract.objects.get(pk=contract.pk)
        if not _is_flagged(contract):
            raise ValidationError(
                _("Pekerja pada baris %(row)d tidak memerlukan pengecualian usia.") % {"row": contract.row},
                code="not_flagged",
            )
        errors: dict[str, str] = {}
        if ground not in AgeExceptionGround.values:
            errors["ground"] = _("Pilih dasar pengecualian (Pasal 69, 70 atau 71).")
        age = age_on(contract.birth_date, contract.start_date)
        refusal = ground_refusal(ground, age, min_age=settings.PKWT_MIN_WORKER_AGE) if not errors else ""
        if refusal:
            errors["ground"] = refusal
        reason = (reason or "").strip()
        if not reason:
            errors["reason"] = _("Tuliskan alasan pengecualian.")
        if not document:
            errors["document"] = _(
                "Lampirkan dokumen pendukung (PDF), misalnya izin tertulis orang tua/wali."
            )
        if errors:
            raise ValidationError(errors)

        exception = AgeException.objects.filter(contract=contract).first()
        replaced = exception is not None
        old_file = exception.document.name if exception is not None and exception.document else ""
        if exception is None:
            exception = AgeException(registration=locked, contract=contract)
        exception.ground = ground
        exception.reason = reason
        exception.age = age
        exception.recorded_by = actor
        exception.document.save("dokumen.pdf", document, save=False)
        exception.save()
        if old_file:
            storage = exception.document.storage
            transaction.on_commit(lambda: storage.delete(old_file))

        status_history_note(
            obj=locked,
            actor=actor,
            note=_(
                "Pengecualian usia dicatat untuk baris %(row)d (%(name)s, %(age)d tahun pada awal kontrak): "
                "%(ground)s UU 13/2003. Alasan: %(reason)s"
            )
            % {
                "row": contract.row,
                "name": contract.name,
                "age": age,
                "ground": GROUND_SHORT[ground],
                "reason": reason,
            },
        )
        audit_record(
            action=AuditAction.UPDATED if replaced else AuditAction.CREATED,
            actor=actor,
            obj=locked,
            request=request,
            data={
                "event": "pkwt.age_exception",
                "exception": exception.pk,
                "row": contract.row,
                "ground": ground,
                "replaced": replaced,
            },
        )
    return exception


def age_exception_problems(registration: PkwtRegistration) -> list[str]:
    """Why the registration cannot be verified because of its workers' ages (empty when it can): the flagged
    rows without an exception, and those no exception can cover."""
    missing: list[int] = []
    impossible: list[str] = []
    for row, birth, start, excepted in flagged_contracts(registration).values_list(
        "row", "birth_date", "start_date", "age_exception__id"
    ):
        refusal = not_exceptable(age_on(birth, start))
        if refusal:
            impossible.append(_("baris %(row)d: %(why)s") % {"row": row, "why": refusal})
        elif excepted is None:
            missing.append(row)
    problems = []
    if missing:
        named = ", ".join(str(row) for row in missing[:_NAMED_ROWS])
        if len(missing) > _NAMED_ROWS:
            named += _(" dan %(n)d baris lain") % {"n": len(missing) - _NAMED_ROWS}
        problems.append(
            _(
                "Pekerja berumur di bawah %(min)d tahun pada baris %(rows)s belum memiliki pengecualian usia. "
                "Catat pengecualian (UU 13/2003 Pasal 69, 70 atau 71) untuk setiap baris tersebut, atau minta "
                "perbaikan."
            )
            % {"min": settings.PKWT_MIN_WORKER_AGE, "rows": named}
        )
    if impossible:
        problems.append(
            _("Tidak dapat diberi pengecualian usia: %(rows)s. Minta perbaikan atau tolak permohonan.")
            % {"rows": "; ".join(impossible[:_NAMED_ROWS])}
        )
    return problems


def age_exceptions_required(registration: PkwtRegistration, **_step) -> list[str]:
    """The verification step's effect (``REGISTRATION_FLOW``): refuse while a flagged row has no exception
    or can have none. Runs after the lock and the actor's check; changes no field."""
    problems = age_exception_problems(registration)
    if problems:
        raise ValidationError(" ".join(problems), code="age_exception_missing")
    return []


def age_exceptions_drop(registration: PkwtRegistration) -> int:
    """Before a worker list is replaced (inside its transaction): remove the registration's exceptions, whose
    rows are about to go, and their documents once the transaction commits. Audited; the history keeps them."""
    exceptions = list(AgeException.objects.filter(registration=registration).values_list("pk", "document"))
    if not exceptions:
        return 0
    AgeException.objects.filter(registration=registration).delete()
    storage = AgeException().document.storage
    names = [name for _pk, name in exceptions if name]

    def delete_files() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete_files)
    audit_record(
        action=AuditAction.UPDATED,
        obj=registration,
        data={"event": "pkwt.age_exceptions_dropped", "exceptions": [pk for pk, _name in exceptions]},
    )
    return len(exceptions)
