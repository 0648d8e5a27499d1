from __future__ import annotations

import datetime
from collections import Counter
from types import SimpleNamespace

from django.db.models import Count, Q, QuerySet

from disnaker.accounts.constants import OFFICE_STAFF_ROLES, Role
from disnaker.core.selectors import office_scope

from .compensation import MONTHLY, UNDER_ONE_MONTH, Compensation, add_months, compensation
from .constants import HISTORY_STATUSES, OFFICE_PENDING_STATUSES, RegistrationStatus
from .lateness import CODE as LATE_CODE
from .lateness import late_warning
from .models import AgeException, PkwtContract, PkwtRegistration

#: What each office role works on first when it opens the queue.
QUEUE_DEFAULT_STATUS = {Role.VERIFIER: RegistrationStatus.SUBMITTED, Role.HEAD: RegistrationStatus.VERIFIED}


def registrations_for(*, user) -> QuerySet[PkwtRegistration]:
    """Registrations the user may see: a company its own; through the offices (``office_scope``) kab/kota
    staff their office's, a province admin its kab/kota offices', the ministry viewer every office's, all of
    them never a company's draft; the admin all."""
    # The import's findings (6 million characters for 100,000 rows) are read only by the page that shows
    # them (issue 15: every registration query carried them, 65 ms instead of 2.7 ms and 300+ MB per process).
    qs = PkwtRegistration.objects.select_related("company", "office", "current_import").defer(
        "current_import__findings"
    )
    if not user.is_authenticated:
        return qs.none()
    if user.role == Role.COMPANY and user.company_id:
        return qs.filter(company_id=user.company_id)
    if user.role == Role.ADMIN:
        return qs
    scope = office_scope(user, "office")
    if scope is None:
        return qs.none()
    return qs.filter(scope).exclude(status=RegistrationStatus.DRAFT)


def registration_queue(
    *,
    user,
    status: str = "",
    query: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[PkwtRegistration]:
    """The office's queue: filtered, oldest submission first so the overdue ones are on top."""
    qs = registrations_for(user=user).exclude(status=RegistrationStatus.DRAFT)
    if status:
        qs = qs.filter(status=status)
    if query:
        text = query.strip()
        qs = qs.filter(Q(company__name__icontains=text) | Q(number__icontains=text))
    if date_from:
        qs = qs.filter(submitted_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(submitted_at__date__lte=date_to)
    return qs.select_related("reviewer").order_by("submitted_at", "id")


def registration_count(*, user, status: str) -> int:
    """How many registrations in the user's view have ``status``."""
    return registrations_for(user=user).filter(status=status).count()


def untouched_draft(*, user) -> PkwtRegistration | None:
    """The company's draft with nothing in it yet (no import, no letters), reused by *Tambah Permohonan*."""
    return (
        registrations_for(user=user)
        .filter(
            status=RegistrationStatus.DRAFT,
            current_import__isnull=True,
            application_letter="",
            sample_contract="",
        )
        .first()
    )


def imports_of(registration: PkwtRegistration) -> QuerySet:
    return registration.imports.all()


def contracts_of(registration: PkwtRegistration, *, warning: str = "") -> QuerySet:
    """The registration's workers in file order; with ``warning``, those with that warning code (``semua``:
    any warning)."""
    contracts = registration.contracts.order_by("row")
    if warning == "semua":
        return contracts.filter(~Q(warning_codes="") | Q(late_working_days__isnull=False))
    if warning == LATE_CODE:  # judged at submission, not an import warning (``lateness``)
        return contracts.filter(late_working_days__isnull=False)
    if warning:
        return contracts.filter(warning_codes__contains=warning)
    return contracts


def review_contracts(registration: PkwtRegistration, *, warning: str = "") -> QuerySet:
    """:func:`contracts_of` for the office's review page, each row with its age exception (if any)."""
    return contracts_of(registration, warning=warning).select_related("age_exception")


def age_exception_of(contract) -> AgeException | None:
    """The verifier's exception for a worker under 18 on this row, or None."""
    return AgeException.objects.filter(contract=contract).select_related("recorded_by").first()


def warning_counts(registration: PkwtRegistration) -> list[tuple[str, int]]:
    """``(code, workers)`` of each warning code among the registration's workers, by code."""
    counts: Counter[str] = Counter()
    # One GROUP BY over the combinations of codes (a handful, even for 30,000 warnings in 100,000 rows)
    # instead of a Counter update per row.
    combinations = (
        registration.contracts.exclude(warning_codes="")
        .order_by()
        .values_list("warning_codes")
        .annotate(n=Count("id"))
    )
    for codes, workers in combinations:
        for code in codes.split(","):
            counts[code] += workers
    if registration.late_contracts:
        counts[LATE_CODE] = registration.late_contracts
    return sorted(counts.items())


def with_late_warnings(registration: PkwtRegistration, contracts) -> list:
    """The page's contracts, each with ``late_warning`` (the finding, or None) against the submission date
    and the channel the registration was judged under; ``warnings`` shown first, then that."""
    from django.utils import timezone

    rows = list(contracts)
    submitted_on = timezone.localdate(registration.submitted_at) if registration.submitted_at else None
    for contract in rows:
        contract.late_warning = (
            late_warning(
                days=contract.late_working_days,
                signed_date=contract.signed_date,
                start_date=contract.start_date,
                submitted_on=submitted_on,
                channel=registration.registration_channel,
            )
            if contract.late_working_days is not None and submitted_on is not None
            else None
        )
    return rows


def lateness_summary(registration: PkwtRegistration) -> dict | None:
    """What the review page says about the deadline, once the registration was submitted."""
    if not registration.submitted_at or not registration.registration_channel:
        return None
    from django.utils import timezone

    from .office_settings import RegistrationChannel, channel_rule

    rule = channel_rule(registration.registration_channel)
    return {
        "channel": RegistrationChannel(registration.registration_channel).label,
        "limit": rule.working_days,
        "ayat": rule.ayat,
        "submitted_on": timezone.localdate(registration.submitted_at),
        "late": registration.late_contracts,
    }


def pending_registrations(*, user, limit: int) -> list[PkwtRegistration]:
    """The first ``limit`` registrations waiting for the office, oldest submission first."""
    return list(
        registrations_for(user=user)
        .filter(status__in=OFFICE_PENDING_STATUSES)
        .order_by("submitted_at")[:limit]
    )


def decree_of(registration):
    """The registration's latest decree (valid or revoked), or None."""
    from disnaker.decrees.selectors import latest_decree_of

    return latest_decree_of(registration)


def office_dashboard(*, user, months: int = 12) -> dict:
    """Figures for the office dashboard, each a handful of aggregate queries."""
    import datetime as _dt

    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Case, Count, IntegerField, Sum, Value, When
    from django.utils import timezone

    from disnaker.core.models import StatusChange

    qs = registrations_for(user=user).exclude(status=RegistrationStatus.DRAFT)
    by_status = dict(qs.order_by().values_list("status").annotate(n=Count("id")))
    today = timezone.localdate()
    first = add_months(today.replace(day=1), -(months - 1))  # ``months`` months, this one the last (was 13)
    # The months as ranges of aware datetimes, bucketed with plain comparisons in one query: TruncMonth and
    # __date run a Python function per row on SQLite (194 ms for the dashboard, issue 15), and the ranges
    # use the index on submitted_at on both engines.
    starts = []
    month = first
    while month <= today:
        starts.append(month)
        month = (month + _dt.timedelta(days=32)).replace(day=1)
    bounds = [timezone.make_aware(_dt.datetime.combine(day, _dt.time())) for day in [*starts, month]]
    bucket = Case(
        *(
            When(submitted_at__gte=bounds[i], submitted_at__lt=bounds[i + 1], then=Value(i))
            for i in range(len(starts))
        ),
        output_field=IntegerField(),
    )
    monthly_rows = (
        qs.filter(submitted_at__gte=bounds[0], submitted_at__lt=bounds[-1])
        .annotate(bucket=bucket)
        .order_by()
        .values("bucket")
        .annotate(registrations=Count("id"), workers=Sum("worker_count"))
    )
    found = {row["bucket"]: row for row in monthly_rows}
    monthly = []
    for index, month in enumerate(starts):
        row = found.get(index, {})
        monthly.append((month, row.get("registrations", 0), row.get("workers") or 0))
    top_companies = list(
        qs.filter(status=RegistrationStatus.APPROVED)
        .order_by()
        .values("company__name")
        .annotate(registrations=Count("id"), workers=Sum("worker_count"))
        .order_by("-workers", "company__name")[:10]
    )
    since = timezone.now() - _dt.timedelta(days=30)
    workload = list(
        StatusChange.objects.filter(
            content_type=ContentType.objects.get_for_model(PkwtRegistration),
            object_id__in=qs.values("id"),
            created_at__gte=since,
            actor__role__in=OFFICE_STAFF_ROLES,
        )
        .order_by()
        .values("actor__full_name", "actor__role")
        .annotate(decisions=Count("id"))
        .order_by("-decisions")
    )
    return {
        "by_status": [(value, label, by_status.get(value, 0)) for value, label in RegistrationStatus.choices
                      if value != RegistrationStatus.DRAFT],
        "monthly": monthly,
        "top_companies": top_companies,
        "workload": workload,
    }  # fmt: skip


def umk_missing_notice(*, user, today: datetime.date | None = None) -> dict | None:
    """The banner for the office's admin and verifiers while a UMK the rules need is not in the table:
    from 1 November, next year's (contracts running into it cannot be checked against it); any time, the
    current year's. ``None`` for everyone else, or when the table is complete."""
    from django.conf import settings
    from django.urls import reverse
    from django.utils import timezone

    from disnaker.core.models import Office

    from .models import MinimumWage

    if not user.is_authenticated or user.role not in (Role.ADMIN, Role.VERIFIER):
        return None
    office = user.office
    if office is None and user.role == Role.ADMIN:  # the deployment's own office
        office = Office.objects.filter(code=settings.DEFAULT_OFFICE_CODE).select_related("region").first()
    if office is None or office.region_id is None:
        return None
    today = today or timezone.localdate()
    years = [today.year, today.year + 1] if today.month >= 11 else [today.year]
    present = set(
        MinimumWage.objects.filter(region_id=office.region_id, year__in=years).values_list("year", flat=True)
    )
    missing = [year for year in years if year not in present]
    if not missing:
        return None
    may_edit = user.is_staff and user.has_perm("pkwt.add_minimumwage")
    return {
        "year": missing[0],
        "region": office.region.name,
        "admin_url": reverse("admin:pkwt_minimumwage_add") if may_edit else "",
    }


# --- Uang kompensasi (PP 35/2021 Pasal 15–17; the amount is pkwt/compensation.py's) ----------------------

#: The contract fields the compensation reads besides start, end and wage (issue 12's columns; the passport
#: also stands in for a TKA's NIK, masked).
COMPENSATION_FIELDS = (
    "wage_unit",
    "days_per_week",
    "days_per_month",
    "nationality",
    "kind",
    "passport_number",
)


def contract_compensation(contract, *, continuous_since: datetime.date | None = None) -> Compensation:
    """The compensation of one contract (a model instance or a row with the same attributes);
    ``continuous_since`` as :func:`compensation.compensation` (see :func:`apply_continuous_service`)."""
    return compensation(
        start=contract.start_date,
        end=contract.end_date,
        wage=contract.wage,
        wage_unit=contract.wage_unit or MONTHLY,
        days_per_week=contract.days_per_week,
        days_per_month=contract.days_per_month,
        nationality=contract.nationality,
        passport_number=contract.passport_number,
        kind=contract.kind,
        continuous_since=continuous_since,
    )


def with_compensation(contracts) -> list:
    """The contracts (e.g. a page of them), each with ``.compensation`` set."""
    rows = list(contracts)
    for contract in rows:
        contract.compensation = contract_compensation(contract)
    apply_continuous_service(rows)
    return rows


#: How many earlier terms back a chain of continuous service is followed (a guard, not a legal limit).
_CHAIN_MAX = 50


def apply_continuous_service(rows: list, *, company_id: int | None = None) -> None:
    """Redo the compensation of each short term (under a month) that directly continues the same worker's
    earlier registered PKWT at the same company: PP 35/2021 Pasal 15(3) counts "masa kerja paling sedikit 1
    (satu) bulan secara terus menerus", so a 3-week extension right after a 6-month term still earns its share.

    "Directly" means the earlier term's last day is the day before this term's start (an extension or a
    renewal without a gap); a chain is followed back term by term. The rows need ``registration_id``,
    ``nik``, ``passport_number``, ``start_date`` and ``compensation``; ``company_id`` when all share one.
    Only the short terms are looked up, with one query for all of them."""
    short = [r for r in rows if r.compensation.reason == UNDER_ONE_MONTH]
    if not short:
        return
    companies: dict[int, int] = {}
    if company_id is None:
        companies = dict(
            PkwtRegistration.objects.filter(pk__in={r.registration_id for r in short}).values_list(
                "pk", "company_id"
            )
        )
    niks = {r.nik for r in short if r.nik}
    passports = {r.passport_number for r in short if not r.nik and r.passport_number}
    earlier = registered_contracts_of_company_ids(
        [company_id] if company_id is not None else set(companies.values())
    ).filter(Q(nik__in=niks) | Q(nik="", passport_number__in=passports))
    # (company, worker, last day) -> the earliest start of a term ending that day
    ends: dict[tuple, datetime.date] = {}
    for company, nik, passport, start, end in earlier.values_list(
        "registration__company_id", "nik", "passport_number", "start_date", "end_date"
    ):
        key = (company, nik or passport, end)
        if key not in ends or start < ends[key]:
            ends[key] = start
    one_day = datetime.timedelta(days=1)
    for row in short:
        company = company_id if company_id is not None else companies[row.registration_id]
        worker = row.nik or row.passport_number
        since = row.start_date
        for _step in range(_CHAIN_MAX):
            before = ends.get((company, worker, since - one_day))
            if before is None:
                break
            since = before
        if since < row.start_date:
            row.compensation = contract_compensation(row, continuous_since=since)


def registered_contracts_of_company(company_id: int) -> QuerySet[PkwtContract]:
    """The company's contracts that are registered or on their way (``HISTORY_STATUSES``)."""
    return PkwtContract.objects.filter(
        registration__company_id=company_id, registration__status__in=HISTORY_STATUSES
    )


def registered_contracts_of_company_ids(company_ids) -> QuerySet[PkwtContract]:
    """:func:`registered_contracts_of_company` for several companies."""
    return PkwtContract.objects.filter(
        registration__company_id__in=company_ids, registration__status__in=HISTORY_STATUSES
    )


def compensation_due(
    *, company_id: int, date_from: datetime.date, date_to: datetime.date
) -> list[SimpleNamespace]:
    """The company's registered contracts ending between ``date_from`` and ``date_to`` (both included), by
    end date: plain rows (the columns below, ``registration_number`` and ``compensation``), read with one
    query of tuples rather than model instances, since a large company has tens of thousands."""
    fields = (
        "id",
        "registration_id",
        "row",
        "nik",
        "name",
        "position",
        "start_date",
        "end_date",
        "wage",
        "sequence",
        *COMPENSATION_FIELDS,
    )
    qs = (
        registered_contracts_of_company(company_id)
        .filter(end_date__gte=date_from, end_date__lte=date_to)
        .order_by("end_date", "registration_id", "row")
        .values_list(*fields, "registration__number")
    )  # fmt: skip
    rows = []
    for values in qs.iterator(chunk_size=5000):
        row = SimpleNamespace(**dict(zip(fields, values, strict=False)), registration_number=values[-1])
        row.compensation = contract_compensation(row)
        row.identity = row.nik or row.passport_number  # a TKA has no NIK: the passport
        rows.append(row)
    apply_continuous_service(rows, company_id=company_id)
    return rows


def compensation_forecast(*, company_id: int, today: datetime.date, months: int = 12) -> dict:
    """What the company must pay per month in the ``months`` calendar months from ``today``'s (contracts
    ending today or later): ``{"months": [(first day, contracts, due amount)], "total", "contracts", "rows"}``,
    ``rows`` being the contracts themselves (for the export)."""
    last = add_months(today.replace(day=1), months) - datetime.timedelta(days=1)
    rows = compensation_due(company_id=company_id, date_from=today, date_to=last)
    per_month: dict[datetime.date, list[int]] = {}
    for contract in rows:
        slot = per_month.setdefault(contract.end_date.replace(day=1), [0, 0])
        slot[0] += 1
        slot[1] += contract.compensation.amount
    table = []
    month = today.replace(day=1)
    for _i in range(months):
        count, amount = per_month.get(month, (0, 0))
        table.append((month, count, amount))
        month = add_months(month, 1)
    return {
        "months": table,
        "total": sum(amount for _m, _c, amount in table),
        "contracts": len(rows),
        "rows": rows,
        "until": last,
    }
