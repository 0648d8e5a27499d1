"""Uang kompensasi on the pages (PP 35/2021 Pasal 15–17; the amounts are ``pkwt/compensation.py``'s): the
company's *Uang Kompensasi* page (what falls due per month in the next 12 months, a chart, the contracts) and
the Excel exports, for the company and for the office's staff (a registration's workers with their figure).
NIKs are masked in every export (first 6 and last 4 digits)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from disnaker.core.audit import audit_record
from disnaker.core.constants import AuditAction
from disnaker.core.exports import xlsx_response
from disnaker.core.nik import nik_mask

from .. import selectors
from ._common import _registration
from .company import _require_company
from .office import _require_staff

#: The forecast's reach: this calendar month and the 11 after it.
FORECAST_MONTHS = 12

CONTRACT_HEADERS = [
    "No. Permohonan", "Baris", "NIK/Paspor", "Nama", "Jabatan", "Awal Kontrak", "Akhir Kontrak", "PKWT ke",
    "Upah", "Satuan Upah", "Upah Sebulan (dasar kompensasi)", "Masa Kerja (bulan)", "Uang Kompensasi (Rp)",
    "Keterangan",
]  # fmt: skip


def _contract_row(contract, number: str) -> tuple:
    c = contract.compensation
    identity = contract.nik or getattr(contract, "passport_number", "")
    note = c.reason_text or ("Perkiraan" if c.estimated else "")
    return (
        number, contract.row, nik_mask(identity) if identity else "", contract.name, contract.position,
        contract.start_date, contract.end_date, contract.sequence, contract.wage,
        getattr(contract, "wage_unit", "") or "bulanan", c.monthly_wage, float(c.months), c.amount, note,
    )  # fmt: skip


def _export(request: HttpRequest, *, name: str, headers, rows, obj=None) -> HttpResponse:
    audit_record(
        action=AuditAction.EXPORTED, actor=request.user, obj=obj, request=request, data={"list": name}
    )
    return xlsx_response(
        filename=f"pkwt-{name}-{timezone.localdate():%Y%m%d}.xlsx", title=name, headers=headers, rows=rows
    )


@login_required
def compensation_overview(request: HttpRequest) -> HttpResponse:
    """*Uang Kompensasi*: per month of the next 12, the contracts that end and the compensation due at their
    end (Pasal 15(2)), with a chart and the contracts; both export to Excel."""
    _require_company(request)
    today = timezone.localdate()
    forecast = selectors.compensation_forecast(
        company_id=request.user.company_id, today=today, months=FORECAST_MONTHS
    )
    export = request.GET.get("ekspor")
    if export == "bulanan":
        return _export(
            request, name="kompensasi-bulanan", headers=["Bulan", "PKWT berakhir", "Uang Kompensasi (Rp)"],
            rows=[(month, n, amount) for month, n, amount in forecast["months"]],
        )  # fmt: skip
    if export == "pekerja":
        return _export(
            request, name="kompensasi-pekerja", headers=CONTRACT_HEADERS,
            rows=(_contract_row(c, c.registration_number) for c in forecast["rows"]),
        )  # fmt: skip
    if export:
        raise Http404
    peak = max((amount for _m, _n, amount in forecast["months"]), default=0) or 1
    chart = [
        {"month": m, "contracts": n, "amount": a, "height": h, "y": 170 - h, "label_y": 164 - h, "x": 10 + i * 46}
        for i, (m, n, a) in enumerate(forecast["months"])
        for h in (round(140 * a / peak),)
    ]  # fmt: skip
    return render(
        request,
        "pkwt/compensation.html",
        {**forecast, "chart": chart, "chart_width": 10 + 46 * len(chart), "rows": forecast["rows"][:500],
         "rows_hidden": max(len(forecast["rows"]) - 500, 0), "today": today},
    )  # fmt: skip


@login_required
def office_contracts_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The registration's workers with their uang kompensasi, for the office's staff (NIK masked)."""
    _require_staff(request)
    registration = _registration(request, pk)
    contracts = selectors.with_compensation(selectors.contracts_of(registration))
    return _export(
        request, name=f"{registration.number}-pekerja", headers=CONTRACT_HEADERS, obj=registration,
        rows=(_contract_row(c, registration.number) for c in contracts),
    )  # fmt: skip
