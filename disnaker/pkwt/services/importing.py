"""The Excel import of a registration's workers: start, run (in the task), contracts replaced with COPY,
and a lost worker's import failed cleanly."""

from __future__ import annotations

import datetime
import json
import logging
from collections.abc import Callable
from operator import attrgetter

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from disnaker.accounts.models import User
from disnaker.core.audit import audit_record, denials_audited
from disnaker.core.constants import AuditAction
from disnaker.core.worker import enqueue_on_commit

from ..constants import (
    ImportStatus,
)
from ..models import CompensationReminder, PkwtContract, PkwtImport, PkwtRegistration
from ..rules import ContractRow
from ._common import _locked_editable, _require_company_actor
from .age_exceptions import age_exceptions_drop
from .validation import gc_paused, validate_workbook

logger = logging.getLogger(__name__)

#: The background import (its dotted path is stored with every queued import: keep it).
IMPORT_TASK = "disnaker.pkwt.tasks.run_pkwt_import"


@denials_audited
def import_start(
    *, registration: PkwtRegistration, actor: User, data: bytes, filename: str, request=None
) -> PkwtImport:
    """Store the uploaded Excel and validate it: at once for small files, in a background task with
    progress for large ones. Nothing of the registration changes until a clean import is saved."""
    _require_company_actor(registration.company_id, actor, obj=registration, request=request)
    with transaction.atomic():
        locked = _locked_editable(registration)
        pkwt_import = PkwtImport(
            registration=locked,
            uploaded_by=actor,
            original_name=(filename or "")[-200:],
            status=ImportStatus.PENDING,
            stage=_("Menunggu diproses"),
        )
        pkwt_import.file.save("daftar-pekerja.xlsx", ContentFile(data), save=False)
        pkwt_import.save()
        locked.current_import = pkwt_import
        locked.save(update_fields=["current_import"])
        audit_record(
            action=AuditAction.UPDATED,
            actor=actor,
            obj=locked,
            request=request,
            data={"import": pkwt_import.pk},
        )
    # Roughly 75 bytes of compressed xlsx (80 of .ods) per worker row: decide from the size, without a second scan.
    if len(data) > settings.PKWT_IMPORT_SYNC_MAX_ROWS * 75:
        PkwtImport.objects.filter(pk=pkwt_import.pk).update(background=True)

        def queued(result) -> None:
            PkwtImport.objects.filter(pk=pkwt_import.pk).update(task_id=str(result.id)[:64])

        enqueue_on_commit(IMPORT_TASK, pkwt_import.pk, then=queued)
    else:
        import_run_safely(pkwt_import_id=pkwt_import.pk, reraise=False)
    pkwt_import.refresh_from_db()
    return pkwt_import


def _import_progress(pkwt_import_id: int) -> Callable[[int, str], None]:
    def report(percent: int, stage: str) -> None:
        PkwtImport.objects.filter(pk=pkwt_import_id).update(
            progress=percent, stage=stage, status=ImportStatus.RUNNING, updated_at=timezone.now()
        )

    return report


def _import_fail(pkwt_import: PkwtImport, file_errors: list[dict], *, stage: str = "") -> None:
    PkwtImport.objects.filter(pk=pkwt_import.pk).update(
        status=ImportStatus.FAILED,
        progress=100,
        stage=stage or _("File tidak dapat dibaca"),
        file_errors=file_errors,
        findings=[],
        rows=0,
        valid_rows=0,
        error_count=len(file_errors),
        warning_count=0,
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )


def import_run(*, pkwt_import_id: int) -> None:
    """Validate an uploaded Excel and, when it has no errors, replace the registration's worker list in
    one transaction (all or nothing)."""
    pkwt_import = PkwtImport.objects.select_related("registration__company__office__region").get(
        pk=pkwt_import_id
    )
    if pkwt_import.is_finished:
        return
    progress = _import_progress(pkwt_import.pk)
    progress(5, _("Membaca file Excel"))
    registration = pkwt_import.registration
    with pkwt_import.file.open("rb") as handle:
        data = handle.read()
    outcome = validate_workbook(
        data, company=registration.company, exclude_registration_id=registration.pk, progress=progress
    )
    if not outcome.readable:
        _import_fail(pkwt_import, outcome.file_errors)
        return
    progress(75, _("Menyimpan data pekerja"))
    saved = False
    with transaction.atomic():
        locked = PkwtRegistration.objects.select_for_update().get(pk=registration.pk)
        current = locked.current_import_id == pkwt_import.pk and locked.is_editable
        if current and outcome.error_count == 0 and outcome.valid_rows > 0:
            with gc_paused():
                contracts_replace(registration=locked, contracts=outcome.contracts)
            locked.worker_count = outcome.valid_rows
            locked.save(update_fields=["worker_count"])
            saved = True
        PkwtImport.objects.filter(pk=pkwt_import.pk).update(
            status=ImportStatus.DONE,
            progress=100,
            stage=_("Selesai") if current else _("Digantikan oleh impor yang lebih baru"),
            rows=outcome.rows,
            valid_rows=outcome.valid_rows,
            error_count=outcome.error_count,
            warning_count=outcome.warning_count,
            file_errors=[],
            findings=outcome.findings,
            saved=saved,
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )


def import_run_safely(*, pkwt_import_id: int, reraise: bool = True) -> None:
    """:func:`import_run`, but an unexpected failure marks the import as failed (with a message the user
    can act on) instead of leaving it 'running'; the transaction has already rolled back."""
    try:
        import_run(pkwt_import_id=pkwt_import_id)
    except Exception:
        logger.exception("PKWT import %s failed", pkwt_import_id)
        pkwt_import = PkwtImport.objects.filter(pk=pkwt_import_id).first()
        if pkwt_import is not None:
            _import_fail(
                pkwt_import,
                [
                    {
                        "code": "internal_error",
                        "message": _(
                            "Terjadi gangguan saat memproses file ini; tidak ada data yang tersimpan. Coba impor "
                            "lagi. Jika terulang, hubungi Disnaker dengan menyebut nomor permohonan."
                        ),
                    }
                ],
            )
        if reraise:  # the task backend records the failure; the page shows the message either way
            raise


_CONTRACT_COLUMNS = (
    "registration_id",
    "row",
    "nik",
    "name",
    "birth_date",
    "birth_place",
    "sex",
    "position",
    "start_date",
    "end_date",
    "sequence",
    "wage",
    "bpjs_health",
    "bpjs_employment",
    "note",
    "warnings",
    "warning_codes",
    # The optional columns of template v2 (issue 12).
    "signed_date",
    "kind",
    "basis",
    "wage_unit",
    "days_per_week",
    "days_per_month",
    "job_scope",
    "completion_condition",
    "nationality",
    "passport_number",
    "rptka_number",
)


#: The plain attributes of a contract, in the order of ``_CONTRACT_COLUMNS`` around the converted ones, read
#: at C speed (the insert of a 100,000-row import builds 100,000 tuples).
_HEAD = attrgetter("row", "nik", "name")
_MIDDLE = attrgetter("birth_place", "sex", "position")
_TAIL = attrgetter("sequence", "wage", "bpjs_health", "bpjs_employment", "note")
_V2 = attrgetter(
    "kind", "basis", "wage_unit", "days_per_week", "days_per_month", "job_scope", "completion_condition",
    "nationality", "passport_number", "rptka_number",
)  # fmt: skip


def _contract_tuple(registration_id: int, c: ContractRow, *, iso: bool) -> tuple:
    if c.warnings:
        warnings = json.dumps(
            [{"column": w.column, "code": w.code, "message": w.message} for w in c.warnings],
            ensure_ascii=False,
        )
        codes = ",".join(sorted({w.code for w in c.warnings}))
    else:  # most rows
        warnings, codes = "[]", ""
    signed: datetime.date | str | None = c.signed
    birth: datetime.date | str
    start: datetime.date | str
    end: datetime.date | str
    if iso:  # SQLite stores dates as ISO text; the adapter would call a Python function per value
        birth, start, end = c.birth_date.isoformat(), c.start.isoformat(), c.end.isoformat()
        if c.signed is not None:
            signed = c.signed.isoformat()
    else:
        birth, start, end = c.birth_date, c.start, c.end
    return (
        registration_id,
        *_HEAD(c),
        birth,
        *_MIDDLE(c),
        start,
        end,
        *_TAIL(c),
        warnings,
        codes,
        signed,
        *_V2(c),
    )


def contracts_replace(*, registration: PkwtRegistration, contracts: list[ContractRow]) -> None:
    """Delete and insert the worker list inside the caller's transaction, with the database's fastest
    bulk path (COPY on PostgreSQL, executemany on SQLite) instead of one ORM object per row."""
    assert transaction.get_connection().in_atomic_block, "contracts_replace needs a transaction"
    age_exceptions_drop(registration)  # their rows go; the contracts' delete stays one fast query
    CompensationReminder.objects.filter(
        contract__registration=registration
    ).delete()  # the same (helper comp)
    PkwtContract.objects.filter(registration=registration).delete()
    table = PkwtContract._meta.db_table
    registration_id = registration.pk
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in _CONTRACT_COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:  # noqa: S608
                for contract in contracts:
                    copy.write_row(_contract_tuple(registration_id, contract, iso=False))
        else:
            placeholders = ", ".join(["%s"] * len(_CONTRACT_COLUMNS))
            sql = f"INSERT INTO {quote(table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
            batch = 20_000
            for index in range(0, len(contracts), batch):
                cursor.executemany(
                    sql,
                    [_contract_tuple(registration_id, c, iso=True) for c in contracts[index : index + batch]],
                )


#: ``file_errors`` code of an import whose background worker died before it finished.
WORKER_LOST = "worker_lost"


def import_worker_lost(*, pkwt_import_id: int) -> None:
    """The worker running this import died (see :mod:`disnaker.core.worker`): the import is failed, not run
    again, because a file that killed one worker (out of memory on a hostile workbook) would kill the next;
    the company is told to import again. Its transaction never committed, so no row was saved."""
    pkwt_import = PkwtImport.objects.filter(
        pk=pkwt_import_id, status__in=[ImportStatus.PENDING, ImportStatus.RUNNING]
    ).first()
    if pkwt_import is None:
        return
    _import_fail(
        pkwt_import,
        [
            {
                "code": WORKER_LOST,
                "message": _(
                    "Pemeriksaan file terhenti karena proses latar belakang berhenti sebelum selesai; tidak "
                    "ada data yang tersimpan dari file ini. Silakan impor lagi."
                ),
            }
        ],
        stage=_("Terhenti"),
    )


def import_is_stale(pkwt_import: PkwtImport) -> bool:
    """Whether the import stopped before it finished: the page then says "terhenti, silakan impor lagi"
    and stops polling.

    A background import is stopped as soon as its task's worker has missed its heartbeats for
    ``WORKER_STALE_SECONDS`` (or its task ended without finishing the import), even before another worker
    starts and marks it failed. Without a task row to ask (another task backend) or while the task still
    waits in the queue, an import that reported no progress for ``PKWT_IMPORT_STALE_MINUTES`` counts as
    stopped."""
    if pkwt_import.is_finished:
        return any(error.get("code") == WORKER_LOST for error in pkwt_import.file_errors or [])
    if pkwt_import.task_id:
        from disnaker.core.worker import task_abandoned

        abandoned = task_abandoned(pkwt_import.task_id)
        if abandoned:
            # The task may have finished the import between our two reads: ask the import again.
            return PkwtImport.objects.filter(
                pk=pkwt_import.pk, status__in=[ImportStatus.PENDING, ImportStatus.RUNNING]
            ).exists()
        if abandoned is False and pkwt_import.status == ImportStatus.RUNNING:
            return False  # a live worker is on it
    return timezone.now() - pkwt_import.updated_at > datetime.timedelta(
        minutes=settings.PKWT_IMPORT_STALE_MINUTES
    )


def superseded_findings_clear(*, now: datetime.datetime | None = None) -> int:
    """Empty the findings of the imports a newer import replaced, once they are older than
    ``ABANDONED_UPLOAD_RETENTION_DAYS`` (issue 15: a 100,000-row report is 6 million characters, kept for good).
    Their counts stay, for the history; the current import of each registration keeps its whole report, which
    its page shows. Returns how many were emptied."""
    from django.db.models import F

    from disnaker.core.uploads import retention_cutoff

    superseded = (
        PkwtImport.objects.filter(finished_at__lt=retention_cutoff(now))
        .exclude(registration__current_import_id=F("pk"))
        .exclude(findings=[])
    )
    return superseded.update(findings=[])
