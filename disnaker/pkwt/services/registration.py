"""A company's registration: draft, documents, submission (checked again against the history), the
office's review steps (``REGISTRATION_FLOW``), and the files of refused or abandoned registrations."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from disnaker.accounts.models import Company, User
from disnaker.core.audit import audit_record, denials_audited
from disnaker.core.constants import AuditAction
from disnaker.core.flows import run_step
from disnaker.core.formats import format_number
from disnaker.core.uploads import private_files_purge, retention_cutoff
from disnaker.core.workdays import WorkCalendar
from disnaker.core.workflow import (
    status_history_start,
)

from ..constants import (
    REGISTRATION_FLOW,
    ImportStatus,
    RegistrationStatus,
)
from ..lateness import working_days_since
from ..models import PkwtContract, PkwtImport, PkwtOfficeSettings, PkwtRegistration
from ..office_settings import channel_rule
from ..rules import ERROR, ContractRow, RowValidator, RuleContext
from ._common import _locked_editable, _require_company_actor, _transition_and_tell_company
from .importing import import_is_stale
from .validation import company_history


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
            _("Daftar pekerja masih memiliki %(n)d kesalahan. Perbaiki file Excel lalu impor lagi.")
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
        "sequence", "wage", "kind", "nationality", "passport_number",
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
            kind=r[11],
            nationality=r[12],
            passport_number=r[13],
        )  # fmt: skip
        for r in PkwtContract.objects.filter(registration=registration).values_list(*fields)
    ]
    history = company_history(
        company=registration.company,
        exclude_registration_id=registration.pk,
        niks={r.nik for r in rows if r.nik},
        passports={r.passport_number for r in rows if r.passport_number},
    )
    context = RuleContext(
        today=timezone.localdate(), history=history, max_total_years=settings.PKWT_MAX_TOTAL_YEARS
    )
    validator = RowValidator(context, {})
    validator.contracts = rows
    validator.finish()
    return [f.as_dict() for f in validator.findings if f.severity == ERROR]


def _judge_lateness(registration: PkwtRegistration, submitted_on: datetime.date) -> list[str]:
    """Mark the contracts registered after the office channel's deadline (``lateness``): working days from
    each contract's signing date, else its start date, to the submission date. A warning only (see
    ``lateness``'s docstring: the legal effect of a late registration is disputed). Returns the fields of the
    registration it set. One UPDATE per distinct count of days, whatever the number of contracts."""
    channel = PkwtOfficeSettings.objects.for_office(registration.office).registration_channel
    limit = channel_rule(channel).working_days
    contracts = PkwtContract.objects.filter(registration=registration)
    contracts.exclude(late_working_days=None).update(late_working_days=None)  # an earlier submission's
    pairs = set(contracts.values_list("signed_date", "start_date").distinct())
    counts = working_days_since(
        {signed or start for signed, start in pairs}, submitted_on, WorkCalendar().working_days_after
    )
    by_days: dict[int, tuple[set, set]] = defaultdict(lambda: (set(), set()))
    for signed, start in pairs:
        days = counts[signed or start]
        if days > limit:
            (by_days[days][0].add(signed) if signed else by_days[days][1].add(start))
    late = 0
    for days, (signed_dates, start_dates) in by_days.items():
        for chunk in _chunks(sorted(signed_dates)):
            late += contracts.filter(signed_date__in=chunk).update(late_working_days=days)
        for chunk in _chunks(sorted(start_dates)):
            late += contracts.filter(signed_date=None, start_date__in=chunk).update(late_working_days=days)
    registration.registration_channel = channel
    registration.late_contracts = late
    return ["registration_channel", "late_contracts"]


def _chunks(values: list, size: int = 500):
    for index in range(0, len(values), size):
        yield values[index : index + size]


@denials_audited
def registration_submit(*, registration: PkwtRegistration, actor: User, request=None) -> PkwtRegistration:
    """*Ajukan Permohonan*: only with both documents and a clean worker list."""
    with transaction.atomic():
        locked = (
            # Lock only the registration: PostgreSQL refuses FOR UPDATE on the nullable side of the join.
            PkwtRegistration.objects.select_for_update(of=("self",))
            .select_related("current_import")
            .defer("current_import__findings")  # the counts decide; the report is not read here
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
        lateness_fields = _judge_lateness(locked, timezone.localdate(locked.submitted_at))
        _transition_and_tell_company(
            locked,
            to_status=RegistrationStatus.SUBMITTED,
            actor=actor,
            request=request,
            note=(
                _("Perbaikan diajukan kembali dengan %(n)s pekerja.")
                if resubmission
                else _("Permohonan diajukan dengan %(n)s pekerja.")
            )
            % {"n": format_number(locked.worker_count)},
            update_fields=["submitted_at", *lateness_fields],
            subject=_("Permohonan pencatatan PKWT %(number)s diterima") % {"number": locked.number},
            template="pkwt_submitted",
            context={"resubmission": resubmission},
        )
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
