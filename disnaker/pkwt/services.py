"""Writes for PKWT registrations: drafts, documents, the Excel import, submission and the office's
revision request."""

from __future__ import annotations

import contextlib
import datetime
import gc
import json
import logging
import re
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from disnaker.accounts.constants import Role
from disnaker.accounts.models import Company, User
from disnaker.core.audit import audit_record, denials_audited, deny
from disnaker.core.constants import AuditAction
from disnaker.core.flows import run_step
from disnaker.core.formats import format_number
from disnaker.core.uploads import private_files_purge, retention_cutoff
from disnaker.core.workdays import WorkCalendar
from disnaker.core.workflow import (
    TransitionNotAllowed,
    can_transition,
    status_history_start,
    status_transition,
)
from disnaker.notifications.services import outbox_enqueue

from .constants import (
    HISTORY_STATUSES,
    REGISTRATION_FLOW,
    REGISTRATION_TRANSITIONS,
    ImportStatus,
    RegistrationStatus,
    SigningState,
)
from .excel import FileError, no_data_rows_error, read_sheet
from .models import MinimumWage, PkwtContract, PkwtImport, PkwtRegistration
from .rules import ERROR, ContractRow, HistoryContract, RowValidator, RuleContext, validation_report

logger = logging.getLogger(__name__)

_HISTORY_NIK_CHUNK = 500
_NIK_SEPARATORS = re.compile(r"[\s.\-]")


# --- The validator as a function: shared by the page, the command and the API ------------------------


def rule_context(
    *, company: Company | None, exclude_registration_id: int | None = None, niks=None
) -> RuleContext:
    """Everything the rules need, loaded with a handful of queries (never one per row)."""
    today = timezone.localdate()
    context = RuleContext(
        today=today,
        registration_working_days=settings.PKWT_REGISTRATION_WORKING_DAYS,
        max_total_years=settings.PKWT_MAX_TOTAL_YEARS,
        min_age=settings.PKWT_MIN_WORKER_AGE,
        bpjs_health_digits=settings.BPJS_HEALTH_DIGITS,
        bpjs_employment_digits=settings.BPJS_EMPLOYMENT_DIGITS,
    )
    context.working_days_after = WorkCalendar().working_days_after
    if company is None:
        return context
    context.exempt_from_umk = company.is_micro_small
    region = company.office.region if company.office_id else None
    if region is not None:
        context.region_name = region.name
        context.minimum_wages = dict(MinimumWage.objects.filter(region=region).values_list("year", "amount"))
    context.history = company_history(
        company=company, exclude_registration_id=exclude_registration_id, niks=niks
    )
    return context


def company_history(*, company: Company, exclude_registration_id=None, niks=None) -> list[HistoryContract]:
    """The company's contracts already registered (set-based: one query, or one per 500 NIKs)."""
    base = PkwtContract.objects.filter(
        registration__company=company, registration__status__in=HISTORY_STATUSES
    ).exclude(registration_id=exclude_registration_id)
    fields = ("nik", "start_date", "end_date", "sequence", "registration__number")
    if niks is None or len(niks) > 20 * _HISTORY_NIK_CHUNK:
        rows = base.values_list(*fields).iterator(chunk_size=20_000)
        return [HistoryContract(*row) for row in rows if niks is None or row[0] in niks]
    niks = sorted(niks)
    history: list[HistoryContract] = []
    for index in range(0, len(niks), _HISTORY_NIK_CHUNK):
        chunk = niks[index : index + _HISTORY_NIK_CHUNK]
        history.extend(HistoryContract(*row) for row in base.filter(nik__in=chunk).values_list(*fields))
    return history


def _nik_candidates(sheet) -> set[str]:
    position = sheet.columns.get("nik")
    if position is None:
        return set()
    niks = set()
    for values in sheet.rows:
        if position < len(values):
            value = values[position]
            if isinstance(value, str):
                # Normalised as the rules normalise a NIK, so '3216-0155-0895-0003' finds its history too.
                niks.add(_NIK_SEPARATORS.sub("", value))
    return niks


class ValidationOutcome:
    """The validator's result: the report (the one JSON shape) and the typed, valid contracts."""

    def __init__(self, *, file_errors=(), rows=0, contracts=(), findings=()):
        self.file_errors = list(file_errors)
        self.rows = rows
        self.contracts: list[ContractRow] = list(contracts)
        self.findings = list(findings)

    @property
    def error_count(self) -> int:
        return sum(1 for f in self.findings if f["severity"] == ERROR)

    @property
    def warning_count(self) -> int:
        return len(self.findings) - self.error_count

    @property
    def valid_rows(self) -> int:
        return len(self.contracts)

    @property
    def readable(self) -> bool:
        return not self.file_errors

    def report(self) -> dict:
        return validation_report(
            file_errors=self.file_errors, rows=self.rows, valid_rows=self.valid_rows, findings=self.findings
        )


@contextlib.contextmanager
def gc_paused():
    """Pause the cyclic garbage collector while a large import builds millions of short-lived objects
    (it otherwise runs hundreds of times and doubles the validation time); it is restored afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def validate_workbook(
    data: bytes,
    *,
    company: Company | None,
    exclude_registration_id: int | None = None,
    progress: Callable[[int, str], None] | None = None,
) -> ValidationOutcome:
    """Read and check a worker Excel. Never raises for bad input: problems are in the outcome."""
    with gc_paused():
        return _validate_workbook(
            data, company=company, exclude_registration_id=exclude_registration_id, progress=progress
        )


def _validate_workbook(data: bytes, *, company, exclude_registration_id, progress) -> ValidationOutcome:
    try:
        sheet = read_sheet(data)
    except FileError as exc:
        return ValidationOutcome(file_errors=[exc.as_dict()])
    if progress:
        progress(30, _("Memeriksa data pekerja"))
    niks = _nik_candidates(sheet) if company is not None else None
    context = rule_context(company=company, exclude_registration_id=exclude_registration_id, niks=niks)
    validator = RowValidator(context, sheet.columns)
    first_row = sheet.header_row + 1
    total = len(sheet.rows)
    check_row = validator.check_row
    step = 10_000
    for offset in range(0, total, step):
        for index, values in enumerate(sheet.rows[offset : offset + step], start=offset):
            check_row(first_row + index, values)
        if progress and total > step:
            progress(30 + int(40 * min(offset + step, total) / total), _("Memeriksa data pekerja"))
    validator.finish()
    if not validator.rows:
        return ValidationOutcome(file_errors=[no_data_rows_error(sheet).as_dict()])
    findings = sorted(validator.findings, key=lambda f: (f.row, f.severity != ERROR, f.column))
    return ValidationOutcome(
        rows=validator.rows,
        contracts=validator.contracts,
        findings=[f.as_dict() for f in findings],
    )


# --- Registrations -----------------------------------------------------------------------------------


def _require_company_actor(company_id: int, actor: User, *, obj=None, request=None) -> None:
    """Only the company's own users write its registrations."""
    if getattr(actor, "role", None) != Role.COMPANY or actor.company_id != company_id:
        deny(actor=actor, obj=obj, request=request)


@denials_audited
def registration_create(*, company: Company, actor: User, request=None) -> PkwtRegistration:
    _require_company_actor(company.pk, actor, request=request)
    with transaction.atomic():
        registration = PkwtRegistration.objects.create(
            company=company, office=company.office, created_by=actor, status=RegistrationStatus.DRAFT
        )
        registration.number = f"PKWT-{registration.created_at:%Y}-{registration.pk:06d}"
        registration.save(update_fields=["number"])
        status_history_start(
            obj=registration, actor=actor, request=request, note=_("Draf permohonan dibuat.")
        )
    return registration


def _locked_editable(registration: PkwtRegistration) -> PkwtRegistration:
    locked = PkwtRegistration.objects.select_for_update().get(pk=registration.pk)
    if not locked.is_editable:
        raise ValidationError(
            _("Permohonan berstatus '%(status)s' tidak dapat diubah.")
            % {"status": locked.get_status_display()}
        )
    return locked


@denials_audited
def registration_set_documents(
    *, registration: PkwtRegistration, actor: User, documents: dict, request=None
) -> PkwtRegistration:
    """Replace the application letter and/or the sample contract (already checked as PDFs)."""
    _require_company_actor(registration.company_id, actor, obj=registration, request=request)
    with transaction.atomic():
        locked = _locked_editable(registration)
        changed = []
        for field, upload in documents.items():
            if upload:
                getattr(locked, field).save("dokumen.pdf", upload, save=False)
                changed.append(field)
        if changed:
            locked.save(update_fields=changed)
            audit_record(
                action=AuditAction.UPDATED,
                actor=actor,
                obj=locked,
                request=request,
                data={"documents": changed},
            )
    return locked


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
        from .tasks import run_pkwt_import

        PkwtImport.objects.filter(pk=pkwt_import.pk).update(background=True)
        result = run_pkwt_import.enqueue(pkwt_import.pk)
        PkwtImport.objects.filter(pk=pkwt_import.pk).update(task_id=str(result.id)[:64])
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
)


def _contract_tuple(registration_id: int, c: ContractRow, *, iso: bool) -> tuple:
    warnings = [{"column": w.column, "code": w.code, "message": w.message} for w in c.warnings]
    return (
        registration_id,
        c.row,
        c.nik,
        c.name,
        c.birth_date.isoformat() if iso else c.birth_date,
        c.birth_place,
        c.sex,
        c.position,
        c.start.isoformat() if iso else c.start,
        c.end.isoformat() if iso else c.end,
        c.sequence,
        c.wage,
        c.bpjs_health,
        c.bpjs_employment,
        c.note,
        json.dumps(warnings, ensure_ascii=False) if warnings else "[]",
        ",".join(sorted({w.code for w in c.warnings})),
    )


def contracts_replace(*, registration: PkwtRegistration, contracts: list[ContractRow]) -> None:
    """Delete and insert the worker list inside the caller's transaction, with the database's fastest
    bulk path (COPY on PostgreSQL, executemany on SQLite) instead of one ORM object per row."""
    assert transaction.get_connection().in_atomic_block, "contracts_replace needs a transaction"
    PkwtContract.objects.filter(registration=registration).delete()
    table = PkwtContract._meta.db_table
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in _CONTRACT_COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:  # noqa: S608
                for contract in contracts:
                    copy.write_row(_contract_tuple(registration.pk, contract, iso=False))
        else:
            placeholders = ", ".join(["%s"] * len(_CONTRACT_COLUMNS))
            sql = f"INSERT INTO {quote(table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
            batch = 20_000
            for index in range(0, len(contracts), batch):
                cursor.executemany(
                    sql,
                    [_contract_tuple(registration.pk, c, iso=True) for c in contracts[index : index + batch]],
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


def submission_problems(registration: PkwtRegistration) -> list[str]:
    """Why *Ajukan Permohonan* is not possible yet (empty when it is)."""
    problems = []
    if not registration.application_letter:
        problems.append(_("Unggah surat permohonan yang sudah ditandatangani (PDF)."))
    if not registration.sample_contract:
        problems.append(_("Unggah scan sample kontrak kerja (PDF)."))
    latest = registration.current_import
    if latest is None:
        problems.append(_("Unggah daftar pekerja (Excel) lalu klik Import Excel."))
    elif import_is_stale(latest):
        problems.append(_("Pemeriksaan file Excel terakhir terhenti. Silakan impor lagi."))
    elif not latest.is_finished:
        problems.append(_("Tunggu sampai pemeriksaan file Excel selesai."))
    elif latest.file_errors:
        problems.append(_("File Excel terakhir tidak dapat dibaca. Perbaiki lalu impor lagi."))
    elif latest.error_count:
        problems.append(
            _("Daftar pekerja masih memiliki %(n)d galat. Perbaiki file Excel lalu impor lagi.")
            % {"n": latest.error_count}
        )
    elif not latest.saved or registration.worker_count == 0:
        problems.append(_("Daftar pekerja kosong. Isi minimal satu pekerja lalu impor lagi."))
    return problems


def _history_conflicts(registration: PkwtRegistration) -> list[dict]:
    """Re-run the cross-registration checks at submission: another registration may have been submitted
    since this file was imported."""
    fields = (
        "row", "nik", "name", "birth_date", "birth_place", "sex", "position", "start_date", "end_date",
        "sequence", "wage",
    )  # fmt: skip
    rows = [
        ContractRow(
            row=r[0],
            nik=r[1],
            name=r[2],
            birth_date=r[3],
            birth_place=r[4],
            sex=r[5],
            position=r[6],
            start=r[7],
            end=r[8],
            sequence=r[9],
            wage=r[10],
            bpjs_health="",
            bpjs_employment="",
            note="",
        )  # fmt: skip
        for r in PkwtContract.objects.filter(registration=registration).values_list(*fields)
    ]
    history = company_history(
        company=registration.company, exclude_registration_id=registration.pk, niks={r.nik for r in rows}
    )
    context = RuleContext(
        today=timezone.localdate(), history=history, max_total_years=settings.PKWT_MAX_TOTAL_YEARS
    )
    validator = RowValidator(context, {})
    validator.contracts = rows
    validator.finish()
    return [f.as_dict() for f in validator.findings if f.severity == ERROR]


@denials_audited
def registration_submit(*, registration: PkwtRegistration, actor: User, request=None) -> PkwtRegistration:
    """*Ajukan Permohonan*: only with both documents and a clean worker list."""
    with transaction.atomic():
        locked = (
            # Lock only the registration: PostgreSQL refuses FOR UPDATE on the nullable side of the join.
            PkwtRegistration.objects.select_for_update(of=("self",))
            .select_related("current_import")
            .get(pk=registration.pk)
        )
        _require_company_actor(locked.company_id, actor, obj=locked, request=request)
        problems = submission_problems(locked)
        if problems:
            raise ValidationError(problems)
        conflicts = _history_conflicts(locked)
        if conflicts:
            raise ValidationError(
                [
                    _("Baris %(row)d: %(message)s Impor ulang daftar pekerja setelah memperbaikinya.")
                    % {"row": c["row"], "message": c["message"]}
                    for c in conflicts[:20]
                ]
            )
        resubmission = locked.status == RegistrationStatus.NEEDS_REVISION
        locked.submitted_at = timezone.now()
        status_transition(
            obj=locked,
            to_status=RegistrationStatus.SUBMITTED,
            transitions=REGISTRATION_TRANSITIONS,
            actor=actor,
            request=request,
            note=(
                _("Perbaikan diajukan kembali dengan %(n)s pekerja.")
                if resubmission
                else _("Permohonan diajukan dengan %(n)s pekerja.")
            )
            % {"n": format_number(locked.worker_count)},
            update_fields=["submitted_at"],
        )
        outbox_enqueue(
            to=locked.company.email,
            subject=_("Permohonan pencatatan PKWT %(number)s diterima") % {"number": locked.number},
            template="pkwt_submitted",
            context={"registration": locked, "resubmission": resubmission},
        )
    return locked


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


def _office_step(name: str, registration: PkwtRegistration, actor: User, note: str, request=None):
    return run_step(
        flow=REGISTRATION_FLOW, step=name, obj=registration, actor=actor, note=note, request=request
    )


@denials_audited
def registration_request_revision(
    *, registration: PkwtRegistration, actor: User, note: str, request=None
) -> PkwtRegistration:
    """The verifier sends a submitted registration back to the company ("perlu perbaikan")."""
    return _office_step("perbaikan", registration, actor, note, request)


@denials_audited
def registration_reject(
    *, registration: PkwtRegistration, actor: User, note: str, request=None
) -> PkwtRegistration:
    """The verifier rejects a submitted registration, with the reason."""
    return _office_step("tolak", registration, actor, note, request)


@denials_audited
def registration_verify(
    *, registration: PkwtRegistration, actor: User, note: str = "", request=None
) -> PkwtRegistration:
    """The verifier marks a submitted registration verified; it goes to the head for signature."""
    return _office_step("verifikasi", registration, actor, note, request)


@denials_audited
def registration_return_to_verifier(
    *, registration: PkwtRegistration, actor: User, note: str, request=None
) -> PkwtRegistration:
    """The head sends a verified registration back to the verifier (an internal step: no e-mail)."""
    return _office_step("kembalikan", registration, actor, note, request)


@denials_audited
def registration_approve(*, registration: PkwtRegistration, actor: User, request=None, progress=None):
    """The head approves and signs: the decree gets its number at this moment, is rendered, signed and
    stored, and the registration becomes *SK terbit*, all in one transaction; the company is e-mailed.

    A double click or a second head waits on the row lock and then finds the registration approved: it
    gets the same decree back, never a second number."""
    from disnaker.decrees.services import decree_valid_for

    from .documents import pkwt_decree_for

    with transaction.atomic():
        locked = _lock_for_office_actor(registration, actor, Role.HEAD, request)
        if locked.status == RegistrationStatus.APPROVED:
            existing = decree_valid_for(locked)
            if existing is not None:
                return existing
        if not can_transition(REGISTRATION_TRANSITIONS, locked.status, RegistrationStatus.APPROVED):
            raise TransitionNotAllowed(locked, locked.status, RegistrationStatus.APPROVED)
        decree = pkwt_decree_for(locked, actor, request=request, progress=progress)
        status_transition(
            obj=locked,
            to_status=RegistrationStatus.APPROVED,
            transitions=REGISTRATION_TRANSITIONS,
            actor=actor,
            request=request,
            note=_("SK Pencatatan PKWT nomor %(number)s ditandatangani.") % {"number": decree.number},
        )
        outbox_enqueue(
            to=locked.company.email,
            subject=_("SK Pencatatan PKWT %(number)s telah terbit") % {"number": decree.number},
            template="pkwt_approved",
            context={"registration": locked, "decree": decree},
        )
    return decree


@denials_audited
def registration_approve_or_queue(*, registration: PkwtRegistration, actor: User, request=None):
    """Sign at once, or, for a decree longer than ``DECREE_SYNC_MAX_WORKERS``, queue the signing for the
    background task and return ``None``; the review page then shows its progress."""
    if registration.worker_count <= settings.DECREE_SYNC_MAX_WORKERS:
        return registration_approve(registration=registration, actor=actor, request=request)
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
        from .tasks import sign_registration

        transaction.on_commit(lambda: sign_registration.enqueue(locked.pk))
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


# --- Files of refused or abandoned registrations ---------------------------------------------------------

REGISTRATION_DOCUMENTS = tuple(name for name, _label in PkwtRegistration.DOCUMENTS)


def _purge_registration_files(registration_id: int, *, reason: str, statuses: set[str]) -> bool:
    """Delete the two PDFs and every worker Excel of one registration (the registration, its worker list
    and history stay). Re-checks the status under a lock: a draft submitted meanwhile is left alone."""
    with transaction.atomic():
        locked = PkwtRegistration.objects.select_for_update().get(pk=registration_id)
        if locked.status not in statuses:
            return False
        removed = bool(private_files_purge(obj=locked, fields=REGISTRATION_DOCUMENTS, reason=reason))
        for pkwt_import in locked.imports.exclude(file=""):
            removed = bool(private_files_purge(obj=pkwt_import, fields=["file"], reason=reason)) or removed
    return removed


def abandoned_files_purge(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Delete the files of refused or abandoned PKWT submissions older than ABANDONED_UPLOAD_RETENTION_DAYS;
    never those of a submitted, verified or approved registration, nor an Excel whose rows were saved
    into a live registration. Returns counts per kind:

    - ``imports``: worker Excel files an import refused (errors, unreadable), that failed, that never
      finished, or that a newer import replaced before they were saved;
    - ``drafts``: registrations never submitted, with no change (audit entry, import) in the period;
    - ``rejected``: registrations rejected by the office more than the period ago.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import OuterRef, Q, Subquery

    from disnaker.core.models import AuditLog, StatusChange

    cutoff = retention_cutoff(now)
    counts = {"imports": 0, "drafts": 0, "rejected": 0}

    refused = (
        PkwtImport.objects.exclude(file="")
        .filter(saved=False)
        .filter(
            Q(status__in=[ImportStatus.DONE, ImportStatus.FAILED], finished_at__lt=cutoff)
            | Q(status__in=[ImportStatus.PENDING, ImportStatus.RUNNING], updated_at__lt=cutoff)
        )
    )
    for pk in list(refused.values_list("pk", flat=True)):
        with transaction.atomic():
            pkwt_import = PkwtImport.objects.select_for_update().get(pk=pk)
            if not pkwt_import.saved and private_files_purge(
                obj=pkwt_import, fields=["file"], reason="refused"
            ):
                counts["imports"] += 1

    label = PkwtRegistration._meta.label_lower
    drafts = PkwtRegistration.objects.filter(
        status=RegistrationStatus.DRAFT, submitted_at__isnull=True, created_at__lt=cutoff
    ).exclude(imports__created_at__gte=cutoff)
    for pk in list(drafts.values_list("pk", flat=True).distinct()):
        # Every change to a draft (documents, an import) is audited: no entry since the cutoff = abandoned.
        if AuditLog.objects.filter(object_type=label, object_id=str(pk), created_at__gte=cutoff).exists():
            continue
        if _purge_registration_files(pk, reason="abandoned", statuses={RegistrationStatus.DRAFT}):
            counts["drafts"] += 1

    rejected_at = StatusChange.objects.filter(
        content_type=ContentType.objects.get_for_model(PkwtRegistration),
        object_id=OuterRef("pk"),
        to_status=RegistrationStatus.REJECTED,
    ).order_by("-created_at")
    rejected = PkwtRegistration.objects.filter(status=RegistrationStatus.REJECTED).annotate(
        rejected_at=Subquery(rejected_at.values("created_at")[:1])
    )
    for pk in list(rejected.filter(rejected_at__lt=cutoff).values_list("pk", flat=True)):
        if _purge_registration_files(pk, reason="rejected", statuses={RegistrationStatus.REJECTED}):
            counts["rejected"] += 1
    return counts
