"""The validator as a function, shared by the page, the command and the API: the rule context, the
company's history, and one workbook validated into a report."""

from __future__ import annotations

import contextlib
import gc
import re
from collections.abc import Callable

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from disnaker.accounts.models import Company

from ..constants import (
    HISTORY_STATUSES,
)
from ..excel import FileError, no_data_rows_error, read_sheet_stream
from ..models import MinimumWage, PkwtContract
from ..rules import (
    ERROR,
    ContractRow,
    HistoryContract,
    RowValidator,
    RuleContext,
    person_key,
    validation_report,
)

_HISTORY_NIK_CHUNK = 500
_NIK_SEPARATORS = re.compile(r"[\s.\-]")


# --- The validator as a function: shared by the page, the command and the API ------------------------


def rule_context(
    *,
    company: Company | None,
    exclude_registration_id: int | None = None,
    niks=None,
    passports=None,
    history: bool = True,
) -> RuleContext:
    """Everything the rules need, loaded with a handful of queries (never one per row). ``history=False``
    leaves the company's history for the caller to load (``company_history``) once the file's workers are
    known: only :meth:`RowValidator.finish` reads it."""
    today = timezone.localdate()
    context = RuleContext(
        today=today,
        max_total_years=settings.PKWT_MAX_TOTAL_YEARS,
        min_age=settings.PKWT_MIN_WORKER_AGE,
        max_plausible_age=settings.PKWT_MAX_PLAUSIBLE_AGE,
        bpjs_health_digits=settings.BPJS_HEALTH_DIGITS,
        bpjs_employment_digits=settings.BPJS_EMPLOYMENT_DIGITS,
    )
    if company is None:
        return context
    context.exempt_from_umk = company.is_micro_small
    region = company.office.region if company.office_id else None
    if region is not None:
        context.region_name = region.name
        context.minimum_wages = dict(MinimumWage.objects.filter(region=region).values_list("year", "amount"))
    if history:
        context.history = company_history(
            company=company, exclude_registration_id=exclude_registration_id, niks=niks, passports=passports
        )
    return context


def company_history(
    *, company: Company, exclude_registration_id=None, niks=None, passports=None
) -> list[HistoryContract]:
    """The company's contracts already registered, in one query with no ORDER BY (issue 15: the model's
    default ordering and one query per 500 NIKs made PostgreSQL rescan a 140,000-contract history ten times
    for a 5,000-row file). A file of at most 500 workers asks for its NIKs and passports; a larger one reads
    the company's whole history once and keeps its workers'.

    ``niks``/``passports`` narrow it to the workers of a file (``None``: all of them). A foreign worker's
    contract (blank NIK) is found by its passport number and carries ``person_key`` "TKA:<NATIONALITY>:<PASSPORT>"."""
    base = (
        PkwtContract.objects.filter(registration__company=company, registration__status__in=HISTORY_STATUSES)
        .exclude(registration_id=exclude_registration_id)
        .order_by()
    )
    fields = (
        "nik", "start_date", "end_date", "sequence", "registration__number", "nationality", "passport_number", "kind",
    )  # fmt: skip

    def build(row) -> HistoryContract:
        nik, start, end, sequence, number, nationality, passport, kind = row
        return HistoryContract(
            nik, start, end, sequence, number, person_key(nik, nationality, passport), kind
        )

    if niks is None or len(niks) + len(passports or ()) > _HISTORY_NIK_CHUNK:
        rows = base.values_list(*fields).iterator(chunk_size=20_000)
        if niks is None:
            return [build(row) for row in rows]
        wanted_passports = set(passports or ())
        return [build(row) for row in rows if (row[6] in wanted_passports if row[6] else row[0] in niks)]
    wanted = Q(nik__in=[nik for nik in niks if nik])
    numbers = [passport for passport in passports or () if passport]
    if numbers:
        wanted |= Q(passport_number__in=numbers)
    return [build(row) for row in base.filter(wanted).values_list(*fields)]


def _nik_candidates(rows, position: int | None, niks: set[str]) -> None:
    """Add the NIKs of ``rows`` (the column at ``position``) to ``niks``, normalised as the rules normalise a
    NIK, so '3216-0155-0895-0003' finds its history too."""
    if position is None:
        return
    for values in rows:
        if position < len(values):
            value = values[position]
            if isinstance(value, str):
                niks.add(_NIK_SEPARATORS.sub("", value))


def _passport_candidates(rows, position: int | None, passports: set[str]) -> None:
    """Add the passport numbers of ``rows``, normalised as the rules normalise them (foreign workers' history)."""
    if position is None:
        return
    for values in rows:
        if position < len(values):
            value = values[position]
            if value not in ("", None):
                passports.add("".join(ch for ch in str(value).upper() if ch not in " -./"))


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
    # The rows are checked a chunk at a time as the parse process sends them (``read_sheet_stream``), while it
    # encodes the next chunk; the history is read after the last, when the file's workers are known.
    try:
        sheet = read_sheet_stream(data)
    except FileError as exc:
        return ValidationOutcome(file_errors=[exc.as_dict()])
    if progress:
        progress(30, _("Memeriksa data pekerja"))
    context = rule_context(company=company, exclude_registration_id=exclude_registration_id, history=False)
    validator = RowValidator(context, sheet.columns)
    first_row = sheet.header_row + 1
    total = sheet.row_count
    check_row = validator.check_row
    niks: set[str] = set()
    passports: set[str] = set()
    nik_at, passport_at = sheet.columns.get("nik"), sheet.columns.get("no_paspor")
    offset = 0
    try:
        for chunk in sheet.chunks():
            if company is not None:
                _nik_candidates(chunk, nik_at, niks)
                _passport_candidates(chunk, passport_at, passports)
            for index, values in enumerate(chunk, start=offset):
                check_row(first_row + index, values)
            offset += len(chunk)
            if progress and total > 10_000:
                progress(30 + int(40 * min(offset, total) / total), _("Memeriksa data pekerja"))
    except FileError as exc:
        return ValidationOutcome(file_errors=[exc.as_dict()])
    if company is not None:
        niks.discard("")
        passports.discard("")
        context.history = company_history(
            company=company, exclude_registration_id=exclude_registration_id, niks=niks, passports=passports
        )
    validator.finish()
    if not validator.rows:
        return ValidationOutcome(file_errors=[no_data_rows_error(sheet).as_dict()])
    findings = sorted(validator.findings, key=lambda f: (f.row, f.severity != ERROR, f.column))
    return ValidationOutcome(
        rows=validator.rows,
        contracts=validator.contracts,
        findings=[f.as_dict() for f in findings],
    )
